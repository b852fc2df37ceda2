#include "intelligibility/word_recall.hpp"

#include <pocketsphinx.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "engines/music/audio/resample.hpp"

namespace l402d::engines::music::intelligibility {

namespace {

constexpr const char* kModelDir = "/usr/share/pocketsphinx/model/en-us";
constexpr int kRecogniserRate = 16000;

// cmudict pronunciations of the wanted words (variants "word(2)" included).
std::string dictionary_for(const std::set<std::string>& words, std::set<std::string>& found) {
  std::ifstream in(std::string(kModelDir) + "/cmudict-en-us.dict");
  if (!in) throw std::runtime_error("pocketsphinx dictionary missing (pocketsphinx-en-us)");
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string head = line.substr(0, space);
    const std::size_t paren = head.find('(');
    const std::string word = paren == std::string::npos ? head : head.substr(0, paren);
    if (words.count(word) == 0) continue;
    found.insert(word);
    out << line << '\n';
  }
  return out.str();
}

// An ARPA bigram model of the lyrics: every lyric word and every pair sung
// in a row, line starts and ends included. Bigrams take half the mass, the
// rest backs off to unigrams, so any order of lyric words stays possible.
std::string language_model(const std::vector<std::vector<std::string>>& lines) {
  std::map<std::string, double> uni;
  std::map<std::pair<std::string, std::string>, double> bi;
  std::map<std::string, double> history;
  for (const auto& words : lines) {
    if (words.empty()) continue;
    std::vector<std::string> seq{"<s>"};
    seq.insert(seq.end(), words.begin(), words.end());
    seq.emplace_back("</s>");
    for (std::size_t i = 0; i < seq.size(); ++i) {
      uni[seq[i]] += 1;
      if (i + 1 < seq.size()) {
        bi[{seq[i], seq[i + 1]}] += 1;
        history[seq[i]] += 1;
      }
    }
  }
  double total = 0;
  for (const auto& [w, c] : uni)
    total += c;
  std::ostringstream out;
  out << "\\data\\\nngram 1=" << uni.size() << "\nngram 2=" << bi.size() << "\n\n\\1-grams:\n";
  for (const auto& [w, c] : uni) {
    const double p = w == "<s>" ? -99.0 : std::log10(c / total);
    out << p << ' ' << w << ' ' << std::log10(0.5) << '\n';
  }
  out << "\n\\2-grams:\n";
  for (const auto& [pair, c] : bi)
    out << std::log10(0.5 * c / history[pair.first]) << ' ' << pair.first << ' ' << pair.second
        << '\n';
  out << "\n\\end\\\n";
  return out.str();
}

std::vector<std::int16_t> to_recogniser_pcm(const AudioBuffer& audio, std::size_t from,
                                            std::size_t to) {
  const std::size_t frames = audio.frames();
  to = std::min(to, frames);
  AudioBuffer mono;
  mono.sample_rate = audio.sample_rate;
  mono.channels = 1;
  for (std::size_t f = from; f < to; ++f) {
    float s = 0;
    for (int c = 0; c < audio.channels; ++c)
      s +=
          audio.samples[f * static_cast<std::size_t>(audio.channels) + static_cast<std::size_t>(c)];
    mono.samples.push_back(s / static_cast<float>(audio.channels));
  }
  const AudioBuffer r = audio::resample(mono, kRecogniserRate);
  // Normalise each span to a fixed peak: the recogniser's front end adapts,
  // but a quiet stem would otherwise sit near the 16-bit floor.
  float peak = 1e-9F;
  for (float v : r.samples)
    peak = std::max(peak, std::abs(v));
  std::vector<std::int16_t> pcm(r.samples.size());
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(std::lround(r.samples[i] / peak * 20000.0F));
  return pcm;
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
    const bool inner_apostrophe = c == '\'' && !cur.empty() && i + 1 < text.size() &&
                                  std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0;
    if (letter || inner_apostrophe) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  return out;
}

std::size_t matched_words(const std::vector<std::string>& reference,
                          const std::vector<std::string>& hypothesis) {
  std::vector<std::size_t> row(hypothesis.size() + 1, 0), prev(hypothesis.size() + 1, 0);
  for (const std::string& r : reference) {
    std::swap(row, prev);
    for (std::size_t j = 1; j <= hypothesis.size(); ++j) {
      row[j] = r == hypothesis[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], row[j - 1]);
    }
  }
  return reference.empty() ? 0 : row[hypothesis.size()];
}

