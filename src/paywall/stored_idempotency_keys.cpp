#include "paywall/stored_idempotency_keys.hpp"

#include <boost/json.hpp>

#include "store/store_error.hpp"
#include "util/hex.hpp"

namespace l402d::paywall {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_string()) throw std::invalid_argument("missing " + std::string(name));
  return std::string(v->get_string());
}

std::int64_t int_of(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_int64()) throw std::invalid_argument("missing " + std::string(name));
  return v->get_int64();
}

Hash32 hash_of(const json::object& o, std::string_view name) {
  auto h = from_hex_array<32>(text_of(o, name));
  if (!h) throw std::invalid_argument("bad " + std::string(name));
  return *h;
}

json::object challenge_json(const Challenge& c) {
  return {{"service", c.service},
          {"price_msat", static_cast<std::int64_t>(c.price_msat)},
          {"macaroon", c.macaroon},
          {"invoice", c.invoice},
          {"payment_hash", to_hex(c.payment_hash)},
          {"token_id", to_hex(c.token_id)},
          {"expires_at", c.expires_at}};
}

Challenge challenge_from(const json::object& o) {
  Challenge c;
  c.service = text_of(o, "service");
  c.price_msat = static_cast<std::uint64_t>(int_of(o, "price_msat"));
  c.macaroon = text_of(o, "macaroon");
  c.invoice = text_of(o, "invoice");
  c.payment_hash = hash_of(o, "payment_hash");
  c.token_id = hash_of(o, "token_id");
  c.expires_at = int_of(o, "expires_at");
  return c;
}

}  // namespace

std::string encode_keyed_challenge(const KeyedChallenge& e) {
  json::object o{{"service", e.service}, {"challenge", challenge_json(e.challenge)},
                 {"l402", e.text.l402},  {"mpp", e.text.mpp},
                 {"x402", e.text.x402},  {"token_id", to_hex(e.token_id)}};
  if (e.request_hash) o["request_hash"] = to_hex(*e.request_hash);
  return json::serialize(o);
}

std::optional<KeyedChallenge> decode_keyed_challenge(std::string_view text) {
  try {
    const auto v = json::parse(text);
    const auto& o = v.as_object();
    KeyedChallenge e;
    e.service = text_of(o, "service");
    if (o.contains("request_hash")) e.request_hash = hash_of(o, "request_hash");
    e.challenge = challenge_from(o.at("challenge").as_object());
    e.text = {text_of(o, "l402"), text_of(o, "mpp"), text_of(o, "x402")};
    e.token_id = hash_of(o, "token_id");
    return e;
  } catch (const std::exception&) {
    return std::nullopt;  // not ours, or from a newer version: no entry
  }
}

std::optional<KeyedChallenge> StoredIdempotencyKeys::find(const std::string& key,
                                                          std::int64_t now) {
  try {
    auto text = records_.find_entry(key, now);
    if (!text) return std::nullopt;
    return decode_keyed_challenge(*text);
  } catch (const store::StoreError&) {
    return std::nullopt;
  }
}

void StoredIdempotencyKeys::remember(const std::string& key, KeyedChallenge entry,
                                     std::int64_t now) {
  try {
    records_.keep_entry(key, encode_keyed_challenge(entry), entry.challenge.expires_at, now);
  } catch (const store::StoreError&) {
    // Unkept: a retry gets a fresh invoice (the top comment).
  }
}

}  // namespace l402d::paywall
