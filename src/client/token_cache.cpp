#include "client/token_cache.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "client/file_lock.hpp"
#include "client/url.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::client {

namespace json = boost::json;

std::string_view to_string(TokenState state) {
  switch (state) {
    case TokenState::paying:
      return "paying";
    case TokenState::paid:
      return "paid";
    case TokenState::rejected:
      return "rejected";
    case TokenState::used:
      return "used";
  }
  return "unknown";
}

std::string_view to_string(Rail rail) {
  switch (rail) {
    case Rail::l402:
      return "l402";
    case Rail::mpp:
      return "mpp";
    case Rail::x402:
      return "x402";
  }
  return "unknown";
}

std::optional<Rail> parse_rail(std::string_view name) {
  if (name == "l402") return Rail::l402;
  if (name == "mpp") return Rail::mpp;
  if (name == "x402") return Rail::x402;
  return std::nullopt;
}

namespace {

std::optional<TokenState> parse_state(std::string_view s) {
  if (s == "paying") return TokenState::paying;
  if (s == "paid") return TokenState::paid;
  if (s == "rejected") return TokenState::rejected;
  if (s == "used") return TokenState::used;
  return std::nullopt;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

json::object mpp_to_json(const mpp::ChallengeParams& c) {
  return json::object{{"id", c.id},           {"realm", c.realm},
                      {"method", c.method},   {"intent", c.intent},
                      {"request", c.request}, {"expires", c.expires},
                      {"digest", c.digest},   {"description", c.description},
                      {"opaque", c.opaque}};
}

json::object to_json(const TokenEntry& e) {
  json::object o{
      {"id", e.id},
      {"server", e.key.server},
      {"method", e.key.method},
      {"target", e.key.target},
      {"request_sha256", e.key.request_sha256},
      {"state", to_string(e.state)},
      {"scheme", e.scheme},
      {"macaroon", e.macaroon},
      {"invoice", e.invoice},
      {"payment_hash", e.payment_hash},
      {"preimage", e.preimage},
      {"amount_sats", e.amount_sats},
      {"amount_msat", e.amount_msat},
      {"fee_limit_msat", e.fee_limit_msat},
      {"fee_msat", e.fee_msat},
      {"reserved_msat", e.reserved_msat},
      {"budget_day", e.budget_day},
      {"wallet", e.wallet},
      {"created_at", e.created_at},
      {"paid_at", e.paid_at},
      {"used_at", e.used_at},
      {"invoice_expires_at", e.invoice_expires_at},
      {"rail", to_string(e.rail)},
  };
  // Clients from before rails require a macaroon: without one they stop with
  // an error instead of sending the entry as L402, being refused, and paying
  // the request again.
  if (e.rail != Rail::l402 && e.macaroon.empty()) o.erase("macaroon");
  if (e.rail == Rail::mpp) o["mpp_challenge"] = mpp_to_json(e.mpp_challenge);
  if (e.rail == Rail::x402) {
    o["x402_accepted"] = e.x402_accepted;
    o["x402_version"] = e.x402_version;
  }
  return o;
}

std::string str(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_string()) throw std::runtime_error("token cache entry lacks " + std::string(k));
  return std::string(v->as_string());
}

template <class Int>
Int num(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_number()) throw std::runtime_error("token cache entry lacks " + std::string(k));
  return json::value_to<Int>(*v);
}

// Fields added after the first release: files written before lack them.
template <class Int>
Int num_or(const json::object& o, std::string_view k, Int fallback) {
  return o.contains(k) ? num<Int>(o, k) : fallback;
}

std::string str_or_empty(const json::object& o, std::string_view k) {
  return o.contains(k) ? str(o, k) : std::string();
}

const json::object& obj(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_object()) throw std::runtime_error("token cache entry lacks " + std::string(k));
  return v->as_object();
}

mpp::ChallengeParams mpp_from_json(const json::object& o) {
  mpp::ChallengeParams c;
  c.id = str(o, "id");
  c.realm = str(o, "realm");
  c.method = str(o, "method");
  c.intent = str(o, "intent");
  c.request = str(o, "request");
  c.expires = str_or_empty(o, "expires");
  c.digest = str_or_empty(o, "digest");
  c.description = str_or_empty(o, "description");
  c.opaque = str_or_empty(o, "opaque");
  return c;
}

TokenEntry from_json(const json::object& o) {
  TokenEntry e;
  e.id = str(o, "id");
  e.key = {str(o, "server"), str(o, "method"), str(o, "target"), str(o, "request_sha256")};
  auto state = parse_state(str(o, "state"));
  if (!state) throw std::runtime_error("token cache entry has an unknown state");
  e.state = *state;
  // Files written before rails hold L402 credentials only. An unknown rail
  // (a newer client's) is an error: guessing would send the wrong credential.
  if (o.contains("rail")) {
    auto rail = parse_rail(str(o, "rail"));
    if (!rail) throw std::runtime_error("token cache entry has an unknown rail");
    e.rail = *rail;
  }
  e.scheme = str(o, "scheme");
  e.macaroon = e.rail == Rail::l402 ? str(o, "macaroon") : str_or_empty(o, "macaroon");
  e.invoice = str(o, "invoice");
  e.payment_hash = str(o, "payment_hash");
  e.preimage = str(o, "preimage");
  e.amount_sats = num<std::uint64_t>(o, "amount_sats");
  // Older files counted whole sats, with no fee, against the budget.
  e.amount_msat = num_or<std::uint64_t>(o, "amount_msat", e.amount_sats * 1000);
  e.fee_limit_msat = num_or<std::uint64_t>(o, "fee_limit_msat", 0);
  e.fee_msat = num_or<std::uint64_t>(o, "fee_msat", 0);
  e.reserved_msat = num_or<std::uint64_t>(o, "reserved_msat", e.amount_sats * 1000);
  e.budget_day = str(o, "budget_day");
  e.wallet = str(o, "wallet");
  e.created_at = num<std::int64_t>(o, "created_at");
  e.paid_at = num<std::int64_t>(o, "paid_at");
  e.used_at = num_or<std::int64_t>(o, "used_at", 0);
  e.invoice_expires_at = num<std::int64_t>(o, "invoice_expires_at");
  if (e.rail == Rail::mpp) e.mpp_challenge = mpp_from_json(obj(o, "mpp_challenge"));
  if (e.rail == Rail::x402) {
    e.x402_accepted = obj(o, "x402_accepted");
    e.x402_version = num<int>(o, "x402_version");
  }
  return e;
}

}  // namespace