std::vector<LineSpan> sung_lines(const Score& score, const std::vector<SungTiming>& timing,
                                 int sample_rate, double pad_seconds) {
  const VocalPart& part = score.vocals;
  std::vector<LineSpan> spans(part.lines.size());
  std::vector<bool> seen(part.lines.size(), false);
  for (std::size_t i = 0; i < part.notes.size() && i < timing.size(); ++i) {
    const std::size_t l = part.notes[i].line;
    if (l >= spans.size() || timing[i].end <= timing[i].start) continue;
    if (!seen[l]) {
      spans[l] = {part.lines[l].text, timing[i].start, timing[i].end};
      seen[l] = true;
    }
    spans[l].from = std::min(spans[l].from, timing[i].start);
    spans[l].to = std::max(spans[l].to, timing[i].end);
  }
  const auto pad = static_cast<std::size_t>(pad_seconds * sample_rate);
  std::vector<LineSpan> out;
  for (std::size_t l = 0; l < spans.size(); ++l) {
    if (!seen[l]) continue;
    spans[l].from = spans[l].from > pad ? spans[l].from - pad : 0;
    spans[l].to += pad;
    out.push_back(spans[l]);
  }
  return out;
}

struct Recogniser::Impl {
  std::filesystem::path dir;
  std::set<std::string> known;
  cmd_ln_t* config = nullptr;
  ps_decoder_t* decoder = nullptr;
};

Recogniser::Recogniser(const std::vector<std::string>& lyric_lines) : impl_(new Impl) {
  std::vector<std::vector<std::string>> lines;
  std::set<std::string> vocabulary;
  for (const std::string& l : lyric_lines) {
    lines.push_back(words_of(l));
    vocabulary.insert(lines.back().begin(), lines.back().end());
  }
  const std::string dict = dictionary_for(vocabulary, impl_->known);
  // Words the dictionary lacks cannot be recognised: drop them from the model.
  for (auto& words : lines) {
    std::erase_if(words, [&](const std::string& w) { return impl_->known.count(w) == 0; });
  }
  char pattern[] = "/tmp/l402d-recall-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  impl_->dir = pattern;
  std::ofstream(impl_->dir / "lyrics.dict") << dict;
  std::ofstream(impl_->dir / "lyrics.lm") << language_model(lines);
  const std::string hmm = std::string(kModelDir) + "/en-us";
  const std::string lm = (impl_->dir / "lyrics.lm").string();
  const std::string dic = (impl_->dir / "lyrics.dict").string();
  impl_->config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-lm", lm.c_str(),
                              "-dict", dic.c_str(), "-logfn", "/dev/null", nullptr);
  if (impl_->config != nullptr) impl_->decoder = ps_init(impl_->config);
  if (impl_->decoder == nullptr) throw std::runtime_error("pocketsphinx failed to start");
}

Recogniser::~Recogniser() {
  if (impl_->decoder != nullptr) ps_free(impl_->decoder);
  if (impl_->config != nullptr) cmd_ln_free_r(impl_->config);
  std::error_code ignored;
  std::filesystem::remove_all(impl_->dir, ignored);
}

bool Recogniser::known(const std::string& word) const {
  return impl_->known.count(word) != 0;
}

std::vector<std::string> Recogniser::transcribe(const AudioBuffer& audio, std::size_t from,
                                                std::size_t to) {
  const std::vector<std::int16_t> pcm = to_recogniser_pcm(audio, from, to);
  ps_start_utt(impl_->decoder);
  ps_process_raw(impl_->decoder, pcm.data(), pcm.size(), FALSE, TRUE);
  ps_end_utt(impl_->decoder);
  std::int32_t score = 0;
  const char* hyp = ps_get_hyp(impl_->decoder, &score);
  return hyp == nullptr ? std::vector<std::string>{} : words_of(hyp);
}

Recall Recogniser::measure(const AudioBuffer& audio, const std::vector<LineSpan>& spans) {
  Recall total;
  for (const LineSpan& s : spans) {
    const std::vector<std::string> reference = words_of(s.text);
    Recall r;
    r.reference = reference.size();
    for (const std::string& w : reference)
      r.unknown += known(w) ? 0 : 1;
    const std::vector<std::string> heard = transcribe(audio, s.from, s.to);
    r.matched = matched_words(reference, heard);
    if (std::getenv("L402D_RECALL_VERBOSE") != nullptr) {
      std::string line;
      for (const std::string& w : heard)
        line += w + " ";
      std::fprintf(stderr, "%zu/%zu  %s  ->  %s\n", r.matched, r.reference, s.text.c_str(),
                   line.c_str());
    }
    total += r;
  }
  return total;
}

}  // namespace l402d::engines::music::intelligibility
