#pragma once

// Turns the buyer's question and the observed cues into plain English.
//
// Honesty rules: the answer only states what an analyser measured; it never
// names an object, animal, place or person it cannot detect; when the question
// is beyond the builtin analysers it says so, says what it can tell, and that a
// vision model can be configured for more.

#include <string>
#include <string_view>
#include <vector>

#include "engines/vision/cues.hpp"

namespace l402d::engines::vision {

enum class Topic { describe, objects, text, people, colors, focus, lighting, qr, size };

struct Intent {
  std::vector<Topic> topics;  // in a fixed order, no duplicates; never empty
  bool beyond = false;        // asks for something no analyser can see (breed, brand, who...)
  bool who = false;           // asks for a person's identity
  std::vector<int> classes;   // COCO classes the question names ("Is there a dog?")
  bool yes_no = false;        // "Is there...", "Are there...", "Do you see..."
};

// Keyword classification of the prompt (case-insensitive, English). An empty
// prompt means "What's in this image?".
Intent classify_prompt(std::string_view prompt);

// The analysers an intent needs.
Needs needs_for(const Intent& intent);

std::string compose_answer(const Intent& intent, const Cues& cues);
// The same answer sentence by sentence (none empty), for a streamed reply.
std::vector<std::string> compose_sentences(const Intent& intent, const Cues& cues);
// Sentences as compose_answer joins them: one space apart.
std::string join_sentences(const std::vector<std::string>& sentences);

}  // namespace l402d::engines::vision
