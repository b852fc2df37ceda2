#include "engines/music/compose/style.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>

#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/random.hpp"

namespace l402d::engines::music {

namespace {

struct Token {
  std::string lower;
  bool capitalised = false;
};

// Letters, digits, '#' and '&' stay together so that "r&b", "f#" and "90bpm"
// are single tokens; hyphens split, so "hip-hop" and "hip hop" read alike.
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Token current;
  auto flush = [&] {
    if (!current.lower.empty()) tokens.push_back(current);
    current = Token{};
  };
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || raw == '#' || raw == '&') {
      if (current.lower.empty()) current.capitalised = std::isupper(c) != 0;
      current.lower.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

std::vector<std::string_view> split_words(std::string_view phrase) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start <= phrase.size()) {
    const auto end = std::min(phrase.find(' ', start), phrase.size());
    if (end > start) words.push_back(phrase.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Plurals match their singular entry: "guitars", "strings", "drums", "vocals".
bool word_matches(const std::string& token, std::string_view word) {
  if (token == word) return true;
  if (token.size() == word.size() + 1 && token.back() == 's') {
    return std::string_view(token).substr(0, word.size()) == word;
  }
  return false;
}

// Length in tokens of `phrase` at position i, 0 if it does not match.
std::size_t match_at(const std::vector<Token>& tokens, std::size_t i, std::string_view phrase) {
  const auto words = split_words(phrase);
  if (i + words.size() > tokens.size()) return 0;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (!word_matches(tokens[i + k].lower, words[k])) return 0;
  }
  return words.size();
}

struct GenreWord {
  std::string_view phrase;
  Genre genre;
  int weight;  // 2 for a genre noun, 1 for an adjective ("jazzy"), 3 for decisive words
};

constexpr GenreWord kGenreWords[] = {
    {"pop", Genre::pop, 2},
    {"synthpop", Genre::pop, 2},
    {"synth pop", Genre::pop, 2},
    {"k pop", Genre::pop, 2},
    {"kpop", Genre::pop, 2},
    {"j pop", Genre::pop, 2},
    {"r&b", Genre::pop, 2},
    {"rnb", Genre::pop, 2},
    {"soul", Genre::pop, 2},
    {"funk", Genre::pop, 2},
    {"funky", Genre::pop, 1},
    {"motown", Genre::pop, 2},
    {"gospel", Genre::pop, 2},
    {"rock", Genre::rock, 2},
    {"rock n roll", Genre::rock, 2},
    {"punk", Genre::rock, 2},
    {"grunge", Genre::rock, 2},
    {"indie", Genre::rock, 1},
    {"alternative", Genre::rock, 1},
    {"garage", Genre::rock, 1},
    {"britpop", Genre::rock, 2},
    {"emo", Genre::rock, 2},
    {"ballad", Genre::ballad, 2},
    {"power ballad", Genre::ballad, 2},
    {"lullaby", Genre::ballad, 2},
    {"torch song", Genre::ballad, 2},
    {"love song", Genre::ballad, 1},
    {"jazz", Genre::jazz, 2},
    {"jazzy", Genre::jazz, 1},
    {"swing", Genre::jazz, 2},
    {"bebop", Genre::jazz, 2},
    {"big band", Genre::jazz, 2},
    {"smooth jazz", Genre::jazz, 2},
    {"crooner", Genre::jazz, 1},
    {"blues", Genre::blues, 2},
    {"bluesy", Genre::blues, 1},
    {"12 bar", Genre::blues, 2},
    {"delta blues", Genre::blues, 2},
    {"hip hop", Genre::hip_hop, 2},
    {"hiphop", Genre::hip_hop, 2},
    {"rap", Genre::hip_hop, 2},
    {"trap", Genre::hip_hop, 2},
    {"boom bap", Genre::hip_hop, 2},
    {"drill", Genre::hip_hop, 2},
    {"electronic", Genre::electronic, 2},
    {"electronica", Genre::electronic, 2},
    {"edm", Genre::electronic, 2},
    {"dance", Genre::electronic, 2},
    {"techno", Genre::electronic, 2},
    {"house", Genre::electronic, 2},
    {"trance", Genre::electronic, 2},
    {"dubstep", Genre::electronic, 2},
    {"electro", Genre::electronic, 2},
    {"synthwave", Genre::electronic, 2},
    {"disco", Genre::electronic, 2},
    {"club", Genre::electronic, 1},
    {"eurodance", Genre::electronic, 2},
    {"drum and bass", Genre::electronic, 2},
    {"dnb", Genre::electronic, 2},
    {"lofi", Genre::lofi, 3},
    {"lo fi", Genre::lofi, 3},
    {"chillhop", Genre::lofi, 3},
    {"study beats", Genre::lofi, 3},
    {"folk", Genre::folk, 2},
    {"acoustic", Genre::folk, 1},
    {"singer songwriter", Genre::folk, 2},
    {"campfire", Genre::folk, 2},
    {"celtic", Genre::folk, 2},
    {"country", Genre::country, 2},
    {"bluegrass", Genre::country, 2},
    {"honky tonk", Genre::country, 2},
    {"americana", Genre::country, 2},
    {"western", Genre::country, 1},
    {"nashville", Genre::country, 2},
    {"reggae", Genre::reggae, 2},
    {"ska", Genre::reggae, 2},
    {"dub", Genre::reggae, 2},
    {"dancehall", Genre::reggae, 2},
    {"rocksteady", Genre::reggae, 2},
    {"latin", Genre::latin, 2},
    {"salsa", Genre::latin, 2},
    {"bossa nova", Genre::latin, 2},
    {"bossa", Genre::latin, 2},
    {"samba", Genre::latin, 2},
    {"tango", Genre::latin, 2},
    {"reggaeton", Genre::latin, 2},
    {"cumbia", Genre::latin, 2},
    {"mambo", Genre::latin, 2},
    {"rumba", Genre::latin, 2},
    {"flamenco", Genre::latin, 2},
    {"bachata", Genre::latin, 2},
    {"classical", Genre::classical, 2},
    {"orchestral", Genre::classical, 2},
    {"orchestra", Genre::classical, 2},
    {"symphonic", Genre::classical, 2},
    {"symphony", Genre::classical, 2},
    {"cinematic", Genre::classical, 2},
    {"baroque", Genre::classical, 2},
    {"chamber", Genre::classical, 2},
    {"film score", Genre::classical, 2},
    {"soundtrack", Genre::classical, 1},
    {"opera", Genre::classical, 2},
    {"metal", Genre::metal, 3},
    {"heavy metal", Genre::metal, 3},
    {"thrash", Genre::metal, 3},
    {"metalcore", Genre::metal, 3},
    {"doom", Genre::metal, 2},
    {"hard rock", Genre::rock, 2},
};

enum class Role { chords, bass, pad, lead, drums_on, drums_off };

struct InstrumentWord {
  std::string_view phrase;
  Role role;
  int program;
};

constexpr InstrumentWord kInstrumentWords[] = {
    {"piano", Role::chords, gm::kAcousticGrand},
    {"grand piano", Role::chords, gm::kAcousticGrand},
    {"keys", Role::chords, gm::kElectricPiano},
    {"electric piano", Role::chords, gm::kElectricPiano},
    {"e piano", Role::chords, gm::kElectricPiano},
    {"epiano", Role::chords, gm::kElectricPiano},
    {"rhodes", Role::chords, gm::kElectricPiano},
    {"wurlitzer", Role::chords, gm::kElectricPiano},
    {"organ", Role::chords, gm::kDrawbarOrgan},
    {"hammond", Role::chords, gm::kDrawbarOrgan},
    {"church organ", Role::chords, gm::kChurchOrgan},
    {"pipe organ", Role::chords, gm::kChurchOrgan},
    {"harpsichord", Role::chords, gm::kHarpsichord},
    {"guitar", Role::chords, gm::kSteelGuitar},
    {"acoustic guitar", Role::chords, gm::kSteelGuitar},
    {"steel guitar", Role::chords, gm::kSteelGuitar},
    {"nylon guitar", Role::chords, gm::kNylonGuitar},
    {"classical guitar", Role::chords, gm::kNylonGuitar},
    {"spanish guitar", Role::chords, gm::kNylonGuitar},
    {"flamenco guitar", Role::chords, gm::kNylonGuitar},
    {"ukulele", Role::chords, gm::kNylonGuitar},
    {"electric guitar", Role::chords, gm::kCleanGuitar},
    {"clean guitar", Role::chords, gm::kCleanGuitar},
    {"jazz guitar", Role::chords, gm::kJazzGuitar},
    {"distorted guitar", Role::chords, gm::kDistortionGuitar},
    {"distortion guitar", Role::chords, gm::kDistortionGuitar},
    {"distortion", Role::chords, gm::kDistortionGuitar},
    {"heavy guitar", Role::chords, gm::kDistortionGuitar},
    {"power chord", Role::chords, gm::kDistortionGuitar},
    {"overdriven guitar", Role::chords, gm::kOverdrivenGuitar},
    {"overdrive", Role::chords, gm::kOverdrivenGuitar},
    {"crunchy guitar", Role::chords, gm::kOverdrivenGuitar},
    {"banjo", Role::chords, gm::kBanjo},
    {"mandolin", Role::chords, gm::kSteelGuitar},
    {"accordion", Role::chords, gm::kAccordion},
    {"harp", Role::chords, gm::kHarp},
    {"marimba", Role::chords, gm::kMarimba},
    {"strings", Role::pad, gm::kStrings},
    {"string section", Role::pad, gm::kStrings},
    {"string ensemble", Role::pad, gm::kStrings},
    {"synth strings", Role::pad, gm::kSynthStrings},
    {"pad", Role::pad, gm::kWarmPad},
    {"synth pad", Role::pad, gm::kWarmPad},
    {"choir", Role::pad, gm::kChoir},
    {"choral", Role::pad, gm::kChoir},
    {"violin", Role::lead, gm::kViolin},
    {"fiddle", Role::lead, gm::kFiddle},
    {"viola", Role::lead, gm::kViola},
    {"cello", Role::lead, gm::kCello},
    {"saxophone", Role::lead, gm::kAltoSax},
    {"sax", Role::lead, gm::kAltoSax},
    {"alto sax", Role::lead, gm::kAltoSax},
    {"tenor sax", Role::lead, gm::kTenorSax},
    {"trumpet", Role::lead, gm::kTrumpet},
    {"brass", Role::lead, gm::kBrass},
    {"horn", Role::lead, gm::kBrass},
    {"horn section", Role::lead, gm::kBrass},
    {"brass section", Role::lead, gm::kBrass},
    {"french horn", Role::lead, gm::kFrenchHorn},
    {"trombone", Role::lead, gm::kTrombone},
    {"flute", Role::lead, gm::kFlute},
    {"pan flute", Role::lead, gm::kPanFlute},
    {"clarinet", Role::lead, gm::kClarinet},
    {"oboe", Role::lead, gm::kOboe},
    {"harmonica", Role::lead, gm::kHarmonica},
    {"synth", Role::lead, gm::kSawLead},
    {"synthesizer", Role::lead, gm::kSawLead},
    {"synth lead", Role::lead, gm::kSawLead},
    {"lead synth", Role::lead, gm::kSawLead},
    {"vibraphone", Role::lead, gm::kVibraphone},
    {"music box", Role::lead, gm::kMusicBox},
    {"glockenspiel", Role::lead, gm::kGlockenspiel},
    {"bells", Role::lead, gm::kGlockenspiel},
    {"celesta", Role::lead, gm::kCelesta},
    {"sitar", Role::lead, gm::kSitar},
    {"steel drum", Role::lead, gm::kSteelDrums},
    {"808", Role::bass, gm::kSynthBass},
    {"synth bass", Role::bass, gm::kSynthBass},
    {"bass", Role::bass, gm::kFingerBass},
    {"bass guitar", Role::bass, gm::kFingerBass},
    {"electric bass", Role::bass, gm::kFingerBass},
    {"upright bass", Role::bass, gm::kAcousticBass},
    {"double bass", Role::bass, gm::kAcousticBass},
    {"acoustic bass", Role::bass, gm::kAcousticBass},
    {"slap bass", Role::bass, gm::kSlapBass},
    {"fretless bass", Role::bass, gm::kFretlessBass},
    {"drum", Role::drums_on, 0},
    {"drum machine", Role::drums_on, 0},
    {"percussion", Role::drums_on, 0},
    {"no drum", Role::drums_off, 0},
    {"without drum", Role::drums_off, 0},
    {"a cappella", Role::drums_off, 0},
    {"acapella", Role::drums_off, 0},
};

struct MoodWord {
  std::string_view phrase;
  Mood mood;
};

constexpr MoodWord kMoodWords[] = {
    {"happy", Mood::happy},
    {"joyful", Mood::happy},
    {"cheerful", Mood::happy},
    {"bright", Mood::happy},
    {"sunny", Mood::happy},
    {"summer", Mood::happy},
    {"fun", Mood::happy},
    {"playful", Mood::happy},
    {"uplifting", Mood::happy},
    {"feel good", Mood::happy},
    {"optimistic", Mood::happy},
    {"celebration", Mood::happy},
    {"sad", Mood::sad},
    {"melancholy", Mood::sad},
    {"melancholic", Mood::sad},
    {"heartbreak", Mood::sad},
    {"heartbroken", Mood::sad},
    {"lonely", Mood::sad},
    {"sorrow", Mood::sad},
    {"nostalgic", Mood::sad},
    {"bittersweet", Mood::sad},
    {"somber", Mood::sad},
    {"sombre", Mood::sad},
    {"mournful", Mood::sad},
    {"tragic", Mood::sad},
    {"emotional", Mood::sad},
    {"grief", Mood::sad},
    {"energetic", Mood::energetic},
    {"energy", Mood::energetic},
    {"powerful", Mood::energetic},
    {"intense", Mood::energetic},
    {"driving", Mood::energetic},
    {"aggressive", Mood::energetic},
    {"hype", Mood::energetic},
    {"anthem", Mood::energetic},
    {"anthemic", Mood::energetic},
    {"party", Mood::energetic},
    {"epic", Mood::energetic},
    {"fierce", Mood::energetic},
    {"loud", Mood::energetic},
    {"heavy", Mood::energetic},
    {"calm", Mood::calm},
    {"chill", Mood::calm},
    {"relaxed", Mood::calm},
    {"relaxing", Mood::calm},
    {"peaceful", Mood::calm},
    {"mellow", Mood::calm},
    {"gentle", Mood::calm},
    {"soft", Mood::calm},
    {"dreamy", Mood::calm},
    {"soothing", Mood::calm},
    {"ambient", Mood::calm},
    {"quiet", Mood::calm},
    {"serene", Mood::calm},
    {"laid back", Mood::calm},
    {"dark", Mood::dark},
    {"moody", Mood::dark},
    {"ominous", Mood::dark},
    {"haunting", Mood::dark},
    {"brooding", Mood::dark},
    {"gothic", Mood::dark},
    {"sinister", Mood::dark},
    {"mysterious", Mood::dark},
    {"angry", Mood::dark},
    {"eerie", Mood::dark},
    {"romantic", Mood::romantic},
    {"love", Mood::romantic},
    {"tender", Mood::romantic},
    {"sensual", Mood::romantic},
    {"intimate", Mood::romantic},
    {"sweet", Mood::romantic},
    {"wedding", Mood::romantic},
};

struct TempoWord {
  std::string_view phrase;
  double bpm_delta;
  double energy_delta;
};

constexpr TempoWord kTempoWords[] = {
    {"slow", -22, -0.1}, {"very slow", -34, -0.15}, {"slowly", -22, -0.1}, {"downtempo", -18, -0.1},
    {"mid tempo", 0, 0}, {"midtempo", 0, 0},        {"fast", 24, 0.15},    {"very fast", 36, 0.2},
    {"quick", 18, 0.1},  {"uptempo", 18, 0.1},      {"up tempo", 18, 0.1}, {"upbeat", 12, 0.1},
    {"groovy", 0, 0.05}, {"lazy", -12, -0.1},       {"hard", 6, 0.15},
};

struct VoiceWord {
  std::string_view phrase;
  Voice voice;
};

constexpr VoiceWord kVoiceWords[] = {
    {"female", Voice::female},   {"woman", Voice::female},   {"women", Voice::female},
    {"girl", Voice::female},     {"she", Voice::female},     {"her", Voice::female},
    {"soprano", Voice::female},  {"diva", Voice::female},    {"feminine", Voice::female},
    {"lady", Voice::female},     {"male", Voice::male},      {"man", Voice::male},
    {"men", Voice::male},        {"boy", Voice::male},       {"guy", Voice::male},
    {"he", Voice::male},         {"his", Voice::male},       {"baritone", Voice::male},
    {"tenor", Voice::male},      {"masculine", Voice::male}, {"bass voice", Voice::male},
    {"bass vocal", Voice::male},
};

struct GenreDefaults {
  double bpm;
  double energy;
  int chords, bass, pad, lead;
  bool pad_on;
  bool drums_on;
  double swing;
  Mode mode;
  Voice voice;
};

GenreDefaults defaults_for(Genre genre) {
  switch (genre) {
    case Genre::pop:
      return {112,  0.6, gm::kAcousticGrand, gm::kFingerBass, gm::kWarmPad, gm::kSquareLead, true,
              true, 0,   Mode::major,        Voice::female};
    case Genre::rock:
      return {128,
              0.8,
              gm::kOverdrivenGuitar,
              gm::kPickBass,
              gm::kRockOrgan,
              gm::kDistortionGuitar,
              false,
              true,
              0,
              Mode::major,
              Voice::male};
    case Genre::ballad:
      return {72,   0.3, gm::kAcousticGrand, gm::kFingerBass, gm::kStrings, gm::kFlute, true,
              true, 0,   Mode::major,        Voice::female};
    case Genre::jazz:
      return {126,  0.5, gm::kAcousticGrand, gm::kAcousticBass, gm::kStrings, gm::kAltoSax, false,
              true, 1,   Mode::major,        Voice::female};
    case Genre::blues:
      return {84,
              0.55,
              gm::kCleanGuitar,
              gm::kFingerBass,
              gm::kDrawbarOrgan,
              gm::kOverdrivenGuitar,
              true,
              true,
              1,
              Mode::major,
              Voice::male};
    case Genre::hip_hop:
      return {90,   0.65, gm::kElectricPiano, gm::kSynthBass, gm::kWarmPad, gm::kSawLead, true,
              true, 0.35, Mode::minor,        Voice::male};
    case Genre::electronic:
      return {124,  0.8, gm::kPolySynth, gm::kSynthBass, gm::kWarmPad, gm::kSquareLead, true,
              true, 0,   Mode::minor,    Voice::female};
    case Genre::lofi:
      return {80,   0.35, gm::kElectricPiano, gm::kFingerBass, gm::kWarmPad, gm::kVibraphone, true,
              true, 0.5,  Mode::minor,        Voice::female};
    case Genre::folk:
      return {100,  0.4, gm::kSteelGuitar, gm::kAcousticBass, gm::kStrings, gm::kViolin, false,
              true, 0,   Mode::major,      Voice::female};
    case Genre::country:
      return {108,  0.55, gm::kSteelGuitar, gm::kFingerBass, gm::kStrings, gm::kFiddle, false,
              true, 0,    Mode::major,      Voice::male};
    case Genre::reggae:
      return {76,   0.5, gm::kCleanGuitar, gm::kFingerBass, gm::kDrawbarOrgan, gm::kTrumpet, true,
              true, 0.2, Mode::major,      Voice::male};
    case Genre::latin:
      return {100,  0.65, gm::kNylonGuitar, gm::kFingerBass, gm::kStrings, gm::kTrumpet, false,
              true, 0,    Mode::minor,      Voice::female};
    case Genre::classical:
      return {88,    0.3, gm::kStrings, gm::kContrabass, gm::kSlowStrings, gm::kFlute, true,
              false, 0,   Mode::major,  Voice::female};
    case Genre::metal:
      return {150,
              0.95,
              gm::kDistortionGuitar,
              gm::kPickBass,
              gm::kSynthStrings,
              gm::kDistortionGuitar,
              false,
              true,
              0,
              Mode::minor,
              Voice::male};
  }
  return defaults_for(Genre::pop);
}

double mood_bpm_delta(Mood mood) {
  switch (mood) {
    case Mood::happy:
      return 8;
    case Mood::sad:
      return -14;
    case Mood::energetic:
      return 16;
    case Mood::calm:
      return -14;
    case Mood::dark:
      return -4;
    case Mood::romantic:
      return -10;
    case Mood::neutral:
      return 0;
  }
  return 0;
}

double mood_energy_delta(Mood mood) {
  switch (mood) {
    case Mood::happy:
      return 0.1;
    case Mood::sad:
      return -0.15;
    case Mood::energetic:
      return 0.25;
    case Mood::calm:
      return -0.2;
    case Mood::dark:
      return 0;
    case Mood::romantic:
      return -0.1;
    case Mood::neutral:
      return 0;
  }
  return 0;
}

// "c", "f#", "bb", "eb": the pitch class, or nothing.
std::optional<int> note_name(const std::string& token) {
  static constexpr std::array<int, 7> kNatural = {9, 11, 0, 2, 4, 5, 7};  // a..g
  if (token.empty() || token.size() > 2 || token[0] < 'a' || token[0] > 'g') return std::nullopt;
  int pc = kNatural[static_cast<std::size_t>(token[0] - 'a')];
  if (token.size() == 2) {
    if (token[1] == '#') {
      pc += 1;
    } else if (token[1] == 'b') {
      pc -= 1;
    } else {
      return std::nullopt;
    }
  }
  return (pc + 12) % 12;
}

std::optional<Mode> mode_word(const std::string& token) {
  if (token == "major" || token == "maj") return Mode::major;
  if (token == "minor" || token == "min") return Mode::minor;
  return std::nullopt;
}

std::optional<double> leading_number(const std::string& token, std::string_view suffix) {
  std::size_t digits = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits])) != 0) {
    ++digits;
  }
  if (digits == 0 || digits > 3 || std::string_view(token).substr(digits) != suffix) {
    return std::nullopt;
  }
  return std::stod(token.substr(0, digits));
}

