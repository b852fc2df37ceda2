#include "client/decode_command.hpp"

#include <boost/json.hpp>
#include <sstream>

#include "bolt11/codec.hpp"
#include "client/config.hpp"
#include "l402/headers.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/text.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

json::object describe_macaroon(const l402::Macaroon& m) {
  json::object o;
  o["location"] = m.location();
  auto id = l402::decode_identifier(m.identifier());
  if (id) {
    o["identifier"] = json::object{{"version", id->version},
                                   {"payment_hash", to_hex(id->payment_hash)},
                                   {"token_id", to_hex(id->token_id)}};
  } else {
    o["identifier"] = json::object{
        {"raw", to_hex(m.identifier())},
        {"error",
         id.error() == l402::IdentifierError::wrong_size ? "not 66 bytes" : "unknown version"}};
  }
  json::array caveats;
  for (const auto& c : m.caveats()) {
    if (c.third_party()) {
      caveats.push_back(json::object{{"third_party", true}, {"location", c.location}});
    } else if (c.id.starts_with("preimage=")) {
      // A Macaroon: header carries its payment proof as a caveat: a secret.
      caveats.push_back(json::string("preimage=(hidden)"));
    } else {
      caveats.push_back(json::string(c.id));
    }
  }
  o["caveats"] = std::move(caveats);
  return o;
}

json::object describe_invoice(const bolt11::Invoice& inv, std::int64_t now) {
  json::object o;
  o["network"] = network_name(inv.network);
  if (inv.amount_msat) {
    o["amount_msat"] = *inv.amount_msat;
    o["amount_sats"] = *inv.amount_msat / 1000 + (*inv.amount_msat % 1000 != 0);
  } else {
    o["amount_msat"] = nullptr;
  }
  o["payee"] = to_hex(inv.payee);
  o["payment_hash"] = to_hex(inv.payment_hash);
  if (inv.description) o["description"] = *inv.description;
  if (inv.description_hash) o["description_hash"] = to_hex(*inv.description_hash);
  o["timestamp"] = inv.timestamp;
  o["expiry_seconds"] = inv.expiry_seconds;
  o["expires_at"] = inv.expires_at();
  o["expired"] = now >= static_cast<std::int64_t>(inv.expires_at());
  return o;
}

Expected<l402::Macaroon, std::string> parse_macaroon_text(std::string_view text) {
  auto m = l402::Macaroon::parse_base64(text);
  if (m) return std::move(*m);
  if (auto bytes = from_hex(text)) {
    auto h = l402::Macaroon::parse(*bytes);
    if (h) return std::move(*h);
  }
  return unexpected("not a macaroon (" + m.error().message + ")");
}

std::string_view strip_header_name(std::string_view s, bool& was_challenge) {
  auto l = lower(s.substr(0, 20));
  for (std::string_view name : {"www-authenticate:", "authorization:"}) {
    if (l.starts_with(name)) {
      was_challenge = name == "www-authenticate:";
      return trim_space(s.substr(name.size()));
    }
  }
  return s;
}

void render(std::ostringstream& out, const json::value& v, const std::string& indent);

