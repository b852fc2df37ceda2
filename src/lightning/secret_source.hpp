#pragma once

// Where a backend's credential comes from: an environment variable (for
// containers and secret managers) or a file that only its owner can read.
// The value is never logged and never part of an exception message.

#include <filesystem>
#include <string>

namespace l402d::lightning {

struct SecretSource {
  std::string env;             // e.g. L402D_LND_MACAROON; used when set and non-empty
  std::filesystem::path file;  // else this file
  std::string what;            // for messages: "the LND macaroon"
};

// The raw bytes. Throws BackendError(unauthorized) when neither is set, and
// when the file cannot be read or group or others may read it (the message
// says how to fix it, and names the file, never its contents).
std::string read_secret(const SecretSource& source);

}  // namespace l402d::lightning
