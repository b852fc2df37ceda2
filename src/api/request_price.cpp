#include "api/request_price.hpp"

#include <boost/json/parse.hpp>
#include <limits>

namespace l402d::api {

namespace {

// JSON bodies of up to this size are parsed to price them; larger ones are
// priced by size alone (a JSON field rule then does not match).
constexpr std::size_t kMaxParsedBody = 1u << 20;

const boost::json::value* json_of(http::Exchange& ex) {
  if (ex.json_body) return ex.json_body.get();
  const auto& body = ex.request.body();
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (body[first] != '{' && body[first] != '[') ||
      body.size() > kMaxParsedBody)
    return nullptr;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec) return nullptr;
  ex.json_body = std::make_shared<const boost::json::value>(std::move(parsed));
  return ex.json_body.get();
}

std::uint64_t whole_sats(std::uint64_t msat) {
  const auto rest = msat % 1000;
  if (rest == 0) return msat;
  const auto up = 1000 - rest;
  return msat > std::numeric_limits<std::uint64_t>::max() - up ? msat - rest : msat + up;
}

}  // namespace

std::uint64_t request_price(const pricing::PriceList& list, http::Exchange& ex,
                            const MegapixelsOf& megapixels) {
  pricing::RequestFacts facts;
  facts.method = std::string(ex.request.method_string());
  facts.path = std::string(http::target_path(ex.request));
  // A streamed body is priced by its declared length (it is not read yet).
  facts.body_bytes = ex.body_stream ? ex.body_stream->length() : ex.request.body().size();
  facts.json = json_of(ex);
  if (megapixels) facts.image_megapixels = megapixels(ex);
  return whole_sats(pricing::price_of(list, facts));
}

}  // namespace l402d::api
