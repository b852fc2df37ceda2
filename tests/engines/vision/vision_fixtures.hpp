#pragma once

// Shared helpers for the vision tests: fixture files, encoders, synthetic
// images, and one process-wide Analyzer (loading the models costs ~0.2 s).

#include <opencv2/core/mat.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "engines/vision/analyzer.hpp"
#include "engines/vision/image_input.hpp"
#include "util/bytes.hpp"

namespace l402d::engines::vision::testing {

std::string fixture_path(const std::string& name);  // tests/data/vision/<name>
Bytes read_fixture(const std::string& name);
cv::Mat load_fixture(const std::string& name);  // BGR

Bytes encode(const cv::Mat& bgr, const std::string& ext, std::vector<int> params = {});
DecodedImage as_decoded(const cv::Mat& bgr, ImageFormat format = ImageFormat::png);
DecodedImage decode_fixture(const std::string& name);

// Black text on white, one entry per line, with a TrueType font when
// DejaVu Sans is installed (Hershey otherwise).
cv::Mat render_text(const std::vector<std::string>& lines, int width, int font_px = 40);
// A blue background with a red disc and a yellow square: no faces, no text.
cv::Mat render_shapes(int width = 640, int height = 480);
// A QR code (OpenCV's encoder) with a white quiet zone, `module_px` per module.
cv::Mat render_qr(const std::string& payload, int module_px = 8);

Analyzer& shared_analyzer();
// An analyser whose model folder does not exist: what a server that never ran
// set-up has.
Analyzer& analyzer_without_models();

}  // namespace l402d::engines::vision::testing
