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
#include <vector>

#include "engines/vision/object_detector.hpp"
#include "engines/vision/pool.hpp"
#include "engines/vision/text_detector.hpp"

namespace tesseract {
class TessBaseAPI;
}

namespace l402d::engines::vision {

struct ResourceOptions {
  std::string opencv_data_dir = "/usr/share/opencv4";  // Debian's opencv-data
  std::string tessdata_dir;                            // empty: Tesseract's default
  std::string ocr_language = "eng";
  std::size_t max_instances = 4;  // concurrent analyses served without waiting
  // The converted networks (src/engines/vision/models/fetch-models writes
  // them at set-up). Missing files are not an error: the engine starts
  // without objects or scene text and says so in its answers.
  std::string model_dir = L402D_VISION_MODEL_DIR;
  // Nets per model. One, shared by all requests: a forward pass takes 80 ms
  // (objects) or ~150 ms (text boxes) of one core, and each extra Net costs
  // its activations (~90 MB for the text detector at 640 x 640), which four
  // concurrent requests cannot afford within 400 MB.
  std::size_t dnn_instances = 1;
  int text_detector_size = 640;  // the size fetch-models fixed the detector to
};

// File names inside ResourceOptions::model_dir.
inline constexpr const char* kObjectModelFile = "nanodet-m-416.onnx";
inline constexpr const char* kTextDetectorFile = "ppocr-v4-det-640.onnx";

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

// What Resources would miss, by file existence alone (no load): for a warning
// at start-up while the models themselves load on the first job. Each entry
// names the file and what goes without it.
std::vector<std::string> missing_files(const ResourceOptions& options);

class Resources {
 public:
  // Loads one instance of everything eagerly so a missing package fails at
  // start-up (std::runtime_error naming the file), not on the first paid request.
  explicit Resources(ResourceOptions options);

  Pool<Detectors>::Lease detectors() { return detectors_.acquire(); }
  Pool<Ocr>::Lease ocr() { return ocr_.acquire(); }

  // Null when the model files were missing or did not load; the reason is in
  // model_problems().
  ObjectDetector* objects() { return objects_.get(); }
  TextDetector* text_boxes() { return text_boxes_.get(); }
  const std::vector<std::string>& model_problems() const { return model_problems_; }

  std::size_t detector_instances() const { return detectors_.created(); }
  std::size_t ocr_instances() const { return ocr_.created(); }

 private:
  std::unique_ptr<Detectors> make_detectors() const;
  void load_models();

  ResourceOptions options_;
  Pool<Detectors> detectors_;
  Pool<Ocr> ocr_;
  std::unique_ptr<ObjectDetector> objects_;
  std::unique_ptr<TextDetector> text_boxes_;
  std::vector<std::string> model_problems_;
};

}  // namespace l402d::engines::vision
