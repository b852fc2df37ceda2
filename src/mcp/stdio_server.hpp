#pragma once

// An MCP server over stdio (newline-delimited JSON-RPC on standard input and
// output, logs on standard error), whatever its tools: the buyer's `l402 mcp`
// and the seller's `l402d admin mcp` differ only in their StdioTools and
// their name.
//
// Tool calls run on one worker thread, one at a time and in the order they
// came: two calls never race (two purchases for one budget, two changes to
// one price), and ping, tools/list and cancellations are still answered
// while a call is under way. A call cancelled before it starts is dropped
// unanswered (as MCP asks); one already started runs to its end, because a
// payment or a revocation cannot be called back.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <condition_variable>
#include <deque>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/json_rpc.hpp"

namespace l402d::mcp {

class StdioTools {
 public:
  virtual ~StdioTools() = default;
  // tools/list's "tools".
  virtual json::array list() const = 0;
  // A CallToolResult; nullopt when there is no such tool (a protocol error,
  // not a tool's). A throw is answered as an internal error, and the server
  // goes on.
  virtual std::optional<json::object> call(std::string_view name, const json::object& arguments,
                                           std::string_view revision) = 0;
};

// What initialize says about the server.
struct StdioServerInfo {
  std::string name;     // "l402"
  std::string title;    // "l402 buyer"
  std::string version;  // the build's
  std::string instructions;
};

class StdioServer {
 public:
  StdioServer(StdioTools& tools, StdioServerInfo info, std::ostream& log);

  // Until `in` ends; returns once every call received has been answered (a
  // client that sends calls and closes its end, as a script may, gets them
  // all done).
  void run(std::istream& in, std::ostream& out);

 private:
  struct QueuedCall {
    RpcCall call;
    std::string revision;
  };
  void handle_line(const std::string& line);
  void handle_call(const RpcCall& call);
  void queue_tool_call(const RpcCall& call);
  void cancel(const json::object& params);
  void work();
  json::object run_tool(const QueuedCall& queued);
  json::object initialize(const RpcCall& call);
  void send(const json::object& message);

  StdioTools& tools_;
  StdioServerInfo info_;
  std::ostream& log_;
  std::ostream* out_ = nullptr;
  std::mutex out_mutex_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<QueuedCall> queue_;
  bool input_ended_ = false;
  std::string revision_;  // set by initialize; guarded by queue_mutex_
};

}  // namespace l402d::mcp
