#include "nostr/error.hpp"

namespace l402d::nostr {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::malformed_json:
      return "malformed_json";
    case ErrorCode::malformed_event:
      return "malformed_event";
    case ErrorCode::event_id_mismatch:
      return "event_id_mismatch";
    case ErrorCode::bad_signature:
      return "bad_signature";
    case ErrorCode::unsupported_encryption:
      return "unsupported_encryption";
    case ErrorCode::malformed_payload:
      return "malformed_payload";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::mac_mismatch:
      return "mac_mismatch";
    case ErrorCode::invalid_padding:
      return "invalid_padding";
    case ErrorCode::invalid_plaintext:
      return "invalid_plaintext";
    case ErrorCode::malformed_uri:
      return "malformed_uri";
    case ErrorCode::malformed_message:
      return "malformed_message";
    case ErrorCode::unexpected_event:
      return "unexpected_event";
    case ErrorCode::expired:
      return "expired";
    case ErrorCode::unknown_message:
      return "unknown_message";
  }
  return "unknown";
}

}  // namespace l402d::nostr
