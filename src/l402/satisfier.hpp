#pragma once

// Aperture's caveat rule (l402/satisfier.go): caveats with the same condition
// are checked pairwise in order, each later one may only narrow the one before
// it, and the last one must hold for this request. Conditions no satisfier
// claims are ignored, so clients may add their own (e.g. `preimage=`).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "l402/macaroon.hpp"
#include "l402/verify_error.hpp"
#include "util/bytes.hpp"

namespace l402d::l402 {

class Satisfier {
 public:
  virtual ~Satisfier() = default;
  virtual bool matches(std::string_view condition) const = 0;
  // `current` follows `previous` with the same condition: it may only narrow.
  virtual std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                                      std::string_view current) const = 0;
  // The last value of this condition must hold for the request.
  virtual std::optional<VerifyError> satisfy_final(std::string_view value) const = 0;
};

// services=<name>:<tier>,...: later lists name only services of earlier ones
// (tiers are not compared, as in Aperture); the final list names `service`.
class ServicesSatisfier final : public Satisfier {
 public:
  explicit ServicesSatisfier(std::string_view service) : service_(service) {}
  bool matches(std::string_view condition) const override;
  std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                              std::string_view current) const override;
  std::optional<VerifyError> satisfy_final(std::string_view value) const override;

 private:
  std::string_view service_;
};

// <service>_capabilities=a,b: later lists are subsets; the final list contains
// `required` when one is given (Aperture leaves capabilities to the backend).
class CapabilitiesSatisfier final : public Satisfier {
 public:
  CapabilitiesSatisfier(std::string_view service, std::optional<std::string_view> required)
      : service_(service), required_(required) {}
  bool matches(std::string_view condition) const override;
  std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                              std::string_view current) const override;
  std::optional<VerifyError> satisfy_final(std::string_view value) const override;

 private:
  std::string_view service_;
  std::optional<std::string_view> required_;
};

// <service>_valid_until=<unix>: later values are not later; the final one is in
// the future (now < value, as Aperture's time.Now().Before).
class ValidUntilSatisfier final : public Satisfier {
 public:
  ValidUntilSatisfier(std::string_view service, std::int64_t now) : service_(service), now_(now) {}
  bool matches(std::string_view condition) const override;
  std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                              std::string_view current) const override;
  std::optional<VerifyError> satisfy_final(std::string_view value) const override;

 private:
  std::string_view service_;
  std::int64_t now_;
};

// <service>_request=<hex sha256>: repeated bindings must be identical; the final
// one equals this request's hash. A bound token is refused where the caller
// cannot supply a request hash: binding fails closed.
class RequestSatisfier final : public Satisfier {
 public:
  RequestSatisfier(std::string_view service, const std::optional<Hash32>& request_hash)
      : service_(service), request_hash_(request_hash) {}
  bool matches(std::string_view condition) const override;
  std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                              std::string_view current) const override;
  std::optional<VerifyError> satisfy_final(std::string_view value) const override;

 private:
  std::string_view service_;
  std::optional<Hash32> request_hash_;
};

// <service>_price_msat=<n>: later values are not larger; the final one is at
// least this request's price. A priced token is refused where the caller
// cannot say what the request costs: the check fails closed.
class PriceSatisfier final : public Satisfier {
 public:
  PriceSatisfier(std::string_view service, std::optional<std::uint64_t> price_msat)
      : service_(service), price_msat_(price_msat) {}
  bool matches(std::string_view condition) const override;
  std::optional<VerifyError> satisfy_previous(std::string_view previous,
                                              std::string_view current) const override;
  std::optional<VerifyError> satisfy_final(std::string_view value) const override;

 private:
  std::string_view service_;
  std::optional<std::uint64_t> price_msat_;
};

// Runs every satisfier over `caveats` (first-party caveat texts in macaroon order).
std::optional<VerifyError> verify_caveats(std::span<const std::string_view> caveats,
                                          std::span<const Satisfier* const> satisfiers);
// The same over a parsed macaroon; third-party caveats are skipped (the verifier
// refuses them before caveats are checked).
std::optional<VerifyError> verify_caveats(std::span<const CaveatView> caveats,
                                          std::span<const Satisfier* const> satisfiers);

}  // namespace l402d::l402
