#include "jobs/callback_signature.hpp"

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::jobs {

std::string callback_secret(ByteView server_secret, std::string_view job_id) {
  const std::string label = "l402d job callback " + std::string(job_id);
  return to_hex(hmac_sha256(server_secret, label));
}

std::string callback_signature(std::string_view secret, std::int64_t timestamp,
                               std::string_view body) {
  std::string message = std::to_string(timestamp);
  message += '.';
  message += body;
  const ByteView key(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size());
  return "sha256=" + to_hex(hmac_sha256(key, message));
}

}  // namespace l402d::jobs
