#include "api/llms_txt.hpp"

#include <boost/json.hpp>
#include <sstream>

namespace l402d::api {

namespace {

std::string value_text(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

void describe_field(std::ostringstream& out, const Field& f) {
  out << "  - `" << f.name << "` (" << type_name(f.type) << (f.required ? ", required" : "") << ")";
  if (!f.description.empty()) out << ": " << f.description;
  if (!f.choices.empty()) {
    out << " One of:";
    for (const auto& c : f.choices)
      out << " `" << value_text(c) << "`";
    out << '.';
  }
  if (!f.default_value.is_null()) out << " Default: `" << value_text(f.default_value) << "`.";
  if (f.max_length != kUnbounded) out << " At most " << f.max_length << " characters.";
  out << '\n';
}

void describe_service(std::ostringstream& out, const Catalogue& c, const ServiceListing& s) {
  out << "### " << s.name << "\n\n" << s.description << "\n\n";
  if (s.proxied) {
    out << "- Any method on `" << c.public_url << s.path << "*` (a proxied API)\n";
  } else {
    out << "- `POST " << c.public_url << s.path << "` with a JSON body\n";
  }
  out << "- Price: " << s.price_sats << " sats"
      << (s.pricing ? " for a request no pricing rule matches; POST /api/quote for exact prices"
                    : "")
      << "\n";
  out << "- Token: "
      << (s.reusable ? "reusable for " + (s.uses ? std::to_string(s.uses) : std::string("any")) +
                           " requests until it expires"
                     : std::string("one request, bound to its exact body; the result is kept "
                                   "and given again to the same request"))
      << "\n";
  if (s.free_requests_per_day) {
    out << "- Free: " << s.free_requests_per_day << " requests a day per client\n";
  }
  if (s.request) {
    out << "- Request fields:\n";
    for (const auto& f : s.request->fields())
      describe_field(out, f);
  }
  if (s.result) {
    out << "- Result fields:\n";
    for (const auto& f : s.result->fields())
      describe_field(out, f);
  }
  out << '\n';
}

}  // namespace

std::string llms_txt(const Catalogue& c) {
  std::ostringstream out;
  out << "# l402d\n\n"
      << "> AI work and APIs sold per request over Bitcoin Lightning. No account and no API "
         "key: a request without payment is answered 402 with an invoice; pay it with any "
         "Lightning wallet and repeat the identical request with the proof.\n\n"
      << "## How to pay\n\n"
      << "1. Send the request. The answer is `402 Payment Required` with "
         "`WWW-Authenticate: L402 macaroon=\"<base64>\", invoice=\"<bolt11>\"` (the same in the "
         "JSON body: `macaroon`, `invoice`, `price_sats`).\n"
      << "2. Pay the invoice with any Lightning wallet and keep the preimage (64 hex digits).\n"
      << "3. Send the identical request (same URL and body) with "
         "`Authorization: L402 <macaroon>:<preimage>`.\n\n"
      << "Payment schemes accepted: ";
  for (std::size_t i = 0; i < c.protocols.size(); ++i)
    out << (i ? ", " : "") << c.protocols[i];
  out << ". A wallet that shows no preimage: POST `{\"macaroon\": \"…\"}` to " << c.public_url
      << "/l402/settlement once paid. Errors are JSON `{\"error\": {\"code\", \"message\"}}`; "
         "bad input is refused before any invoice is made, and a paid request whose work fails "
         "keeps its token: repeat it with the same credential.\n\n";
  if (c.dev_payments) {
    out << "Payments here are simulated (a development node): POST `{\"invoice\": \"…\"}` to "
        << c.public_url << "/dev/pay for the preimage.\n\n";
  }
  out << "## Services\n\n";
  for (const auto& s : c.services)
    describe_service(out, c, s);
  out << "## Long jobs\n\n"
      << "Add `Prefer: respond-async` to the paid request (or `\"async\": true` to the body) to "
         "get `202` with `job_id` and `poll_url` at once, then GET the poll_url with the same "
         "Authorization header until it answers the result. Add `\"callback_url\"` to have the "
         "result POSTed to you, signed.\n\n"
      << "## Documents\n\n"
      << "- [OpenAPI](" << c.public_url << "/api/openapi.json): every route and schema\n"
      << "- [Service catalogue](" << c.public_url
      << "/.well-known/l402-services): prices, token rules, payment schemes\n"
      << "- [Error codes](" << c.public_url << "/api/error-codes): what each code means and "
      << "what to do\n"
      << "- [Quote](" << c.public_url << "/api/quote): POST {\"method\", \"path\", \"body\"} for "
      << "a request's price without an invoice\n";
  return out.str();
}

}  // namespace l402d::api
