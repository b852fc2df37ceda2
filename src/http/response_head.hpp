#pragma once

// The status line and header block of a response, as one string.
// Beast's serializer presents a response as a chain of small buffers (four per
// header field) behind generic iterators; walking that chain cost about a
// tenth of the server's CPU on a cached replay (docs/benchmarks.md). With the
// head in one string the server writes two buffers, head and body, in one
// system call. Byte-for-byte what Beast's serializer writes (tested).

#include <string>

#include "http/message.hpp"

namespace l402d::http {

// Appends the head of `response` (status line, every field, blank line) to
// `out`. Fields are written as they are: call keep_alive() and
// prepare_payload() first, as before handing a message to Beast. Takes the
// header alone so that streamed responses share it; a StringResponse binds to
// it directly.
void append_response_head(const beast_http::response_header<>& response, std::string& out);

}  // namespace l402d::http