struct KeyRead {
  std::optional<int> root;
  std::optional<Mode> mode;
};

// "in D minor", "A major", "key of Bb", "F# minor", "E flat major", "minor key".
// A lone lowercase "a" is an article unless "in"/"of"/"key" precedes it.
KeyRead read_key(const std::vector<Token>& tokens) {
  KeyRead key;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto root = note_name(tokens[i].lower);
    if (!root) continue;
    std::size_t next = i + 1;
    if (next < tokens.size() && (tokens[next].lower == "sharp" || tokens[next].lower == "flat")) {
      if (tokens[i].lower.size() != 1) continue;
      *root = (*root + (tokens[next].lower == "sharp" ? 1 : 11)) % 12;
      ++next;
    }
    const bool after_key_word =
        i > 0 && (tokens[i - 1].lower == "in" || tokens[i - 1].lower == "of" ||
                  tokens[i - 1].lower == "key");
    const std::optional<Mode> mode =
        next < tokens.size() ? mode_word(tokens[next].lower) : std::nullopt;
    const bool article = tokens[i].lower == "a" && !tokens[i].capitalised && !after_key_word;
    if (article) continue;
    if (mode || (after_key_word && tokens[i].lower != "a")) {
      key.root = *root;
      if (mode) key.mode = *mode;
      return key;
    }
  }
  for (const auto& token : tokens) {
    if (const auto mode = mode_word(token.lower)) {
      key.mode = *mode;
      break;
    }
  }
  return key;
}

