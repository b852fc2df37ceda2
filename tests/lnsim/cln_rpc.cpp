#include "lnsim/cln_rpc.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "util/hex.hpp"

namespace l402d::lnsim::cln {

namespace json = boost::json;

std::optional<RpcError> check_params(const json::object& params,
                                     std::initializer_list<ParamSpec> specs) {
  for (const auto& [key, value] : params) {
    bool known = false;
    for (const auto& s : specs)
      known = known || s.name == std::string_view(key);
    if (!known) {
      return RpcError{kInvalidParams,
                      "unknown parameter: " + std::string(key) +
                          ", this may be caused by a failure to autodetect key=value-style "
                          "parameters. Please try using the -k flag and explicit key=value "
                          "pairs of parameters.",
                      nullptr};
    }
  }
  for (const auto& s : specs) {
    if (s.required && !params.contains(s.name)) {
      return RpcError{kInvalidParams, "missing required parameter: " + std::string(s.name),
                      nullptr};
    }
  }
  return std::nullopt;
}

RpcError bad_param(std::string_view name, std::string_view complaint) {
  return RpcError{
      kInvalidParams,
      std::string(name) + ": " + std::string(complaint) + ": invalid token (see logs for details)",
      nullptr};
}

std::optional<std::string> token_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64() || v.is_uint64() || v.is_double() || v.is_bool() || v.is_null()) {
    return json::serialize(v);
  }
  return std::nullopt;
}

namespace {

template <class T>
using Read = Expected<std::optional<T>, RpcError>;

std::optional<std::uint64_t> to_u64(std::string_view s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

bool is_primitive_number(const json::value& v) {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

}  // namespace

Read<std::string> label_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<std::string>();
  if (v->is_string()) return std::optional<std::string>(std::string(v->as_string()));
  if (is_primitive_number(*v)) return std::optional<std::string>(json::serialize(*v));
  return unexpected(bad_param(name, "should be a string or number"));
}

Read<std::string> string_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<std::string>();
  if (v->is_string()) return std::optional<std::string>(std::string(v->as_string()));
  return unexpected(bad_param(name, "should be a string (without \\u)"));
}

Read<std::uint64_t> u64_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<std::uint64_t>();
  if (v->is_uint64()) return std::optional<std::uint64_t>(v->as_uint64());
  if (v->is_int64() && v->as_int64() >= 0) {
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(v->as_int64()));
  }
  if (v->is_string()) {
    if (auto u = to_u64(v->as_string())) return std::optional<std::uint64_t>(*u);
  }
  return unexpected(bad_param(name, "should be an unsigned 64 bit integer"));
}

std::optional<std::uint64_t> parse_amount_msat(std::string_view text) {
  if (text.ends_with("msat")) return to_u64(text.substr(0, text.size() - 4));
  if (text.ends_with("sat")) {
    auto sat = to_u64(text.substr(0, text.size() - 3));
    if (!sat || *sat > UINT64_MAX / 1000) return std::nullopt;
    return *sat * 1000;
  }
  if (text.ends_with("btc")) {
    // Up to 11 decimals: whole millisatoshis.
    const std::string_view number = text.substr(0, text.size() - 3);
    const auto dot = number.find('.');
    auto whole = to_u64(number.substr(0, dot));
    if (!whole) return std::nullopt;
    std::uint64_t msat = *whole * 100'000'000'000ULL;
    if (dot != std::string_view::npos) {
      std::string frac(number.substr(dot + 1));
      if (frac.empty() || frac.size() > 11) return std::nullopt;
      frac.resize(11, '0');
      auto f = to_u64(frac);
      if (!f) return std::nullopt;
      msat += *f;
    }
    return msat;
  }
  return to_u64(text);
}

Read<std::uint64_t> msat_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<std::uint64_t>();
  if (auto text = token_text(*v)) {
    if (auto msat = parse_amount_msat(*text)) return std::optional<std::uint64_t>(*msat);
  }
  return unexpected(bad_param(name, "should be a millisatoshi amount"));
}

Read<bool> bool_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<bool>();
  if (v->is_bool()) return std::optional<bool>(v->as_bool());
  if (v->is_string() && (v->as_string() == "true" || v->as_string() == "false")) {
    return std::optional<bool>(v->as_string() == "true");
  }
  return unexpected(bad_param(name, "should be 'true' or 'false'"));
}

Read<Hash32> sha256_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<Hash32>();
  if (v->is_string()) {
    if (auto h = from_hex_array<32>(v->as_string())) return std::optional<Hash32>(*h);
  }
  return unexpected(bad_param(name, "should be a 32 byte hex value"));
}

Read<double> number_param(const json::object& p, std::string_view name) {
  const json::value* v = p.if_contains(name);
  if (v == nullptr) return std::optional<double>();
  if (v->is_double()) return std::optional<double>(v->as_double());
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
  return unexpected(bad_param(name, "should be a non-negative floating-point number"));
}

}  // namespace l402d::lnsim::cln
