#pragma once

// How a job's callback proves it came from this server (docs/jobs.md):
//
//   X-L402d-Timestamp: <unix seconds>
//   X-L402d-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//
// The secret is per job, derived from a server secret (so every instance on
// one database derives the same one) and handed to the buyer in the 202
// answer. Signing the timestamp with the body lets a receiver refuse old
// deliveries replayed at it.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::jobs {

// 64 hex digits: HMAC-SHA256(server_secret, "l402d job callback " + job_id).
std::string callback_secret(ByteView server_secret, std::string_view job_id);

// "sha256=<hex>" over timestamp + "." + body.
std::string callback_signature(std::string_view secret, std::int64_t timestamp,
                               std::string_view body);

}  // namespace l402d::jobs
