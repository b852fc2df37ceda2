#include "lightning/secret_source.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "lightning/backend.hpp"

namespace l402d::lightning {

namespace {

[[noreturn]] void refuse(const std::string& message) {
  throw BackendError(BackendErrorCode::unauthorized, message);
}

}  // namespace

std::string read_secret(const SecretSource& source) {
  if (!source.env.empty()) {
    if (const char* v = std::getenv(source.env.c_str()); v && *v) return v;
  }
  if (source.file.empty()) {
    refuse("no " + source.what + ": set its file in the configuration or " + source.env);
  }
  struct stat st {};
  if (::stat(source.file.c_str(), &st) != 0) {
    refuse("cannot read " + source.what + " " + source.file.string());
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    refuse(source.what + " " + source.file.string() +
           " may be read by other users; run chmod 600 on it (or hand it over in " + source.env +
           ")");
  }
  std::ifstream in(source.file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) refuse("cannot read " + source.what + " " + source.file.string());
  if (bytes.empty()) refuse(source.what + " " + source.file.string() + " is empty");
  return bytes;
}

}  // namespace l402d::lightning
