#pragma once

// Builds the configured Lightning backend. Each backend brings one config
// struct (its [lightning.<name>] table, named by kName) as an alternative of
// BackendConfig and one branch in make_backend; the config parser and the
// factory both visit the variant, so a backend missing from either does not
// compile.

#include <filesystem>
#include <memory>
#include <optional>
#include <variant>

#include "bolt11/invoice.hpp"
#include "lightning/backend.hpp"
#include "lightning/builtin_node.hpp"
#include "lightning/cln_backend.hpp"
#include "lightning/lnbits_backend.hpp"
#include "lightning/lnd_backend.hpp"
#include "lightning/nwc_backend.hpp"
#include "lightning/phoenixd_backend.hpp"
#include "store/invoice_store.hpp"
#include "store/secret_store.hpp"

namespace l402d::lightning {

using BackendConfig =
    std::variant<BuiltinNodeConfig, LndConfig, ClnConfig, LnbitsConfig, PhoenixdConfig, NwcConfig>;

// What backends may need beyond their own table. References must outlive the
// backend.
struct BackendContext {
  std::filesystem::path data_dir;  // where a backend keeps its own keys
  store::InvoiceStore& invoices;   // the builtin node's record of paid invoices
  BuiltinNode::Clock clock = {};   // unix seconds; empty: the system clock
  // [lightning] network. Backends whose node does not say its network
  // (LNbits) check each invoice against it instead; empty: no such check.
  std::optional<bolt11::Network> network = {};
  // Set when several instances share the store (PostgreSQL): the builtin node
  // then takes its key from there, so they are one node; null: data_dir.
  store::SecretStore* shared_secrets = nullptr;
};

// Throws what the backend throws when it cannot start (a key file it cannot
// read, a node it cannot reach).
std::unique_ptr<Backend> make_backend(const BackendConfig& config, const BackendContext& context);

}  // namespace l402d::lightning
