#pragma once

// Printed text with Tesseract (English LSTM model). Words below a confidence
// threshold are dropped: on photographs without text Tesseract still returns
// junk "words" at confidence 20-30, and reading noise out loud to a buyer
// would be dishonest.

#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "engines/vision/resources.hpp"

namespace l402d::engines::vision {

struct Word {
  std::string text;
  float confidence = 0.0f;  // 0-100
};

struct TextReading {
  std::string text;  // kept words, lines separated by '\n'
  std::vector<Word> words;
  float mean_confidence = 0.0f;
  bool found() const { return !words.empty(); }
};

struct TextOptions {
  float min_word_confidence = 60.0f;
  int min_characters = 3;  // fewer alphanumerics in total counts as no text
  // With the text detector: this many boxes or more is a document, read
  // whole-page; fewer are signs and labels, read box by box.
  int document_boxes = 24;
};

TextReading read_text(const cv::Mat& gray, Ocr& ocr, const TextOptions& options = {});

}  // namespace l402d::engines::vision
