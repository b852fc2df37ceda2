#pragma once

// Self-signed server certificates made at run time (nothing secret or expiring
// is checked in), shaped like LND's tls.cert: a CA:TRUE certificate for
// localhost and 127.0.0.1 that the server presents as is.

#include <filesystem>
#include <string>

namespace l402d::net::testing {

struct TestCert {
  std::string cert_pem;
  std::string key_pem;
  std::filesystem::path cert_file;  // cert_pem, written out
};

// Writes the certificate to dir/<name>.pem.
TestCert make_test_cert(const std::filesystem::path& dir, const std::string& name);

// A fresh directory under the system's temporary one, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace l402d::net::testing
