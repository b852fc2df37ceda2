#pragma once

// What one request costs, decided from the request itself before any invoice
// exists, so that the 402, the discovery document and a free quote all say
// the same number, and the invoice is for exactly that number.
//
//   price = the first matching rule's price (else the base price)
//         + every size charge: ceil(units / per) * msat_each
//   then held within [min_msat, max_msat].
//
// Rules match on method, path prefix and the value of a JSON field (a JSON
// Pointer, RFC 6901), all that are set. Size charges count body bytes, the
// characters of a JSON field (every string inside it, so a chat's whole
// "messages" array counts), or image megapixels. Amounts are millisatoshis;
// the sum saturates rather than wraps.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l402d::pricing {

struct PriceRule {
  std::optional<std::string> method;       // exact, e.g. "POST"
  std::optional<std::string> path_prefix;  // e.g. "/v1/chat/"
  std::optional<std::string> field;        // JSON Pointer, e.g. "/model"
  std::optional<std::string> equals;       // with `field`: its value (strings unquoted)
  std::uint64_t price_msat = 0;
};

enum class SizeUnit { body_bytes, field_chars, image_megapixels };

struct SizeCharge {
  SizeUnit unit = SizeUnit::body_bytes;
  std::string field;  // JSON Pointer, for field_chars
  double per = 1;     // units per step, > 0
  std::uint64_t msat_each = 0;
};

struct PriceList {
  std::uint64_t base_msat = 0;
  std::vector<PriceRule> rules;  // first match wins
  std::vector<SizeCharge> charges;
  std::uint64_t min_msat = 0;
  std::optional<std::uint64_t> max_msat;
};

// What the price may depend on.
struct RequestFacts {
  std::string method;
  std::string path;
  std::size_t body_bytes = 0;
  const boost::json::value* json = nullptr;  // the parsed body, when it is JSON
  double image_megapixels = 0;               // when the service decodes images
};

std::uint64_t price_of(const PriceList& list, const RequestFacts& request);

// Whether a price may depend on what is inside the body (a JSON field, its
// characters, an image's pixels), not only on its size: such a body must be
// read before the price is known.
bool reads_body(const PriceList& list);

// Characters (Unicode code points) of every string in `value`, recursively.
std::uint64_t string_chars(const boost::json::value& value);

}  // namespace l402d::pricing