std::optional<double> read_bpm(const std::vector<Token>& tokens) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i].lower;
    if (auto n = leading_number(t, "bpm")) return n;
    if (auto n = leading_number(t, "")) {
      if (i + 1 < tokens.size() &&
          (word_matches(tokens[i + 1].lower, "bpm") || tokens[i + 1].lower == "beats")) {
        return n;
      }
      if (i > 0 && (tokens[i - 1].lower == "tempo" || tokens[i - 1].lower == "bpm")) return n;
    }
  }
  return std::nullopt;
}

int default_key(Genre genre, Mode mode, std::string_view prompt) {
  static const std::vector<int> kMajor = {0, 7, 2, 5, 9, 4, 10};
  static const std::vector<int> kMinor = {9, 4, 2, 11, 0, 7, 5};
  static const std::vector<int> kGuitarMajor = {4, 9, 2, 7};
  static const std::vector<int> kGuitarMinor = {4, 9, 2, 11};
  static const std::vector<int> kJazzMajor = {5, 10, 3, 0};
  static const std::vector<int> kJazzMinor = {2, 7, 0, 5};
  const bool guitar = genre == Genre::rock || genre == Genre::metal || genre == Genre::blues ||
                      genre == Genre::country || genre == Genre::folk;
  const bool jazz = genre == Genre::jazz;
  const auto& keys = guitar ? (mode == Mode::major ? kGuitarMajor : kGuitarMinor)
                     : jazz ? (mode == Mode::major ? kJazzMajor : kJazzMinor)
                            : (mode == Mode::major ? kMajor : kMinor);
  Rng rng(fnv1a(prompt, 0x6b6579ULL));
  return rng.pick(keys);
}

}  // namespace

