#pragma once

// POST /api/l402/music: the body as the public page documents it (prompt,
// lyrics, model, sample_rate, bitrate, audio_format), declared once in
// music_request_schema(), which both the parser and the OpenAPI document use.
// Unknown fields are ignored, as JSON APIs conventionally do.

#include <boost/json/object.hpp>

#include "api/api_error.hpp"
#include "api/schema.hpp"
#include "engines/music_engine.hpp"
#include "http/message.hpp"
#include "util/expected.hpp"

namespace l402d::api {

inline constexpr std::string_view kMusicModel = "Music Generation";

const RequestSchema& music_request_schema();
// {"audioUrl": "<uri>"}
const ResultSchema& music_result_schema();

Expected<engines::MusicJob, ApiError> parse_music_request(const http::Request& request);
// The fields of a body already parsed by parse_json_object.
Expected<engines::MusicJob, ApiError> parse_music_request(const boost::json::object& body);

}  // namespace l402d::api
