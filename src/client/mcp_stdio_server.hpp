#pragma once

// `l402 mcp`: an MCP server over stdio (newline-delimited JSON-RPC on
// standard input and output, logs on standard error), giving an agent the
// buyer's tools (mcp_tools.hpp).
//
// Tool calls run on one worker thread, one at a time and in the order they
// came: two purchases never race for the budget, and ping, tools/list and
// cancellations are still answered while a purchase is under way. A call
// cancelled before it starts is dropped unanswered (as MCP asks); one already
// started runs to its end, because a payment cannot be called back.

#include <boost/json/object.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>

#include "client/mcp_tools.hpp"
#include "mcp/json_rpc.hpp"

namespace l402d::client {

class McpStdioServer {
 public:
  McpStdioServer(BuyerTools& tools, std::string version, std::ostream& log);

  // Until `in` ends; returns once every call received has been answered (a
  // client that sends calls and closes its end, as a script may, gets them
  // all done).
  void run(std::istream& in, std::ostream& out);

 private:
  struct QueuedCall {
    mcp::RpcCall call;
    std::string revision;
  };
  void handle_line(const std::string& line);
  void handle_call(const mcp::RpcCall& call);
  void queue_tool_call(const mcp::RpcCall& call);
  void cancel(const boost::json::object& params);
  void work();
  boost::json::object run_tool(const QueuedCall& queued);
  boost::json::object initialize(const mcp::RpcCall& call);
  void send(const boost::json::object& message);

  BuyerTools& tools_;
  std::string version_;
  std::ostream& log_;
  std::ostream* out_ = nullptr;
  std::mutex out_mutex_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<QueuedCall> queue_;
  bool input_ended_ = false;
  std::string revision_;  // set by initialize; guarded by queue_mutex_
};

}  // namespace l402d::client
