#include "api/music_request.hpp"

#include "api/json_body.hpp"
#include "engines/music/audio/formats.hpp"

namespace l402d::api {

Expected<engines::MusicJob, ApiError> parse_music_request(const http::Request& request) {
  auto body = parse_json_object(request);
  if (!body) return unexpected(body.error());
  return parse_music_request(*body);
}

Expected<engines::MusicJob, ApiError> parse_music_request(const boost::json::object& fields) {
  const auto* body = &fields;
  auto prompt = required_string(*body, "prompt", 10, 300);
  if (!prompt) return unexpected(prompt.error());
  auto lyrics = required_string(*body, "lyrics", 10, 600);
  if (!lyrics) return unexpected(lyrics.error());
  auto model = required_choice(*body, "model", {kMusicModel}, "unsupported_model");
  if (!model) return unexpected(model.error());
  auto format = optional_string(*body, "audio_format", 16);
  if (!format) return unexpected(format.error());
  auto rate = optional_integer(*body, "sample_rate");
  if (!rate) return unexpected(rate.error());
  auto bitrate = optional_integer(*body, "bitrate");
  if (!bitrate) return unexpected(bitrate.error());

  auto clamp_int = [](std::int64_t v) {
    return static_cast<int>(
        std::max<std::int64_t>(INT32_MIN, std::min<std::int64_t>(INT32_MAX, v)));
  };
  namespace audio = engines::music::audio;
  auto checked = audio::validate_output_format(
      format->value_or("mp3"), rate->has_value() ? clamp_int(**rate) : audio::kDefaultSampleRate,
      bitrate->has_value() ? std::optional<int>(clamp_int(**bitrate)) : std::nullopt);
  if (!checked) {
    const auto& e = checked.error();
    return unexpected(
        ApiError{http::Status::bad_request, "unsupported_" + e.field, e.field, e.message});
  }
  engines::MusicJob job;
  job.prompt = std::move(*prompt);
  job.lyrics = std::move(*lyrics);
  job.audio_format = std::string(audio::to_string(checked->format));
  job.sample_rate = checked->sample_rate;
  job.bitrate = checked->bitrate;
  return job;
}

}  // namespace l402d::api