std::string_view genre_name(Genre genre) {
  switch (genre) {
    case Genre::pop:
      return "pop";
    case Genre::rock:
      return "rock";
    case Genre::ballad:
      return "ballad";
    case Genre::jazz:
      return "jazz";
    case Genre::blues:
      return "blues";
    case Genre::hip_hop:
      return "hip-hop";
    case Genre::electronic:
      return "electronic";
    case Genre::lofi:
      return "lo-fi";
    case Genre::folk:
      return "folk";
    case Genre::country:
      return "country";
    case Genre::reggae:
      return "reggae";
    case Genre::latin:
      return "latin";
    case Genre::classical:
      return "classical";
    case Genre::metal:
      return "metal";
  }
  return "pop";
}

std::string_view mood_name(Mood mood) {
  switch (mood) {
    case Mood::neutral:
      return "neutral";
    case Mood::happy:
      return "happy";
    case Mood::sad:
      return "sad";
    case Mood::energetic:
      return "energetic";
    case Mood::calm:
      return "calm";
    case Mood::dark:
      return "dark";
    case Mood::romantic:
      return "romantic";
  }
  return "neutral";
}

Style read_style(std::string_view prompt) {
  const auto tokens = tokenize(prompt);
  Style style;

  int best_genre_weight = 0;
  std::array<int, 7> mood_votes{};
  std::size_t first_mood_position[7];
  std::fill(std::begin(first_mood_position), std::end(first_mood_position), tokens.size());
  double tempo_delta = 0;
  double energy_delta = 0;
  std::optional<Voice> voice;
  std::optional<int> chords, bass, pad, lead, second_chords;
  std::optional<bool> drums;
  bool plain_guitar = false;  // the chords instrument was just "guitar(s)"

  // Longest phrase first at each position, so "classical guitar" is an
  // instrument, not a genre, and "synth pop" a genre, not an instrument.
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t best = 0;
    const GenreWord* genre_hit = nullptr;
    const InstrumentWord* instrument_hit = nullptr;
    const MoodWord* mood_hit = nullptr;
    const TempoWord* tempo_hit = nullptr;
    const VoiceWord* voice_hit = nullptr;
    auto consider = [&](std::size_t len) {
      if (len > best) {
        best = len;
        genre_hit = nullptr;
        instrument_hit = nullptr;
        mood_hit = nullptr;
        tempo_hit = nullptr;
        voice_hit = nullptr;
        return true;
      }
      return false;
    };
    for (const auto& w : kGenreWords) {
      if (consider(match_at(tokens, i, w.phrase))) genre_hit = &w;
    }
    for (const auto& w : kInstrumentWords) {
      if (consider(match_at(tokens, i, w.phrase))) instrument_hit = &w;
    }
    for (const auto& w : kMoodWords) {
      if (consider(match_at(tokens, i, w.phrase))) mood_hit = &w;
    }
    for (const auto& w : kTempoWords) {
      if (consider(match_at(tokens, i, w.phrase))) tempo_hit = &w;
    }
    for (const auto& w : kVoiceWords) {
      if (consider(match_at(tokens, i, w.phrase))) voice_hit = &w;
    }
    if (best == 0) {
      ++i;
      continue;
    }
    // The head noun comes last in English ("rock ballad" is a ballad), so a
    // later genre word of the same weight wins.
    if (genre_hit != nullptr && genre_hit->weight >= best_genre_weight) {
      best_genre_weight = genre_hit->weight;
      style.genre = genre_hit->genre;
      style.genre_recognised = true;
    }
    if (instrument_hit != nullptr) {
      switch (instrument_hit->role) {
        case Role::chords:
          if (!chords) {
            chords = instrument_hit->program;
            plain_guitar = best == 1 && word_matches(tokens[i].lower, "guitar");
          } else if (!second_chords) {
            second_chords = instrument_hit->program;
          }
          break;
        case Role::bass:
          if (!bass) bass = instrument_hit->program;
          break;
        case Role::pad:
          if (!pad) pad = instrument_hit->program;
          break;
        case Role::lead:
          if (!lead) lead = instrument_hit->program;
          break;
        case Role::drums_on:
          if (!drums) drums = true;
          break;
        case Role::drums_off:
          drums = false;
          break;
      }
      if (instrument_hit->role != Role::drums_on && instrument_hit->role != Role::drums_off) {
        std::string words;
        for (std::size_t k = 0; k < best; ++k) {
          if (k != 0) words += ' ';
          words += tokens[i + k].lower;
        }
        style.instruments.push_back(words);
      }
    }
    if (mood_hit != nullptr) {
      const auto m = static_cast<std::size_t>(mood_hit->mood);
      ++mood_votes[m];
      first_mood_position[m] = std::min(first_mood_position[m], i);
    }
    if (tempo_hit != nullptr) {
      tempo_delta += tempo_hit->bpm_delta;
      energy_delta += tempo_hit->energy_delta;
    }
    if (voice_hit != nullptr && !voice) voice = voice_hit->voice;
    i += best;
  }

  // The most-named mood wins; ties go to the one named first.
  for (std::size_t m = 1; m < mood_votes.size(); ++m) {
    const auto current = static_cast<std::size_t>(style.mood);
    if (mood_votes[m] == 0) continue;
    if (style.mood == Mood::neutral || mood_votes[m] > mood_votes[current] ||
        (mood_votes[m] == mood_votes[current] &&
         first_mood_position[m] < first_mood_position[current])) {
      style.mood = static_cast<Mood>(m);
    }
  }

  const GenreDefaults d = defaults_for(style.genre);
  style.chords_program = chords.value_or(d.chords);
  // An instrument word refines the genre rather than replacing it: plain
  // "guitars" in a punk or metal prompt are that genre's own (distorted)
  // guitars, not the steel-string acoustic "guitar" means on its own.
  const bool genre_guitar = d.chords >= gm::kNylonGuitar && d.chords <= gm::kDistortionGuitar + 1;
  if (plain_guitar && genre_guitar) style.chords_program = d.chords;
  // A keyboard named in a guitar genre ("punk with piano", "organ blues")
  // joins the band as its held chords, and the genre keeps its own guitar:
  // issue 17 heard a punk prompt lose its sound to one instrument word.
  const bool named_guitar =
      chords && *chords >= gm::kNylonGuitar && *chords <= gm::kDistortionGuitar + 1;
  if (chords && genre_guitar && !named_guitar && !pad) {
    pad = *chords;
    style.chords_program = d.chords;
  }
  style.bass_program = bass.value_or(d.bass);
  style.pad_program = pad.value_or(d.pad);
  style.lead_program = lead.value_or(second_chords.value_or(d.lead));
  style.pad = d.pad_on || pad.has_value();
  style.drums = drums.value_or(d.drums_on);
  style.swing = d.swing;
  for (const auto& t : tokens) {
    if (t.lower == "swing" || t.lower == "shuffle" || t.lower == "swung") style.swing = 1;
  }

  // Metre: "3/4" and "waltz" give three beats a bar; "6/8" six eighth-note
  // beats, so the tempo counts eighths (twice the quarter-note tempo).
  const std::string lowered = [&] {
    std::string l(prompt);
    for (char& c : l)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  }();
  if (lowered.find("6/8") != std::string::npos || lowered.find("12/8") != std::string::npos) {
    style.beats_per_bar = 6;
  } else if (lowered.find("3/4") != std::string::npos ||
             lowered.find("waltz") != std::string::npos) {
    style.beats_per_bar = 3;
  }
  // "solo piano", "solo guitar": that instrument alone. ("a guitar solo" is a
  // solo section, not this.)
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].lower != "solo") continue;
    for (const auto& w : kInstrumentWords) {
      if (w.role == Role::chords && match_at(tokens, i + 1, w.phrase) > 0) style.solo = true;
    }
  }
  if (style.solo) {
    style.drums = false;
    style.pad = false;
    style.lead_program = style.chords_program;
  }
  // "mid tempo" names a tempo, not a change: a moderate one whatever the
  // genre's own (rock's default would give 144 bpm).
  bool mid_tempo = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    mid_tempo = mid_tempo || match_at(tokens, i, "mid tempo") > 0 ||
                match_at(tokens, i, "midtempo") > 0 || match_at(tokens, i, "moderate tempo") > 0;
  }

  if (const auto bpm = read_bpm(tokens)) {
    style.bpm = std::clamp(*bpm, 40.0, 220.0);
    style.bpm_explicit = true;
  } else if (mid_tempo) {
    style.bpm = std::clamp(d.bpm + mood_bpm_delta(style.mood), 96.0, 112.0);
  } else {
    style.bpm = std::clamp(d.bpm + mood_bpm_delta(style.mood) + tempo_delta, 56.0, 180.0);
    style.bpm = std::round(style.bpm);
  }

  if (style.beats_per_bar == 6 && !style.bpm_explicit) style.bpm = std::min(200.0, style.bpm * 2);
  style.energy = std::clamp(d.energy + mood_energy_delta(style.mood) + energy_delta, 0.05, 1.0);
  // A fast tempo asked for by number still moves the band.
  if (style.bpm_explicit)
    style.energy = std::clamp(style.energy + (style.bpm - d.bpm) / 200, 0.05, 1.0);
  style.drum_density = !style.drums ? 0 : style.energy < 0.4 ? 1 : style.energy < 0.72 ? 2 : 3;

  const KeyRead key = read_key(tokens);
  if (key.mode) {
    style.mode = *key.mode;
  } else if (style.mood == Mood::sad || style.mood == Mood::dark) {
    style.mode = Mode::minor;
  } else if (style.mood == Mood::happy || style.mood == Mood::energetic ||
             style.mood == Mood::romantic) {
    style.mode = style.genre == Genre::metal ? Mode::minor : Mode::major;
  } else {
    style.mode = d.mode;
  }
  if (key.root) {
    style.key_root = *key.root;
    style.key_explicit = true;
  } else {
    style.key_root = default_key(style.genre, style.mode, prompt);
  }

  style.voice = voice.value_or(d.voice);
  style.voice_explicit = voice.has_value();
  return style;
}

