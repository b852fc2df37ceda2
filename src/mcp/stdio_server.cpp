#include "mcp/stdio_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <istream>
#include <ostream>
#include <thread>

#include "mcp/protocol_version.hpp"

namespace l402d::mcp {

StdioServer::StdioServer(StdioTools& tools, StdioServerInfo info, std::ostream& log)
    : tools_(tools), info_(std::move(info)), log_(log) {}

void StdioServer::run(std::istream& in, std::ostream& out) {
  out_ = &out;
  std::thread worker([this] { work(); });
  std::string line;
  while (std::getline(in, line))
    handle_line(line);
  {
    std::lock_guard lock(queue_mutex_);
    input_ended_ = true;
  }
  queue_ready_.notify_all();
  worker.join();
}

void StdioServer::send(const json::object& message) {
  // serialize() escapes control characters, so a message is one line.
  const auto text = json::serialize(message);
  std::lock_guard lock(out_mutex_);
  *out_ << text << '\n' << std::flush;
}

void StdioServer::handle_line(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;
  json::error_code ec;
  const auto message = json::parse(line, ec);
  if (ec) {
    send(rpc_error(nullptr, {RpcCode::parse_error, "Not JSON: " + ec.message()}));
    return;
  }
  if (message.is_array()) {
    // JSON-RPC batches left MCP in 2025-06-18; no stdio client sends them.
    send(rpc_error(nullptr, {RpcCode::invalid_request, "Send one message per line."}));
    return;
  }
  if (is_response(message)) return;  // this server asks the client nothing
  auto call = read_call(message);
  if (!call) {
    send(rpc_error(call.error().id, call.error().error));
    return;
  }
  handle_call(*call);
}

void StdioServer::handle_call(const RpcCall& call) {
  if (call.notification) {
    if (call.method == "notifications/cancelled") cancel(call.params);
    return;
  }
  if (call.method == "initialize") {
    send(initialize(call));
  } else if (call.method == "ping") {
    send(rpc_result(call.id, {}));
  } else if (call.method == "tools/list") {
    send(rpc_result(call.id, {{"tools", tools_.list()}}));
  } else if (call.method == "tools/call") {
    queue_tool_call(call);
  } else {
    send(
        rpc_error(call.id, {RpcCode::method_not_found, "No method \"" + call.method + "\" here."}));
  }
}

json::object StdioServer::initialize(const RpcCall& call) {
  const auto* requested = call.params.if_contains("protocolVersion");
  if (!requested || !requested->is_string())
    return rpc_error(call.id, {RpcCode::invalid_params, "initialize needs protocolVersion."});
  const auto revision = negotiate(requested->get_string());
  {
    std::lock_guard lock(queue_mutex_);
    revision_ = revision;
  }
  return rpc_result(
      call.id,
      {{"protocolVersion", revision},
       {"capabilities", {{"tools", {{"listChanged", false}}}}},
       {"serverInfo", {{"name", info_.name}, {"title", info_.title}, {"version", info_.version}}},
       {"instructions", info_.instructions}});
}

void StdioServer::queue_tool_call(const RpcCall& call) {
  const auto* name = call.params.if_contains("name");
  const auto* arguments = call.params.if_contains("arguments");
  if (!name || !name->is_string() || (arguments && !arguments->is_object())) {
    send(rpc_error(call.id, {RpcCode::invalid_params,
                             "tools/call needs a tool name and an arguments object."}));
    return;
  }
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({call, revision_.empty() ? std::string(kAssumedRevision) : revision_});
  }
  queue_ready_.notify_one();
}

void StdioServer::cancel(const json::object& params) {
  const auto* id = params.if_contains("requestId");
  if (!id) return;
  std::lock_guard lock(queue_mutex_);
  std::erase_if(queue_, [&](const QueuedCall& q) { return q.call.id == *id; });
}

void StdioServer::work() {
  for (;;) {
    QueuedCall next;
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return input_ended_ || !queue_.empty(); });
      if (queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    send(run_tool(next));
  }
}

json::object StdioServer::run_tool(const QueuedCall& queued) {
  const auto& params = queued.call.params;
  const std::string name(params.at("name").as_string());
  static const json::object kNoArguments;
  const auto* arguments = params.if_contains("arguments");
  try {
    auto result =
        tools_.call(name, arguments ? arguments->get_object() : kNoArguments, queued.revision);
    if (!result)
      return rpc_error(queued.call.id,
                       {RpcCode::invalid_params, "No tool named \"" + name + "\"."});
    return rpc_result(queued.call.id, std::move(*result));
  } catch (const std::exception& e) {
    // A tool's own trouble (a file, the network): say so, and keep serving.
    log_ << info_.name << " mcp: " << name << ": " << e.what() << "\n";
    return rpc_error(queued.call.id, {RpcCode::internal_error, e.what()});
  }
}

}  // namespace l402d::mcp
