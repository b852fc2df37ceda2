#pragma once

// The Payment-Receipt header (draft-ryan-httpauth-payment section 5.3): sent
// on success only. For the Lightning charge the reference is the payment
// hash, never the preimage.

#include <optional>
#include <string>
#include <string_view>

namespace l402d::mpp {

struct Receipt {
  std::string status = "success";
  std::string method = "lightning";
  std::string timestamp;     // RFC 3339
  std::string reference;     // payment hash, hex
  std::string challenge_id;  // the id of the challenge the credential answered
  bool operator==(const Receipt&) const = default;
};

std::string format_receipt(const Receipt& receipt);  // base64url(JCS)
std::optional<Receipt> parse_receipt(std::string_view header_value);

}  // namespace l402d::mpp
