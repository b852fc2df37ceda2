#pragma once

// The buyer's credential on a tools/call, in any of the forms an MCP client
// may use, turned into the HTTP header the paid route reads:
//   - the `payment` argument: {"macaroon", "preimage"} or {"authorization"}
//     -> Authorization: L402 <macaroon>:<preimage> (or the value given);
//   - _meta["x402/payment"] (x402's MCP transport), a PaymentPayload
//     -> PAYMENT-SIGNATURE: base64(JSON);
//   - _meta["org.paymentauth/credential"] (the MPP draft's MCP transport)
//     -> Authorization: Payment base64url(JSON), the challenge's request
//        put back into its HTTP form (base64url of its JCS text).
// No header at all is an unpaid call. Credentials are never logged.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "util/expected.hpp"

namespace l402d::mcp {

namespace json = boost::json;

struct CredentialHeader {
  std::string name;  // "Authorization" or "PAYMENT-SIGNATURE"
  std::string value;
};

// Where a credential was malformed, in words for the agent.
struct CredentialProblem {
  std::string message;
  bool in_meta = false;  // a _meta credential: JSON-RPC invalid params, per the MPP draft
};

// `arguments` are the tool's arguments, `params` the tools/call params
// (whose _meta may hold an in-band credential). The payment argument wins.
Expected<std::optional<CredentialHeader>, CredentialProblem> credential_of(
    const json::object& arguments, const json::object& params);

// The arguments without the payment argument: the body of the paid request.
json::object without_payment(json::object arguments);

}  // namespace l402d::mcp
