#pragma once

// Whether a paid request asks to be answered at once with a job (202) rather
// than held open until its result, and where to send the result when done.
// Asked by:
//   Prefer: respond-async              (RFC 7240)
//   ?async=true (or 1)                 for clients that cannot set headers
//   {"async": true}                    in the JSON body, likewise
//   {"callback_url": "https://..."}    implies async
// A body flag is part of the request the token is bound to, so a client
// sends it with the unpaid request too; the header is not, so it may be
// added only when paying.

#include <string>

#include "http/message.hpp"
#include "util/expected.hpp"

namespace l402d::jobs {

struct JobRequest {
  bool async = false;
  std::string callback_url;  // empty: none
};

struct JobRequestError {
  std::string code;  // callback_url_invalid, async_flag_invalid
  std::string message;
};

// Reads the flags above from the request (and its parsed JSON body, when a
// filter parsed it). A callback URL must be absolute http(s) with a host and
// at most 2048 characters; whether its address may be reached is decided
// when it is sent (public_address.hpp).
Expected<JobRequest, JobRequestError> read_job_request(const http::Exchange& exchange);

// The Prefer header's respond-async preference (case-insensitive, among others).
bool prefers_respond_async(std::string_view prefer);

}  // namespace l402d::jobs
