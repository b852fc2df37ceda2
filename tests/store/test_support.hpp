#pragma once

// Helpers every store test shares, whatever the backend: distinct hashes,
// token, result and invoice records, and a private temporary directory per test.

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "store/invoice_store.hpp"
#include "store/token_ledger.hpp"
#include "util/crypto.hpp"

namespace l402d::store::testing {

inline Hash32 hash_of(const std::string& label) {
  return sha256(label);
}

inline TokenRecord token(const std::string& label, const std::string& request = "request") {
  TokenRecord t;
  t.token_id = hash_of("token:" + label);
  t.payment_hash = hash_of("payment:" + label);
  t.service = "music";
  if (!request.empty()) t.request_hash = hash_of("request:" + request);
  return t;
}

inline StoredResult result(const std::string& body, int status = 200) {
  StoredResult r;
  r.status = status;
  r.content_type = "audio/mpeg";
  r.body.assign(body.begin(), body.end());
  return r;
}

inline InvoiceRecord invoice(const std::string& label) {
  InvoiceRecord r;
  r.payment_hash = hash_of("payment:" + label);
  r.preimage = hash_of("preimage:" + label);
  r.bolt11 = "lnbcrt1000n1" + label;
  r.amount_msat = 100'000;
  r.description = "music: " + label;
  r.created_at = 1'700'000'000;
  r.expires_at = 1'700'003'600;
  return r;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "l402d-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace l402d::store::testing
