#pragma once

// The Payment credential (draft-ryan-httpauth-payment section 5.2) for the
// Lightning charge: `Authorization: Payment <base64url JSON>` whose JSON
// echoes the challenge and carries the preimage as the proof of payment.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mpp/challenge.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::mpp {

struct Credential {
  ChallengeParams challenge;  // as echoed
  std::string source;         // optional payer id; never required
  Hash32 preimage{};          // payload.preimage
};

// The Payment credential among Authorization values: nullopt when none uses
// the Payment scheme; otherwise the credential, or a sentence saying why it
// cannot be read (not base64url, not JSON, no challenge echo, no preimage).
std::optional<Expected<Credential, std::string>> find_credential(
    std::span<const std::string_view> authorization);

// `Payment <base64url(JCS)>`, what a client sends.
std::string format_authorization(const ChallengeParams& challenge, const Hash32& preimage);

}  // namespace l402d::mpp
