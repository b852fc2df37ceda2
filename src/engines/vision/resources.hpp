#pragma once

// Models the analysers need, loaded once per process and shared by all
// requests.
//
// Thread-safety: cv::CascadeClassifier::detectMultiScale, WeChatQRCode and
// tesseract::TessBaseAPI keep mutable scratch state in the object (OpenCV does
// not promise detectMultiScale is re-entrant; Tesseract says outright that one
// TessBaseAPI serves one thread). Each is therefore leased from a Pool: a
// request holds its own Detectors and its own Ocr for the duration of one
// analysis and gives them back. The pools grow lazily up to `max_instances`
// and then block, which also caps memory (one Tesseract instance with the eng
// LSTM model is about 20 MB).

#include <cstddef>
#include <memory>
#include <opencv2/objdetect.hpp>
#include <opencv2/wechat_qrcode.hpp>
#include <string>

#include "engines/vision/pool.hpp"

namespace tesseract {
class TessBaseAPI;
}

namespace l402d::engines::vision {

struct ResourceOptions {
  std::string opencv_data_dir = "/usr/share/opencv4";  // Debian's opencv-data
  std::string tessdata_dir;                            // empty: Tesseract's default
  std::string ocr_language = "eng";
  std::size_t max_instances = 4;  // concurrent analyses served without waiting
};

struct Detectors {
  cv::CascadeClassifier face;          // Haar frontalface_alt2: proposes faces
  cv::CascadeClassifier face_confirm;  // LBP frontalface_improved: second opinion
  cv::CascadeClassifier eyes;
  cv::CascadeClassifier smile;
  cv::HOGDescriptor people;  // OpenCV's built-in Dalal-Triggs pedestrian SVM
  std::unique_ptr<cv::wechat_qrcode::WeChatQRCode> qr;
  cv::QRCodeDetector qr_finder;  // finds codes cheaply; cannot decode (no QUIRC in Debian)
};

struct Ocr {
  explicit Ocr(const ResourceOptions& options);
  ~Ocr();
  Ocr(const Ocr&) = delete;
  Ocr& operator=(const Ocr&) = delete;
  tesseract::TessBaseAPI& api() { return *api_; }

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

class Resources {
 public:
  // Loads one instance of everything eagerly so a missing package fails at
  // start-up (std::runtime_error naming the file), not on the first paid request.
  explicit Resources(ResourceOptions options);

  Pool<Detectors>::Lease detectors() { return detectors_.acquire(); }
  Pool<Ocr>::Lease ocr() { return ocr_.acquire(); }

  std::size_t detector_instances() const { return detectors_.created(); }
  std::size_t ocr_instances() const { return ocr_.created(); }

 private:
  std::unique_ptr<Detectors> make_detectors() const;

  ResourceOptions options_;
  Pool<Detectors> detectors_;
  Pool<Ocr> ocr_;
};

}  // namespace l402d::engines::vision
