#pragma once

// QR codes through OpenCV's WeChat decoder. Debian builds OpenCV without
// QUIRC, so cv::QRCodeDetector can find but not read codes; WeChatQRCode
// without its CNN model files still decodes with its classical detector.

#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "engines/vision/resources.hpp"

namespace l402d::engines::vision {

// Decoded payloads, in the decoder's order, duplicates removed.
// `gray` is the 8-bit luminance at analysis scale.
std::vector<std::string> read_qr_codes(const cv::Mat& gray, Detectors& detectors);

}  // namespace l402d::engines::vision