std::string describe(const Style& style) {
  static constexpr std::array<std::string_view, 12> kNames = {"C",  "C#", "D",  "Eb", "E",  "F",
                                                              "F#", "G",  "Ab", "A",  "Bb", "B"};
  char buffer[256];
  std::snprintf(
      buffer, sizeof buffer,
      "%s%s %s %.0fbpm%s %s %s%s voice=%s chords=%d bass=%d pad=%d%s lead=%d drums=%d "
      "energy=%.2f swing=%.2f",
      std::string(genre_name(style.genre)).c_str(), style.genre_recognised ? "" : "(default)",
      std::string(mood_name(style.mood)).c_str(), style.bpm, style.bpm_explicit ? "(asked)" : "",
      std::string(kNames[static_cast<std::size_t>(style.key_root % 12)]).c_str(),
      style.mode == Mode::major ? "major" : "minor", style.key_explicit ? "(asked)" : "",
      style.voice == Voice::female ? "female" : "male", style.chords_program, style.bass_program,
      style.pad_program, style.pad ? "" : "(off)", style.lead_program, style.drum_density,
      style.energy, style.swing);
  std::string out = buffer;
  if (!style.instruments.empty()) {
    out += " instruments=";
    for (std::size_t i = 0; i < style.instruments.size(); ++i) {
      if (i != 0) out += ',';
      out += style.instruments[i];
    }
  }
  return out;
}

}  // namespace l402d::engines::music
