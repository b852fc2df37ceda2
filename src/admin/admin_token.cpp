#include "admin/admin_token.hpp"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::admin {

namespace {

constexpr std::size_t kTokenBytes = 32;

std::runtime_error refused(const std::filesystem::path& path, std::string_view why) {
  return std::runtime_error("admin token " + path.string() + ": " + std::string(why));
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::string read_admin_token(const std::filesystem::path& data_dir) {
  const auto path = data_dir / kAdminTokenFile;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw refused(path, "cannot be read (start l402d once)");
  // Like the key files: a token others can read is no secret.
  if ((st.st_mode & 077) != 0) throw refused(path, "is readable by group or others; chmod 600");
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  if (!in) throw refused(path, "cannot be read");
  const auto text = std::string(trimmed(contents.str()));
  if (text.size() != 2 * kTokenBytes || !from_hex(text)) {
    throw refused(path, "is not 64 hex digits");
  }
  return text;
}

std::string load_or_create_admin_token(const std::filesystem::path& data_dir) {
  const auto path = data_dir / kAdminTokenFile;
  if (!std::filesystem::exists(path)) {
    const auto secret = random_array<kTokenBytes>();
    const auto text = to_hex(secret) + "\n";
    write_file_durably(path, as_bytes(text));
  }
  return read_admin_token(data_dir);
}

bool admin_token_matches(std::string_view expected, std::string_view presented) {
  // The length is no secret (always 64); the bytes are compared in constant time.
  if (expected.empty() || expected.size() != presented.size()) return false;
  return CRYPTO_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

}  // namespace l402d::admin
