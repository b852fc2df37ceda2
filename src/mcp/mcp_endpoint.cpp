#include "mcp/mcp_endpoint.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include "mcp/protocol_version.hpp"
#include "mcp/tool_calls.hpp"

namespace l402d::mcp {

namespace {

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";
constexpr std::string_view kAllowed = "POST, DELETE, OPTIONS";

std::string_view header(const http::Exchange& ex, std::string_view name) {
  auto it = ex.request.find(name);
  return it == ex.request.end() ? std::string_view() : std::string_view(it->value());
}

http::Response json_answer(const http::Request& req, http::Status status, const json::value& body) {
  return http::make_response(req, status, "application/json", json::serialize(body));
}

// Transport-level refusals carry a JSON-RPC error without an id, as the
// transport suggests.
http::Response transport_error(const http::Request& req, http::Status status, RpcCode code,
                               std::string message) {
  return json_answer(req, status, rpc_error(nullptr, RpcError{code, std::move(message)}));
}

http::Response accepted(const http::Request& req) {
  auto res = http::make_response(req, http::Status::accepted, "application/json", "");
  res.erase(http::Field::content_type);
  return res;
}

// Media types are case-insensitive; parameters (charset) may follow.
bool is_json(std::string_view content_type) {
  constexpr std::string_view kJson = "application/json";
  return content_type.empty() ||
         (content_type.size() >= kJson.size() &&
          boost::beast::iequals(content_type.substr(0, kJson.size()), kJson));
}

// The MPP draft's capability: experimental.payment (with its methods).
bool advertises_payment(const json::object& params) {
  const auto* caps = params.if_contains("capabilities");
  const auto* experimental =
      caps && caps->is_object() ? caps->get_object().if_contains("experimental") : nullptr;
  return experimental && experimental->is_object() &&
         experimental->get_object().contains("payment");
}

json::object capabilities(bool mpp_rail) {
  json::object caps{{"tools", {{"listChanged", false}}}};
  if (mpp_rail)
    caps["experimental"] = {
        {"payment", {{"methods", {{"lightning", {{"intents", json::array{"charge"}}}}}}}}};
  return caps;
}

constexpr std::string_view kInstructions =
    "Paid AI tools sold per call over Bitcoin Lightning. Call a paid tool without `payment` "
    "to get a Lightning invoice and a macaroon; pay the invoice with any Lightning wallet; "
    "call the tool again with the same arguments and payment: {\"macaroon\", \"preimage\"}. "
    "quote tells a call's price for free, list_services lists what is for sale, and "
    "check_job fetches the result of a long call.";

bool is_initialize(const json::value& body) {
  const auto* o = body.if_object();
  const auto* method = o ? o->if_contains("method") : nullptr;
  return method && method->is_string() && method->get_string() == "initialize";
}

}  // namespace

McpEndpoint::McpEndpoint(ToolCatalogue tools, http::Handler dispatch, McpOptions options)
    : tools_(std::move(tools)),
      dispatch_(std::move(dispatch)),
      options_(std::move(options)),
      origins_(options_.allowed_origins),
      sessions_(options_.session_idle, options_.max_sessions) {}

std::optional<http::Response> McpEndpoint::refused(const http::Exchange& ex) const {
  const auto public_url = options_.public_url ? options_.public_url() : std::string();
  if (!origins_.allows(header(ex, "Origin"), public_url))
    return transport_error(ex.request, http::Status::forbidden, RpcCode::invalid_request,
                           "Origin not allowed (see [mcp] allowed_origins).");
  const auto revision = header(ex, kVersionHeader);
  if (!revision.empty() && !is_supported(revision))
    return transport_error(ex.request, http::Status::bad_request, RpcCode::invalid_request,
                           "Unsupported MCP-Protocol-Version; this server speaks " +
                               std::string(kLatestRevision) + " and older revisions.");
  if (!is_json(header(ex, "Content-Type")))
    return transport_error(ex.request, http::Status::unsupported_media_type,
                           RpcCode::invalid_request, "POST JSON-RPC as application/json.");
  return std::nullopt;
}

boost::asio::awaitable<http::Response> McpEndpoint::post(http::Exchange& ex) {
  if (auto no = refused(ex)) co_return std::move(*no);
  json::error_code ec;
  const auto body = json::parse(ex.request.body(), ec);
  if (ec)
    co_return transport_error(ex.request, http::Status::bad_request, RpcCode::parse_error,
                              "Parse error: the body is not JSON.");
  if (is_initialize(body)) co_return start(ex, body);
  auto conversation = conversation_of(ex);
  if (!conversation)
    co_return transport_error(ex.request, http::Status::not_found, RpcCode::invalid_request,
                              "Unknown or ended session: initialize again.");
  co_return co_await converse(ex, body, *conversation);
}

// The terms of this request: its MCP-Protocol-Version, else its session's
// revision, else the transport's assumption. nullopt: an unknown session.
std::optional<McpEndpoint::Conversation> McpEndpoint::conversation_of(const http::Exchange& ex) {
  Conversation c{std::string(header(ex, kVersionHeader)), false};
  if (const auto id = header(ex, kSessionHeader); !id.empty()) {
    auto session = sessions_.find(std::string(id));
    if (!session) return std::nullopt;
    if (c.revision.empty()) c.revision = session->revision;
    c.mpp_in_band = session->mpp_payments;
  }
  if (c.revision.empty()) c.revision = kAssumedRevision;
  return c;
}

http::Response McpEndpoint::start(const http::Exchange& ex, const json::value& body) {
  auto call = read_call(body);
  if (!call)
    return json_answer(ex.request, http::Status::ok,
                       rpc_error(call.error().id, call.error().error));
  if (call->notification) return accepted(ex.request);  // nothing to answer
  return initialize(ex, *call);
}

http::Response McpEndpoint::initialize(const http::Exchange& ex, const RpcCall& call) {
  const auto* asked = call.params.if_contains("protocolVersion");
  if (!asked || !asked->is_string())
    return json_answer(
        ex.request, http::Status::ok,
        rpc_error(call.id, {RpcCode::invalid_params, "initialize needs protocolVersion."}));
  Session session{negotiate(asked->get_string()),
                  options_.mpp_rail && advertises_payment(call.params)};
  json::object result{
      {"protocolVersion", session.revision},
      {"capabilities", capabilities(options_.mpp_rail)},
      {"serverInfo",
       {{"name", "l402d"}, {"title", "l402d paid AI tools"}, {"version", options_.server_version}}},
      {"instructions", kInstructions}};
  const auto id = sessions_.open(std::move(session));
  auto res = json_answer(ex.request, http::Status::ok, rpc_result(call.id, std::move(result)));
  res.head().set(kSessionHeader, id);
  return res;
}

boost::asio::awaitable<http::Response> McpEndpoint::converse(http::Exchange& ex,
                                                             const json::value& body,
                                                             const Conversation& conversation) {
  if (!body.is_array()) {
    auto reply = co_await answer(ex, body, conversation);
    if (!reply) co_return accepted(ex.request);
    co_return json_answer(ex.request, http::Status::ok, *reply);
  }
  if (!allows_batches(conversation.revision) || body.get_array().empty())
    co_return transport_error(ex.request, http::Status::bad_request, RpcCode::invalid_request,
                              "Batches are not part of this MCP revision (or are empty).");
  json::array replies;
  for (const auto& message : body.get_array()) {
    auto reply = co_await answer(ex, message, conversation);
    if (reply) replies.push_back(std::move(*reply));
  }
  if (replies.empty()) co_return accepted(ex.request);
  co_return json_answer(ex.request, http::Status::ok, replies);
}

// One message's reply; nullopt for notifications and client responses.
boost::asio::awaitable<std::optional<json::object>> McpEndpoint::answer(
    http::Exchange& ex, const json::value& message, const Conversation& conversation) {
  if (is_response(message)) co_return std::nullopt;
  auto call = read_call(message);
  if (!call) co_return rpc_error(call.error().id, call.error().error);
  if (call->notification) co_return std::nullopt;
  co_return co_await answer_call(ex, *call, conversation);
}

boost::asio::awaitable<json::object> McpEndpoint::answer_call(http::Exchange& ex,
                                                              const RpcCall& call,
                                                              const Conversation& conversation) {
  if (call.method == "ping") co_return rpc_result(call.id, {});
  if (call.method == "tools/list") co_return rpc_result(call.id, {{"tools", tools_.listed()}});
  if (call.method == "initialize")
    co_return rpc_error(call.id, {RpcCode::invalid_request, "initialize must be sent alone."});
  if (call.method != "tools/call")
    co_return rpc_error(call.id, {RpcCode::method_not_found, "Method not found: " + call.method});
  const CallContext context{dispatch_, tools_, ex, has_resource_links(conversation.revision),
                            conversation.mpp_in_band};
  auto outcome = co_await call_tool(call.params, context);
  if (!outcome) co_return rpc_error(call.id, outcome.error());
  co_return rpc_result(call.id, std::move(*outcome));
}

boost::asio::awaitable<http::Response> McpEndpoint::remove(http::Exchange& ex) {
  if (auto no = refused(ex)) co_return std::move(*no);
  const auto id = header(ex, kSessionHeader);
  if (id.empty())
    co_return transport_error(ex.request, http::Status::bad_request, RpcCode::invalid_request,
                              "DELETE needs the Mcp-Session-Id to end.");
  if (!sessions_.end(std::string(id)))
    co_return transport_error(ex.request, http::Status::not_found, RpcCode::invalid_request,
                              "Unknown or ended session.");
  co_return http::make_response(ex.request, http::Status::no_content, "application/json", "");
}

http::Response McpEndpoint::get(const http::Exchange& ex) const {
  auto res = transport_error(ex.request, http::Status::method_not_allowed, RpcCode::invalid_request,
                             "This server sends no stream: POST JSON-RPC to /mcp.");
  res.set(http::Field::allow, kAllowed);
  return res;
}

http::Handler mcp_post_handler(std::shared_ptr<McpEndpoint> endpoint) {
  return [endpoint](http::Exchange& ex) { return endpoint->post(ex); };
}

http::Handler mcp_delete_handler(std::shared_ptr<McpEndpoint> endpoint) {
  return [endpoint](http::Exchange& ex) { return endpoint->remove(ex); };
}

http::Handler mcp_get_handler(std::shared_ptr<McpEndpoint> endpoint) {
  return [endpoint](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    co_return endpoint->get(ex);
  };
}

}  // namespace l402d::mcp
