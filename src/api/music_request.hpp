#pragma once

// POST /api/l402/music: the body as the public page documents it.
//   prompt        string, required, 10-300 characters (music style)
//   lyrics        string, required, 10-600 characters ([Verse] etc. tags allowed)
//   model         string, required, "Music Generation"
//   sample_rate   integer, default 44100
//   bitrate       integer, default 256000 (mp3)
//   audio_format  "mp3" | "wav" | "pcm", default "mp3"
// Unknown fields are ignored, as JSON APIs conventionally do.

#include <boost/json/object.hpp>

#include "api/api_error.hpp"
#include "engines/music_engine.hpp"
#include "http/message.hpp"
#include "util/expected.hpp"

namespace l402d::api {

inline constexpr std::string_view kMusicModel = "Music Generation";

Expected<engines::MusicJob, ApiError> parse_music_request(const http::Request& request);
// The fields of a body already parsed by parse_json_object.
Expected<engines::MusicJob, ApiError> parse_music_request(const boost::json::object& body);

}  // namespace l402d::api
