#pragma once

// One simulated node's identity (key, alias, colour) and how it writes
// invoices: each implementation sets its own feature bits, field order and
// final CLTV delta, and CLN derives the payment secret from the preimage.
// Signing happens here, outside the ledger's lock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bolt11/invoice.hpp"
#include "lnsim/chain.hpp"
#include "lnsim/node_kind.hpp"
#include "lnsim/records.hpp"

namespace l402d::lnsim {

struct InvoiceSpec {
  std::optional<std::uint64_t> amount_msat;  // nullopt or 0: any amount
  std::string description;
  std::optional<Hash32> description_hash;  // written instead of the description
  std::uint64_t expiry_seconds = 3600;
  std::optional<Hash32> preimage;  // random when absent
  std::uint64_t cltv_expiry = 0;   // 0: the node's default
  std::string label;
  std::string external_id;
};

class Node {
 public:
  Node(NodeKind kind, const bolt11::SecretKey& key, std::string alias, Chain chain);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeKind kind() const { return kind_; }
  const bolt11::PublicKey& id() const { return id_; }
  const std::string& id_hex() const { return id_hex_; }
  const std::string& alias() const { return alias_; }
  std::string color() const;  // "3399ff": lnd and CLN both derive it from the key
  const Chain& chain() const { return chain_; }
  std::uint64_t default_cltv() const;
  std::vector<std::uint16_t> invoice_features() const;

  // A signed invoice for the ledger (add_index and the rest are the ledger's).
  // Throws std::invalid_argument when the invoice cannot be written (the
  // description too long for one BOLT11 field).
  InvoiceRecord make_invoice(const InvoiceSpec& spec) const;

 private:
  NodeKind kind_;
  bolt11::SecretKey key_;
  bolt11::PublicKey id_{};
  std::string id_hex_;
  std::string alias_;
  Chain chain_;
};

}  // namespace l402d::lnsim
