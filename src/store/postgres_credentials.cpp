#include "store/postgres_credentials.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "store/store_error.hpp"

namespace l402d::store {
namespace {

constexpr std::string_view kHidden = "***";

// postgresql://user:secret@host/db -> postgresql://user:***@host/db
std::string redact_user_info(std::string url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto start = scheme + 3;
  const auto authority_end = url.find_first_of("/?", start);
  const auto at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
  if (at == std::string::npos || at < start) return url;
  const auto colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url;
  return url.replace(colon + 1, at - colon - 1, kHidden);
}

// ...?password=secret&... (and key=value conninfo strings) -> password=***
std::string redact_password_parameters(std::string url) {
  constexpr std::string_view key = "password=";
  for (std::size_t pos = 0; pos < url.size(); ++pos) {
    if (url.size() - pos < key.size()) break;
    bool match = true;
    for (std::size_t i = 0; i < key.size() && match; ++i) {
      match = std::tolower(static_cast<unsigned char>(url[pos + i])) == key[i];
    }
    const bool starts_word = pos == 0 || url[pos - 1] == '?' || url[pos - 1] == '&' ||
                             std::isspace(static_cast<unsigned char>(url[pos - 1]));
    if (!match || !starts_word) continue;
    const auto value = pos + key.size();
    const auto end = url.find_first_of("& \t\n", value);
    url.replace(value, (end == std::string::npos ? url.size() : end) - value, kHidden);
    pos = value + kHidden.size();
  }
  return url;
}

[[noreturn]] void refuse(const std::string& message) {
  throw StoreError(StoreError::Kind::other, "store: " + message);
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string redact_postgres_url(std::string_view url) {
  return redact_password_parameters(redact_user_info(std::string(url)));
}

std::string read_postgres_password(const std::filesystem::path& file) {
  const std::string env(kStorePasswordEnv);
  if (const char* v = std::getenv(env.c_str()); v && *v) return v;
  if (file.empty()) return {};
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) refuse("cannot read the password file " + file.string());
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    refuse("the password file " + file.string() +
           " may be read by other users; run chmod 600 on it (or hand it over in " + env + ")");
  }
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) refuse("cannot read the password file " + file.string());
  auto password = trimmed(bytes);
  if (password.empty()) refuse("the password file " + file.string() + " is empty");
  return password;
}

}  // namespace l402d::store
