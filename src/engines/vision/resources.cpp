#include "engines/vision/resources.hpp"

#include <tesseract/baseapi.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace l402d::engines::vision {

namespace {

// The cascades under ResourceOptions::opencv_data_dir, in Detectors' order.
constexpr const char* kFaceCascade = "/haarcascades/haarcascade_frontalface_alt2.xml";
constexpr const char* kFaceConfirmCascade = "/lbpcascades/lbpcascade_frontalface_improved.xml";
constexpr const char* kEyeCascade = "/haarcascades/haarcascade_eye.xml";
constexpr const char* kSmileCascade = "/haarcascades/haarcascade_smile.xml";

void load(cv::CascadeClassifier& c, const std::string& path) {
  if (!c.load(path)) throw std::runtime_error("vision: cannot load cascade " + path);
}

// Too late for this process (libgomp reads its environment when it is loaded,
// see openmp.hpp) but it keeps child processes single-threaded.
void limit_openmp_once() {
  static std::once_flag once;
  std::call_once(once, [] { ::setenv("OMP_THREAD_LIMIT", "1", 0); });
}

}  // namespace

Ocr::Ocr(const ResourceOptions& options) : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  limit_openmp_once();
  const char* datapath = options.tessdata_dir.empty() ? nullptr : options.tessdata_dir.c_str();
  if (api_->Init(datapath, options.ocr_language.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    throw std::runtime_error("vision: cannot initialise Tesseract with language '" +
                             options.ocr_language + "' (is tesseract-ocr-" + options.ocr_language +
                             " installed?)");
  // Tesseract's own debug output would otherwise go to stderr on every page.
  api_->SetVariable("debug_file", "/dev/null");
}

Ocr::~Ocr() {
  if (api_) api_->End();
}

std::unique_ptr<Detectors> Resources::make_detectors() const {
  auto d = std::make_unique<Detectors>();
  const std::string& dir = options_.opencv_data_dir;
  load(d->face, dir + kFaceCascade);
  load(d->face_confirm, dir + kFaceConfirmCascade);
  load(d->eyes, dir + kEyeCascade);
  load(d->smile, dir + kSmileCascade);
  d->people.setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
  // Without model files WeChatQRCode falls back to its classical detector,
  // which reads printed and screen-captured codes well.
  d->qr = std::make_unique<cv::wechat_qrcode::WeChatQRCode>();
  return d;
}

std::vector<std::string> missing_files(const ResourceOptions& options) {
  std::vector<std::string> missing;
  for (const char* cascade : {kFaceCascade, kFaceConfirmCascade, kEyeCascade, kSmileCascade}) {
    const std::string path = options.opencv_data_dir + cascade;
    if (!std::filesystem::exists(path))
      missing.push_back("vision engine will not load: cascade " + path + " is missing");
  }
  const std::string dir = options.model_dir;
  if (!std::filesystem::exists(dir + "/" + kObjectModelFile))
    missing.push_back("object detection unavailable: " + dir + "/" + kObjectModelFile +
                      " is missing");
  if (!std::filesystem::exists(dir + "/" + kTextDetectorFile))
    missing.push_back("scene text unavailable: " + dir + "/" + kTextDetectorFile + " is missing");
  return missing;
}

Resources::Resources(ResourceOptions options)
    : options_(std::move(options)),
      detectors_([this] { return make_detectors(); }, options_.max_instances),
      ocr_([this] { return std::make_unique<Ocr>(options_); }, options_.max_instances) {
  limit_openmp_once();
  { auto warm = detectors_.acquire(); }
  { auto warm = ocr_.acquire(); }
  load_models();
}

void Resources::load_models() {
  const std::string dir = options_.model_dir;
  try {
    objects_ =
        std::make_unique<ObjectDetector>(dir + "/" + kObjectModelFile, options_.dnn_instances);
  } catch (const std::exception& e) {
    model_problems_.push_back(std::string("object detection unavailable: ") + e.what());
  }
  try {
    text_boxes_ = std::make_unique<TextDetector>(
        dir + "/" + kTextDetectorFile, options_.text_detector_size, options_.dnn_instances);
  } catch (const std::exception& e) {
    model_problems_.push_back(std::string("scene text unavailable: ") + e.what());
  }
}

}  // namespace l402d::engines::vision
