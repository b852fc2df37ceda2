#include "proxy/forwarded_headers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "util/text.hpp"

namespace l402d::proxy {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool named_in(std::string_view name, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return iequals(n, name); });
}

// The hop-by-hop fields every message drops, plus those its Connection
// fields name.
std::vector<std::string> hop_by_hop(const HeaderList& headers) {
  std::vector<std::string> names = {"Connection",
                                    "Keep-Alive",
                                    "Proxy-Connection",
                                    "TE",
                                    "Trailer",
                                    "Transfer-Encoding",
                                    "Upgrade",
                                    "Proxy-Authenticate",
                                    "Proxy-Authorization"};
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "Connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto token = trim_ows(rest.substr(0, comma));
      if (!token.empty()) names.emplace_back(token);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return names;
}

bool is_payment_credential(std::string_view name, std::string_view value) {
  constexpr std::array kCredentialFields = {"Grpc-Metadata-Macaroon", "Macaroon",
                                            "PAYMENT-SIGNATURE", "X-PAYMENT"};
  for (const char* field : kCredentialFields)
    if (iequals(name, field)) return true;
  if (!iequals(name, "Authorization")) return false;
  const auto scheme = trim_ows(value).substr(0, trim_ows(value).find(' '));
  return iequals(scheme, "L402") || iequals(scheme, "LSAT") || iequals(scheme, "Payment");
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
    if (iequals(n, name)) {
      v += ", " + value;
      return;
    }
  }
  headers.emplace_back(std::string(name), value);
}

void replace(HeaderList& headers, std::string_view name, const std::string& value) {
  std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
  headers.emplace_back(std::string(name), value);
}

}  // namespace

HeaderList upstream_request_headers(const HeaderList& received, const ClientHop& hop,
                                    const HeaderList& configured) {
  auto drop = hop_by_hop(received);
  drop.emplace_back("Host");
  for (const auto& [name, value] : configured)
    drop.push_back(name);
  HeaderList out;
  out.reserve(received.size() + configured.size() + 4);
  for (const auto& [name, value] : received) {
    if (named_in(name, drop) || is_payment_credential(name, value)) continue;
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
  const auto drop = hop_by_hop(received);
  HeaderList out;
  out.reserve(received.size());
  for (const auto& [name, value] : received)
    if (!named_in(name, drop)) out.emplace_back(name, value);
  return out;
}

}  // namespace l402d::proxy
