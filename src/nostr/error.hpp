#pragma once

// Why the nostr library refused an input. Hostile input is the common case on a
// relay, so refusals are values (Expected), not exceptions.

#include <string>
#include <string_view>

namespace l402d::nostr {

enum class ErrorCode {
  malformed_json,          // the text is not JSON
  malformed_event,         // not a NIP-01 event (fields missing, wrong types, bad hex)
  event_id_mismatch,       // `id` is not the hash of the event's canonical serialization
  bad_signature,           // `sig` is not the author's BIP-340 signature of `id`
  unsupported_encryption,  // NIP-44 version other than 2, or an encryption scheme not known here
  malformed_payload,       // ciphertext framing: base64, lengths, the NIP-04 `?iv=` part
  payload_too_large,       // ciphertext above the caller's limit, refused before decoding
  mac_mismatch,            // NIP-44 MAC does not authenticate the ciphertext
  invalid_padding,         // NIP-44 length prefix or padding, NIP-04 PKCS#7 padding
  invalid_plaintext,       // a plaintext NIP-44 cannot carry (empty, 2^32 bytes or more)
  malformed_uri,           // not a usable Nostr Wallet Connect URI
  malformed_message,       // a NIP-47 payload or relay message of the wrong shape
  unexpected_event,        // wrong kind, author or recipient, or not the reply awaited
  expired,                 // a request received after its `expiration`
  unknown_message,         // a relay message type, method or notification not handled here
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  // For a person: what is wrong. Never holds keys, secrets, plaintexts or preimages.
  std::string message;
};

}  // namespace l402d::nostr
