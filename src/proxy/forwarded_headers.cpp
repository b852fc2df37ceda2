#include "proxy/forwarded_headers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "util/text.hpp"

namespace l402d::proxy {

namespace {

// Hop-by-hop fields every message drops (RFC 9110 7.6.1, and the Proxy-* ones).
constexpr std::array<std::string_view, 9> kHopByHop = {
    "Connection", "Keep-Alive",         "Proxy-Connection",   "TE", "Trailer", "Transfer-Encoding",
    "Upgrade",    "Proxy-Authenticate", "Proxy-Authorization"};

template <class Names>
bool named_in(std::string_view name, const Names& names) {
  return std::any_of(names.begin(), names.end(),
                     [&](const auto& n) { return iequals_ascii(n, name); });
}

// The further fields a message's Connection fields name: views into
// `headers`, and no allocation for the usual message that names none.
std::vector<std::string_view> connection_named(const HeaderList& headers) {
  std::vector<std::string_view> names;
  for (const auto& [name, value] : headers) {
    if (!iequals_ascii(name, "Connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto token = trim_ows(rest.substr(0, comma));
      if (!token.empty()) names.push_back(token);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return names;
}

bool hop_by_hop(std::string_view name, const std::vector<std::string_view>& named) {
  return named_in(name, kHopByHop) || named_in(name, named);
}

bool is_payment_credential(std::string_view name, std::string_view value) {
  constexpr std::array kCredentialFields = {"Grpc-Metadata-Macaroon", "Macaroon",
                                            "PAYMENT-SIGNATURE", "X-PAYMENT"};
  for (const char* field : kCredentialFields)
    if (iequals_ascii(name, field)) return true;
  if (!iequals_ascii(name, "Authorization")) return false;
  const auto scheme = trim_ows(value).substr(0, trim_ows(value).find(' '));
  return iequals_ascii(scheme, "L402") || iequals_ascii(scheme, "LSAT") ||
         iequals_ascii(scheme, "Payment");
}

// RFC 7239 node: an IPv6 address is bracketed and quoted.
std::string forwarded_node(const std::string& address) {
  if (address.find(':') != std::string::npos) return "\"[" + address + "]\"";
  return address;
}

std::string quoted_if_needed(const std::string& value) {
  const bool token = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
  return token ? value : "\"" + value + "\"";
}

// Appends `value` to the first field called `name`, or adds the field.
void append_to(HeaderList& headers, std::string_view name, const std::string& value) {
  for (auto& [n, v] : headers) {
    if (iequals_ascii(n, name)) {
      v += ", " + value;
      return;
    }
  }
  headers.emplace_back(std::string(name), value);
}

void replace(HeaderList& headers, std::string_view name, const std::string& value) {
  std::erase_if(headers, [&](const auto& h) { return iequals_ascii(h.first, name); });
  headers.emplace_back(std::string(name), value);
}

}  // namespace

HeaderList upstream_request_headers(const HeaderList& received, const ClientHop& hop,
                                    const HeaderList& configured) {
  const auto named = connection_named(received);
  const auto set_by_seller = [&](std::string_view name) {
    return std::any_of(configured.begin(), configured.end(),
                       [&](const auto& h) { return iequals_ascii(h.first, name); });
  };
  HeaderList out;
  out.reserve(received.size() + configured.size() + 4);
  for (const auto& [name, value] : received) {
    if (hop_by_hop(name, named) || iequals_ascii(name, "Host") || set_by_seller(name) ||
        is_payment_credential(name, value))
      continue;
    out.emplace_back(name, value);
  }
  out.insert(out.end(), configured.begin(), configured.end());
  append_to(out, "X-Forwarded-For", hop.address);
  replace(out, "X-Forwarded-Proto", hop.proto);
  replace(out, "X-Forwarded-Host", hop.host);
  append_to(out, "Forwarded",
            "for=" + forwarded_node(hop.address) + ";proto=" + hop.proto +
                ";host=" + quoted_if_needed(hop.host));
  return out;
}

HeaderList buyer_response_headers(const HeaderList& received) {
  const auto named = connection_named(received);
  HeaderList out;
  out.reserve(received.size());
  for (const auto& [name, value] : received)
    if (!hop_by_hop(name, named)) out.emplace_back(name, value);
  return out;
}

}  // namespace l402d::proxy
