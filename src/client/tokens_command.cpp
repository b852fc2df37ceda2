#include "client/tokens_command.hpp"

#include <boost/json.hpp>
#include <iomanip>

#include "client/exit_codes.hpp"
#include "client/fetcher.hpp"
#include "client/sats_text.hpp"
#include "util/clock.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

// Tokens never paid carry 0, which is no moment anyone paid at.
std::string paid_time(std::int64_t t) {
  return t == 0 ? "-" : iso_time(t);
}

}  // namespace

json::object receipt_json(const TokenEntry& e) {
  return {{"id", e.id},
          {"state", to_string(e.state)},
          {"rail", to_string(e.rail)},
          {"server", e.key.server},
          {"method", e.key.method},
          {"target", e.key.target},
          {"request_sha256", e.key.request_sha256},
          {"amount_sats", e.amount_sats},
          {"amount_msat", e.amount_msat},
          {"fee_msat", e.fee_msat},
          {"fee_limit_msat", e.fee_limit_msat},
          {"payment_hash", e.payment_hash},
          {"wallet", e.wallet},
          {"created_at", e.created_at},
          {"paid_at", e.paid_at},
          {"used_at", e.used_at},
          {"invoice_expires_at", e.invoice_expires_at}};
}

void list_tokens(const TokenCache& cache, const TokensListOptions& options, std::ostream& out) {
  auto entries = cache.list();
  if (options.json) {
    json::array arr;
    for (const auto& e : entries) {
      json::object o = receipt_json(e);
      if (options.show_secrets) {
        o["macaroon"] = e.macaroon;
        o["invoice"] = e.invoice;
        o["preimage"] = e.preimage;
      }
      arr.push_back(std::move(o));
    }
    out << json::serialize(arr) << "\n";
    return;
  }
  if (entries.empty()) {
    out << "no cached credentials or receipts (" << cache.file().string() << ")\n";
    return;
  }
  out << std::left << std::setw(18) << "ID" << std::setw(10) << "STATE" << std::setw(8) << "SATS"
      << std::setw(8) << "FEE" << std::setw(22) << "PAID" << std::setw(6) << "RAIL"
      << "REQUEST\n";
  for (const auto& e : entries) {
    // A fee is only known once paid; before, the limit it may reach.
    std::string fee = e.paid_at ? sats_text(e.fee_msat) : "<=" + sats_text(e.fee_limit_msat);
    out << std::left << std::setw(18) << e.id << std::setw(10) << to_string(e.state) << std::setw(8)
        << sats_text(e.amount_msat) << std::setw(8) << fee << std::setw(22) << paid_time(e.paid_at)
        << std::setw(6) << to_string(e.rail) << e.key.method << " " << e.key.server << e.key.target
        << " (body sha256 " << e.key.request_sha256.substr(0, 12) << "…)\n";
    if (options.show_secrets) {
      if (!e.macaroon.empty()) out << "    macaroon: " << e.macaroon << "\n";
      out << "    invoice:  " << e.invoice << "\n";
      if (!e.preimage.empty()) {
        out << "    preimage: " << e.preimage << "\n";
        // A hand-edited preimage must not hide the rest of the list.
        try {
          auto header = credential_header(e);
          out << "    " << header.name << ": " << header.value << "\n";
        } catch (const std::exception& ex) {
          out << "    (no credential: " << ex.what() << ")\n";
        }
      }
    }
  }
}

int remove_tokens(TokenCache& cache, const std::string& id, bool all, std::ostream& out,
                  std::ostream& err) {
  if (all) {
    auto n = cache.remove_all();
    out << "removed " << n << " cached credential" << (n == 1 ? "" : "s") << "\n";
    return kExitOk;
  }
  if (id.empty()) {
    err << "l402: tokens rm needs an ID (see `l402 tokens list`) or --all\n";
    return kExitUsage;
  }
  if (!cache.remove(id)) {
    err << "l402: no single cached credential matches '" << id << "'\n";
    return kExitUsage;
  }
  out << "removed " << id << "\n";
  return kExitOk;
}

}  // namespace l402d::client
