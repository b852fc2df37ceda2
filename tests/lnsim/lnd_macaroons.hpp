#pragma once

// lnd's macaroons: go-macaroon V2 binaries whose identifier is a bakery v3 id
// (0x03 ‖ protobuf MacaroonId{nonce, storageId, ops}) naming the permitted
// operations. admin.macaroon may do everything, invoice.macaroon may read and
// write invoices and addresses and read on-chain data, as rpcserver.go grants.
//
// Verification follows macaroons/service.go: hex from the Grpc-Metadata-macaroon
// header, V2 and a v3 id, the signature chain from this node's root key, the
// first-party caveats lnd understands, then the permission. Failures carry
// lnd's own messages; lnd returns them as plain errors (gRPC Unknown).

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::lnsim {

struct LndPermission {
  std::string_view entity;  // "invoices", "offchain", "info", ...
  std::string_view action;  // "read", "write", ...
};

class LndMacaroons {
 public:
  LndMacaroons();  // a fresh random root key
  ~LndMacaroons();
  LndMacaroons(const LndMacaroons&) = delete;
  LndMacaroons& operator=(const LndMacaroons&) = delete;

  Bytes admin() const;    // the admin.macaroon file
  Bytes invoice() const;  // the invoice.macaroon file

  // nullopt when `header` (hex, as sent) may do `permission`; lnd's error
  // message otherwise. `header` nullopt: the header is missing.
  std::optional<std::string> check(std::optional<std::string_view> header, LndPermission permission,
                                   std::string_view remote_ip) const;

 private:
  Hash32 root_key_{};
  Bytes admin_;
  Bytes invoice_;
};

}  // namespace l402d::lnsim