std::string label(std::string_view key) {
  std::string s(key);
  for (auto& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

void render_object(std::ostringstream& out, const json::object& o, const std::string& indent) {
  for (const auto& kv : o) {
    const auto& v = kv.value();
    out << indent << label(kv.key()) << ":";
    if (v.is_object()) {
      out << "\n";
      render_object(out, v.as_object(), indent + "  ");
    } else if (v.is_array()) {
      if (v.as_array().empty()) out << " (none)";
      out << "\n";
      for (const auto& item : v.as_array()) {
        out << indent << "  - ";
        if (item.is_string()) {
          out << std::string_view(item.as_string()) << "\n";
        } else {
          out << json::serialize(item) << "\n";
        }
      }
    } else {
      out << " ";
      render(out, v, indent);
      out << "\n";
    }
  }
}

void render(std::ostringstream& out, const json::value& v, const std::string& indent) {
  (void)indent;
  if (v.is_string()) {
    out << std::string_view(v.as_string());
  } else if (v.is_null()) {
    out << "any";
  } else if (v.is_bool()) {
    out << (v.as_bool() ? "yes" : "no");
  } else {
    out << json::serialize(v);
  }
}

// Text output reads better with derived facts spelled out.
void add_readable_times(json::object& doc) {
  if (auto* inv = doc.if_contains("invoice"); inv && inv->is_object()) {
    auto& o = inv->as_object();
    o["created"] = iso_time(json::value_to<std::int64_t>(o.at("timestamp")));
    o["expires"] = iso_time(json::value_to<std::int64_t>(o.at("expires_at")));
  }
}

}  // namespace

Expected<json::object, std::string> decode_input(std::string_view raw, std::int64_t now) {
  bool header_challenge = false;
  std::string_view input = strip_header_name(trim_space(raw), header_challenge);
  if (input.empty()) return unexpected(std::string("nothing to decode"));
  std::string low = lower(input);
  if (low.starts_with("lightning:")) {
    input.remove_prefix(10);
    low = lower(input);
  }

  json::object doc;
  if (header_challenge || low.find("macaroon=") != std::string::npos ||
      low.find("token=") != std::string::npos) {
    auto c = l402::parse_challenge(input);
    if (!c)
      return unexpected(std::string("not an L402/LSAT challenge with a macaroon and invoice"));
    auto m = parse_macaroon_text(c->macaroon);
    if (!m) return unexpected("the challenge's macaroon: " + m.error());
    auto inv = bolt11::decode(c->invoice);
    if (!inv) {
      return unexpected("the challenge's invoice: " + std::string(bolt11::to_string(inv.error())));
    }
    doc["kind"] = "challenge";
    doc["scheme"] = c->scheme;
    json::object mac = describe_macaroon(*m);
    auto id = l402::decode_identifier(m->identifier());
    doc["invoice_matches_macaroon"] = id && id->payment_hash == inv->payment_hash;
    doc["macaroon"] = std::move(mac);
    doc["invoice"] = describe_invoice(*inv, now);
    return doc;
  }
  if (low.starts_with("l402") || low.starts_with("lsat")) {
    auto cred = l402::parse_authorization(input);
    if (!cred) return unexpected("not a valid credential: " + cred.error().message);
    auto m = l402::Macaroon::parse(cred->macaroon);
    if (!m) return unexpected("the credential's macaroon: " + m.error().message);
    doc["kind"] = "credential";
    auto id = l402::decode_identifier(m->identifier());
    doc["preimage_matches"] = id && sha256(cred->preimage) == id->payment_hash;
    doc["macaroon"] = describe_macaroon(*m);
    return doc;
  }
  if (low.starts_with("ln")) {
    auto inv = bolt11::decode(input);
    if (inv) {
      doc["kind"] = "invoice";
      doc["invoice"] = describe_invoice(*inv, now);
      return doc;
    }
    if (low.starts_with("lnbc") || low.starts_with("lntb")) {
      return unexpected("not a valid invoice: " + std::string(bolt11::to_string(inv.error())));
    }
  }
  auto m = parse_macaroon_text(input);
  if (!m) {
    return unexpected(
        std::string("not a macaroon, invoice, L402 credential or WWW-Authenticate challenge"));
  }
  doc["kind"] = "macaroon";
  doc["macaroon"] = describe_macaroon(*m);
  return doc;
}

Expected<std::string, std::string> decode_command(std::string_view input,
                                                  const DecodeCommandOptions& options) {
  auto doc = decode_input(input, options.now);
  if (!doc) return unexpected(doc.error());
  if (options.json) return json::serialize(*doc) + "\n";
  add_readable_times(*doc);
  std::ostringstream out;
  render_object(out, *doc, "");
  return out.str();
}

}  // namespace l402d::client
