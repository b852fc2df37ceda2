#pragma once

// The whole stand-in network in one object: four nodes (lnd, CLN, LNbits,
// phoenixd) over one ledger, each API on its own ephemeral port, a control
// port, and the credential files each real implementation writes, then
// DIR/lnsim.json (written last, atomically) naming every port and file.
//
// DIR/lnd/       tls.cert, tls.key, admin.macaroon, invoice.macaroon
// DIR/cln/       ca.pem, ca-key.pem, server.pem, server-key.pem, client.pem,
//                client-key.pem, admin.rune, invoice.rune
// DIR/lnbits/    keys.json {"wallet_id", "wallet_name", "admin_key", "invoice_key"}
// DIR/phoenixd/  phoenix.conf (http-password=, http-password-limited-access=)
//
// Every file is written 0600 (temporary name, fsync, rename). Secrets never
// reach a log line.

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "lnsim/chain.hpp"
#include "lnsim/fee_policy.hpp"
#include "lnsim/node_kind.hpp"

namespace l402d::lnsim {

class Ledger;
class Node;
class HttpServer;
class IoLoops;

struct SimulatorOptions {
  std::filesystem::path dir;
  Chain chain;
  int latency_ms = 0;
  int threads = 2;
  std::string host = "127.0.0.1";
  FeePolicy fees;
  std::uint64_t balance_msat = 100'000'000'000ULL;  // 1 BTC per node
};

class Simulator {
 public:
  explicit Simulator(SimulatorOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Writes the files, listens, then writes lnsim.json. Throws on failure.
  void start();
  // Drops every connection and stops the I/O threads; idempotent.
  void stop();

  std::filesystem::path info_file() const { return options_.dir / "lnsim.json"; }
  std::uint16_t port(NodeKind node) const;
  std::uint16_t control_port() const;
  Ledger& ledger();
  const Node& node(NodeKind node) const;
  HttpServer& server(NodeKind node);
  std::atomic<int>& latency_ms() { return latency_ms_; }

 private:
  struct Parts;
  void write_credentials();
  void write_info_file() const;

  SimulatorOptions options_;
  std::atomic<int> latency_ms_;
  std::unique_ptr<Parts> parts_;
  bool stopped_ = false;
};

}  // namespace l402d::lnsim
