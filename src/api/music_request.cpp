#include "api/music_request.hpp"

#include <algorithm>
#include <iterator>

#include "api/json_body.hpp"
#include "engines/music/audio/formats.hpp"
#include "engines/music/compose/singable.hpp"

namespace l402d::api {

namespace json = boost::json;
namespace audio = engines::music::audio;

namespace {

json::array audio_formats() {
  json::array a;
  for (auto f : {audio::AudioFormat::mp3, audio::AudioFormat::wav, audio::AudioFormat::pcm}) {
    a.push_back(json::string(audio::to_string(f)));
  }
  return a;
}

json::array sample_rates() {
  json::array a;
  for (int r : audio::accepted_sample_rates())
    a.push_back(r);
  return a;
}

json::array typical_bitrates() {
  json::array a;
  for (int b : audio::mp3_bitrates(audio::kDefaultSampleRate))
    a.push_back(b);
  return a;
}

// "At 32000-48000 Hz: 32000-320000 (default 256000); at ...", from the
// encoder's own tables (the rates of one MPEG version share one), highest
// rates first.
std::string bitrate_rules() {
  auto rates = audio::accepted_sample_rates();
  std::string text;
  for (auto top = rates.rbegin(); top != rates.rend();) {
    auto valid = audio::mp3_bitrates(*top);
    auto end = std::find_if(top, rates.rend(),
                            [&](int r) { return audio::mp3_bitrates(r).data() != valid.data(); });
    int bottom = *std::prev(end);
    auto hz = bottom == *top ? std::to_string(bottom)
                             : std::to_string(bottom) + "-" + std::to_string(*top);
    text += (text.empty() ? "At " : "; at ") + hz + " Hz: " + std::to_string(valid.front()) + "-" +
            std::to_string(valid.back()) + " (default " +
            std::to_string(audio::default_mp3_bitrate(*top)) + ")";
    top = end;
  }
  return text + ".";
}

std::vector<Field> music_fields() {
  return {
      {.name = "prompt",
       .required = true,
       .min_length = 10,
       .max_length = 300,
       .description = "Music style description.",
       .example = "upbeat pop song about summer vibes"},
      {.name = "lyrics",
       .required = true,
       .min_length = 10,
       .max_length = 600,
       .description = "Song lyrics. Section tags [Intro] [Verse] [Pre-Chorus] [Chorus] [Bridge] "
                      "[Outro] are honoured.",
       .example = "Walking on the beach, sun is shining bright, every day feels right"},
      {.name = "model",
       .required = true,
       .choices = {kMusicModel},
       .rejection_code = "unsupported_model"},
      {.name = "sample_rate",
       .type = FieldType::integer,
       .default_value = audio::kDefaultSampleRate,
       .choices = sample_rates(),
       .rejection_code = "unsupported_sample_rate",
       .description = "Audio sample rate in Hz."},
      // The default shown is the one at the default rate; lower rates get a
      // lower one (see the description and output_format below).
      {.name = "bitrate",
       .type = FieldType::integer,
       .default_value = audio::kDefaultBitrate,
       .description = "Bits per second, mp3 only (wav and pcm ignore it). " + bitrate_rules(),
       .examples = typical_bitrates()},
      {.name = "audio_format",
       .default_value = json::value(audio::to_string(audio::AudioFormat::mp3)),
       .choices = audio_formats(),
       .rejection_code = "unsupported_audio_format",
       .description = "pcm is raw signed 16-bit little-endian stereo, no header."},
  };
}

int clamp_int(std::int64_t v) {
  return static_cast<int>(std::clamp<std::int64_t>(v, INT32_MIN, INT32_MAX));
}

// The rule a field-by-field schema cannot state: which bitrates are valid
// depends on the sample rate and the format, and an absent bitrate defaults
// per rate. formats.hpp owns it; the schema has already checked each field.
Expected<audio::OutputFormat, ApiError> output_format(const ValidatedBody& fields) {
  std::optional<int> bitrate;
  if (fields.given("bitrate")) bitrate = clamp_int(fields.integer("bitrate"));
  auto checked = audio::validate_output_format(fields.string("audio_format"),
                                               clamp_int(fields.integer("sample_rate")), bitrate);
  if (!checked) {
    const auto& e = checked.error();
    return unexpected(
        ApiError{http::Status::bad_request, "unsupported_" + e.field, e.field, e.message});
  }
  return *checked;
}

}  // namespace

const RequestSchema& music_request_schema() {
  static const RequestSchema schema(music_fields());
  return schema;
}

const ResultSchema& music_result_schema() {
  static const ResultSchema schema({
      {.name = "audioUrl",
       .required = true,
       .format = "uri",
       .description = "Where to download the song (GET, ranges supported) until the retention "
                      "period ends."},
  });
  return schema;
}

Expected<engines::MusicJob, ApiError> parse_music_request(const http::Request& request) {
  auto body = parse_json_object(request);
  if (!body) return unexpected(body.error());
  return parse_music_request(*body);
}

Expected<engines::MusicJob, ApiError> parse_music_request(const json::object& body) {
  auto fields = music_request_schema().validate(body);
  if (!fields) return unexpected(fields.error());
  auto format = output_format(*fields);
  if (!format) return unexpected(format.error());
  // Lyrics of emoji or tags alone pass the length check but give nothing to
  // sing: refused here, before any invoice (the music engine decides).
  if (auto reason = engines::music::unsingable_reason(fields->string("lyrics"))) {
    return unexpected(ApiError{http::Status::bad_request, "unsingable_lyrics", "lyrics", *reason});
  }
  engines::MusicJob job;
  job.prompt = std::string(fields->string("prompt"));
  job.lyrics = std::string(fields->string("lyrics"));
  job.audio_format = std::string(audio::to_string(format->format));
  job.sample_rate = format->sample_rate;
  job.bitrate = format->bitrate;
  return job;
}

}  // namespace l402d::api
