#pragma once

// The HTTP answer of a paid route, translated into what an MCP client gets
// back for tools/call:
//   402 -> a tool result with isError and the payment request (invoice,
//          macaroon, price, expiry) in words and as structuredContent, plus
//          x402's PaymentRequired when the x402 rail offered one; or, for a
//          client that pays in-band with MPP, JSON-RPC error -32042 with the
//          Payment challenges;
//   202 -> the job: its id, how to poll it with check_job;
//   200 -> the result: its text (vision's answer, the song's URL and a
//          resource link) and the JSON body as structuredContent, with the
//          rails' receipts under _meta;
//   4xx/5xx -> a tool result with isError and the API's error message.
// Pure: no I/O, so every case is tested without a server.

#include <boost/json/object.hpp>
#include <string>

#include "http/message.hpp"
#include "mcp/json_rpc.hpp"
#include "util/expected.hpp"

namespace l402d::mcp {

struct AnswerTerms {
  std::string tool;             // the tool called, for the words
  bool resource_links = false;  // the revision has resource_link content
  bool mpp_in_band = false;     // the client pays with _meta["org.paymentauth/credential"]
};

Expected<json::object, RpcError> tool_result_of(const http::StringResponse& answer,
                                                const AnswerTerms& terms);

// A tool result with isError and one text block.
json::object tool_error(std::string text, json::object structured = {});

}  // namespace l402d::mcp