CacheKey make_cache_key(std::string_view url, std::string_view method, std::string_view body) {
  auto parts = parse_url(url);
  return {parts.server(), upper(method), parts.target(), to_hex(sha256(body))};
}

TokenCache::TokenCache(std::filesystem::path file) : file_(std::move(file)) {}

std::vector<TokenEntry> TokenCache::load() const {
  auto text = read_file_if_exists(file_);
  if (!text) return {};
  json::error_code ec;
  auto v = json::parse(*text, ec);
  // Refuse rather than start empty: an unreadable cache may hold paid
  // credentials, and starting over would pay for them again.
  if (ec || !v.is_object()) {
    throw std::runtime_error(file_.string() + " is not valid JSON; fix or remove it");
  }
  const auto* tokens = v.as_object().if_contains("tokens");
  if (!tokens || !tokens->is_array()) throw std::runtime_error(file_.string() + " lacks tokens");
  std::vector<TokenEntry> out;
  try {
    for (const auto& t : tokens->as_array()) {
      if (!t.is_object()) throw std::runtime_error("token cache entry is not an object");
      out.push_back(from_json(t.as_object()));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(file_.string() + ": " + e.what());
  }
  return out;
}

void TokenCache::store(const std::vector<TokenEntry>& entries) const {
  json::array arr;
  for (const auto& e : entries)
    arr.push_back(to_json(e));
  auto text = json::serialize(json::object{{"version", 1}, {"tokens", std::move(arr)}});
  write_file_durably(file_, as_bytes(text));
}

FileLock TokenCache::take_lock() const {
  if (file_.has_parent_path()) ensure_private_dir(file_.parent_path());
  return FileLock(lock_path());
}

std::vector<TokenEntry> TokenCache::list() const {
  FileLock lock = take_lock();
  return load();
}

std::optional<TokenEntry> TokenCache::find(const CacheKey& key) const {
  auto entries = list();
  std::optional<TokenEntry> best;
  auto rank = [](TokenState s) { return s == TokenState::paid ? 2 : s == TokenState::paying; };
  for (auto& e : entries) {
    if (!(e.key == key) || e.state == TokenState::rejected || e.state == TokenState::used) continue;
    if (!best || rank(e.state) > rank(best->state) ||
        (rank(e.state) == rank(best->state) && e.created_at >= best->created_at)) {
      best = e;
    }
  }
  return best;
}

void TokenCache::put(const TokenEntry& entry) {
  FileLock lock = take_lock();
  auto entries = load();
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const TokenEntry& e) { return e.id == entry.id; });
  if (it != entries.end()) {
    *it = entry;
  } else {
    entries.push_back(entry);
  }
  store(entries);
}

bool TokenCache::remove(std::string_view id_or_prefix) {
  if (id_or_prefix.empty()) return false;
  FileLock lock = take_lock();
  auto entries = load();
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].id == id_or_prefix) {
      matches = {i};
      break;
    }
    if (entries[i].id.starts_with(id_or_prefix)) matches.push_back(i);
  }
  if (matches.size() != 1) return false;
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(matches[0]));
  store(entries);
  return true;
}

namespace {

bool is_receipt(const TokenEntry& e) {
  return e.state == TokenState::used || e.state == TokenState::rejected;
}

// When a receipt was last touched: used, else paid, else created.
std::int64_t receipt_time(const TokenEntry& e) {
  return e.used_at ? e.used_at : e.paid_at ? e.paid_at : e.created_at;
}

}  // namespace

std::size_t TokenCache::prune_receipts(const ReceiptRetention& retention, std::int64_t now) {
  FileLock lock = take_lock();
  auto entries = load();
  const std::int64_t oldest = now - retention.max_age_days * 86'400;
  // Receipts young enough, newest first (later in the file first on ties);
  // the first max_count of them stay.
  std::vector<std::size_t> young;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (is_receipt(entries[i]) && receipt_time(entries[i]) >= oldest) young.push_back(i);
  }
  std::stable_sort(young.begin(), young.end(), [&](std::size_t a, std::size_t b) {
    auto ta = receipt_time(entries[a]), tb = receipt_time(entries[b]);
    return ta != tb ? ta > tb : a > b;
  });
  std::vector<bool> keep(entries.size(), false);
  for (std::size_t k = 0; k < young.size() && k < retention.max_count; ++k)
    keep[young[k]] = true;
  std::vector<TokenEntry> left;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!is_receipt(entries[i]) || keep[i]) left.push_back(std::move(entries[i]));
  }
  auto removed = entries.size() - left.size();
  if (removed) store(left);
  return removed;
}

std::size_t TokenCache::remove_all() {
  FileLock lock = take_lock();
  auto entries = load();
  if (!entries.empty()) store({});
  return entries.size();
}

}  // namespace l402d::client
