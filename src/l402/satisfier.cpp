#include "l402/satisfier.hpp"

#include <string>

#include "l402/caveat.hpp"
#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

VerifyError error(VerifyCode code, std::string message) {
  return {code, std::move(message)};
}

VerifyError widening(std::string_view what) {
  return error(VerifyCode::caveat_widening,
               std::string("a later ") + std::string(what) +
                   " caveat widens an earlier one; caveats may only narrow a token, "
                   "use the token as issued");
}

// A later numeric caveat (decimal, no sign) may lower the earlier one, never
// raise it.
std::optional<VerifyError> not_raised(std::string_view previous, std::string_view current,
                                      VerifyCode malformed, std::string_view what) {
  const auto p = parse_unix_time(previous);
  const auto c = parse_unix_time(current);
  if (!p || !c) return error(malformed, "malformed " + std::string(what) + " caveat in the token");
  if (*c > *p) return widening(what);
  return std::nullopt;
}

// Every item of `current` appears in `previous`. Both values must be well formed.
template <class Extract>
bool subset(std::string_view previous, std::string_view current, Extract extract) {
  bool ok = true;
  std::size_t count = 0;
  std::string_view rest = current;
  for (;;) {
    const std::size_t comma = rest.find(',');
    if (++count > kMaxListItems) return false;
    const std::string_view item = extract(rest.substr(0, comma));
    bool found = false;
    std::string_view prev_rest = previous;
    for (;;) {
      const std::size_t pc = prev_rest.find(',');
      if (extract(prev_rest.substr(0, pc)) == item) {
        found = true;
        break;
      }
      if (pc == std::string_view::npos) break;
      prev_rest.remove_prefix(pc + 1);
    }
    ok = ok && found;
    if (!ok || comma == std::string_view::npos) return ok;
    rest.remove_prefix(comma + 1);
  }
}

std::string_view service_name(std::string_view item) {
  return item.substr(0, item.find(':'));
}
std::string_view identity(std::string_view item) {
  return item;
}

}  // namespace

bool ServicesSatisfier::matches(std::string_view condition) const {
  return condition == kServicesCondition;
}

std::optional<VerifyError> ServicesSatisfier::satisfy_previous(std::string_view previous,
                                                               std::string_view current) const {
  if (!services_valid(previous) || !services_valid(current)) {
    return error(VerifyCode::caveat_service, "malformed services caveat in the token");
  }
  if (!subset(previous, current, service_name)) return widening("services");
  return std::nullopt;
}

std::optional<VerifyError> ServicesSatisfier::satisfy_final(std::string_view value) const {
  if (!services_contains(value, service_)) {
    return error(VerifyCode::caveat_service, "this token is not valid for service '" +
                                                 std::string(service_) +
                                                 "'; request a new token from this endpoint");
  }
  return std::nullopt;
}

bool CapabilitiesSatisfier::matches(std::string_view condition) const {
  return is_service_condition(condition, service_, kCapabilitiesSuffix);
}

std::optional<VerifyError> CapabilitiesSatisfier::satisfy_previous(std::string_view previous,
                                                                   std::string_view current) const {
  if (current.empty()) return std::nullopt;  // no capabilities: narrowest possible
  if (previous.empty() || !subset(previous, current, identity)) return widening("capabilities");
  return std::nullopt;
}

std::optional<VerifyError> CapabilitiesSatisfier::satisfy_final(std::string_view value) const {
  if (!required_) return std::nullopt;
  if (!list_contains(value, *required_)) {
    return error(VerifyCode::caveat_capability, "this token does not grant the capability '" +
                                                    std::string(*required_) +
                                                    "' required here; request a token for it");
  }
  return std::nullopt;
}

bool ValidUntilSatisfier::matches(std::string_view condition) const {
  return is_service_condition(condition, service_, kValidUntilSuffix);
}

std::optional<VerifyError> ValidUntilSatisfier::satisfy_previous(std::string_view previous,
                                                                 std::string_view current) const {
  return not_raised(previous, current, VerifyCode::caveat_expired, "valid_until");
}

std::optional<VerifyError> ValidUntilSatisfier::satisfy_final(std::string_view value) const {
  const auto t = parse_unix_time(value);
  if (!t) return error(VerifyCode::caveat_expired, "malformed valid_until caveat in the token");
  if (!(now_ < *t)) {
    return error(VerifyCode::caveat_expired,
                 "this token has expired; pay a new invoice to get a fresh one");
  }
  return std::nullopt;
}

bool RequestSatisfier::matches(std::string_view condition) const {
  return is_service_condition(condition, service_, kRequestSuffix);
}

std::optional<VerifyError> RequestSatisfier::satisfy_previous(std::string_view previous,
                                                              std::string_view current) const {
  if (previous != current) return widening("request binding");
  return std::nullopt;
}

std::optional<VerifyError> RequestSatisfier::satisfy_final(std::string_view value) const {
  Hash32 bound{};
  if (!from_hex_exact(value, bound)) {
    return error(VerifyCode::caveat_request, "malformed request binding caveat in the token");
  }
  if (!request_hash_ || bound != *request_hash_) {
    return error(VerifyCode::caveat_request,
                 "this token was issued for a different request; send the same method, path "
                 "and JSON body that produced the challenge, or request a new token");
  }
  return std::nullopt;
}

bool PriceSatisfier::matches(std::string_view condition) const {
  return is_service_condition(condition, service_, kPriceSuffix);
}

// Millisatoshis fit parse_unix_time's 18 digits (21e6 BTC is 2.1e18 msat).
std::optional<VerifyError> PriceSatisfier::satisfy_previous(std::string_view previous,
                                                            std::string_view current) const {
  return not_raised(previous, current, VerifyCode::caveat_price, "price");
}

std::optional<VerifyError> PriceSatisfier::satisfy_final(std::string_view value) const {
  const auto paid = parse_unix_time(value);
  if (!paid) return error(VerifyCode::caveat_price, "malformed price caveat in the token");
  if (!price_msat_ || static_cast<std::uint64_t>(*paid) < *price_msat_) {
    return error(VerifyCode::caveat_price,
                 "this request costs more than this token was bought for; pay the new "
                 "invoice for this request");
  }
  return std::nullopt;
}

namespace {

std::string_view caveat_text(std::string_view c) {
  return c;
}
std::string_view caveat_text(const CaveatView& c) {
  return c.third_party() ? std::string_view() : c.id;
}

template <class C>
std::optional<VerifyError> run(std::span<const C> caveats,
                               std::span<const Satisfier* const> satisfiers) {
  for (const Satisfier* s : satisfiers) {
    std::optional<std::string_view> previous;
    for (const C& c : caveats) {
      const std::string_view caveat = caveat_text(c);
      const auto parts = split_caveat(caveat);
      if (!parts || !s->matches(parts->condition)) continue;
      if (previous) {
        if (auto e = s->satisfy_previous(*previous, parts->value)) return e;
      }
      previous = parts->value;
    }
    if (previous) {
      if (auto e = s->satisfy_final(*previous)) return e;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<VerifyError> verify_caveats(std::span<const std::string_view> caveats,
                                          std::span<const Satisfier* const> satisfiers) {
  return run(caveats, satisfiers);
}

std::optional<VerifyError> verify_caveats(std::span<const CaveatView> caveats,
                                          std::span<const Satisfier* const> satisfiers) {
  return run(caveats, satisfiers);
}

}  // namespace l402d::l402
