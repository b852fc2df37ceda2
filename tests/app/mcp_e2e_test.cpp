// The remote MCP server (POST /mcp) through the real binary: the official
// MCP TypeScript SDK as the client (tests/interop/mcp, installed by
// `npm ci`) lists the tools, buys vision and music with the builtin node's
// /dev/pay, polls the song with check_job, asks quote and list_services,
// and pays in-band with x402's and the MPP draft's MCP forms; plain HTTP
// checks the transport's edges.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "net/http_client.hpp"
#include "support/e2e_fixture.hpp"
#include "support/lnsim_process.hpp"

namespace l402d::testing {
namespace {

namespace json = boost::json;

class Mcp : public EndToEndTest {
 protected:
  // A script of tests/interop/mcp run with node: the SDK's run, one JSON line.
  json::object run_node(const std::string& script, const std::string& arguments) {
    const auto out = dir_.string() + "-client.out";
    const auto err = dir_.string() + "-client.err";
    const std::string cmd = std::string("cd ") + MCP_CLIENT_DIR + " && " + NODE_BINARY + " " +
                            script + " " + arguments + " >" + out + " 2>" + err;
    const int status = std::system(cmd.c_str());
    const auto text = LnsimProcess::slurp(out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << text << LnsimProcess::slurp(err) << server_->log();
    std::remove(out.c_str());
    std::remove(err.c_str());
    json::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      ADD_FAILURE() << "the client printed no JSON: " << text;
      return {};
    }
    return v.as_object();
  }

  static std::string image() { return std::string(L402D_TEST_DATA) + "/vision/coffee.jpg"; }

  json::object run_sdk_client() {
    return run_node("client.mjs", "--url " + server_->url("/mcp") + " --pay " +
                                      server_->url("/dev/pay") + " --image " + image());
  }

  net::HttpResponse mcp(const std::string& body,
                        std::vector<std::pair<std::string, std::string>> headers = {},
                        std::string method = "POST") {
    net::HttpRequest r;
    r.method = std::move(method);
    r.body = body;
    r.headers = {{"Content-Type", "application/json"},
                 {"Accept", "application/json, text/event-stream"}};
    for (auto& h : headers)
      r.headers.push_back(std::move(h));
    return send(r, "/mcp");
  }

  static const json::object* tool(const json::object& out, std::string_view name) {
    for (const auto& t : out.at("tools").as_array())
      if (t.at("name").as_string() == name) return &t.as_object();
    return nullptr;
  }
  static bool has(const json::value& names, std::string_view name) {
    for (const auto& n : names.as_array())
      if (n.as_string() == name) return true;
    return false;
  }
};

TEST_F(Mcp, TheOfficialSdkBuysVisionAndMusic) {
  start_with_config("[jobs]\npoll_interval_ms = 200\n");
  const auto out = run_sdk_client();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.at("protocol_version").as_string(), "2025-11-25");
  EXPECT_EQ(out.at("session_id").as_string().size(), 32u);
  EXPECT_EQ(out.at("server").at("name").as_string(), "l402d");

  for (const auto* name : {"vision", "music", "list_services", "quote", "check_job"})
    EXPECT_NE(tool(out, name), nullptr) << name;
  const auto* vision = tool(out, "vision");
  ASSERT_NE(vision, nullptr);
  EXPECT_NE(vision->at("description").as_string().find("Price: 10 sats"), std::string::npos);
  EXPECT_TRUE(has(vision->at("properties"), "image"));
  EXPECT_TRUE(has(vision->at("properties"), "prompt"));
  EXPECT_TRUE(has(vision->at("properties"), "payment"));
  EXPECT_TRUE(has(vision->at("required"), "image"));
  EXPECT_FALSE(has(vision->at("required"), "payment"));
  EXPECT_TRUE(tool(out, "quote")->at("read_only").as_bool());

  const auto& unpaid = out.at("vision_unpaid").as_object();
  EXPECT_TRUE(unpaid.at("isError").as_bool());
  EXPECT_TRUE(unpaid.at("structured").at("invoice").as_string().starts_with("lnbcrt"));
  EXPECT_EQ(unpaid.at("structured").at("amount_sats").as_int64(), 10);
  EXPECT_FALSE(unpaid.at("structured").at("macaroon").as_string().empty());
  EXPECT_EQ(unpaid.at("structured").at("x402Version").as_int64(), 2) << "the x402 rail is on";
  EXPECT_NE(unpaid.at("text").as_string().find("Lightning wallet"), std::string::npos);

  const auto& paid = out.at("vision_paid").as_object();
  EXPECT_FALSE(paid.at("isError").as_bool()) << json::serialize(paid);
  EXPECT_FALSE(paid.at("text").as_string().empty());
  EXPECT_EQ(paid.at("text"), paid.at("structured").at("content"));

  const auto& bad = out.at("vision_bad").as_object();
  EXPECT_TRUE(bad.at("isError").as_bool());
  EXPECT_NE(bad.at("text").as_string().find("model"), std::string::npos) << bad.at("text");
  EXPECT_FALSE(bad.at("structured").as_object().contains("invoice")) << "no invoice for bad input";

  const auto& x402 = out.at("x402").as_object();
  EXPECT_FALSE(x402.at("isError").as_bool()) << json::serialize(x402);
  EXPECT_FALSE(x402.at("text").as_string().empty());
  EXPECT_TRUE(x402.at("response").at("success").as_bool()) << "_meta[\"x402/payment-response\"]";

  const auto& mpp = out.at("mpp").as_object();
  EXPECT_EQ(mpp.at("code").as_int64(), -32042) << json::serialize(mpp);
  EXPECT_FALSE(mpp.at("isError").as_bool()) << json::serialize(mpp);
  EXPECT_EQ(mpp.at("receipt").at("status").as_string(), "success");

  const auto& job = out.at("music_paid").as_object();
  EXPECT_FALSE(job.at("isError").as_bool()) << json::serialize(job);
  EXPECT_EQ(job.at("structured").at("job_id").as_string().size(), 32u);
  EXPECT_NE(job.at("text").as_string().find("check_job"), std::string::npos);
  const auto& song = out.at("music_done").as_object();
  EXPECT_FALSE(song.at("isError").as_bool()) << json::serialize(song);
  const std::string url(song.at("structured").at("audioUrl").as_string());
  EXPECT_NE(url.find("/media/"), std::string::npos);
  EXPECT_EQ(song.at("content").as_array().back().at("type").as_string(), "resource_link");
  EXPECT_EQ(get(url.substr(url.find("/media/"))).status, 200) << "the song is there";

  EXPECT_EQ(out.at("quote").at("structured").at("price_sats").as_int64(), 10);
  EXPECT_TRUE(has(out.at("list_services").at("names"), "music"));
  EXPECT_EQ(out.at("unknown_tool").at("code").as_int64(), -32602);
  EXPECT_TRUE(out.at("terminated").as_bool());
  const auto log = server_->log();
  ASSERT_EQ(out.at("preimages").as_array().size(), 4u);
  for (const auto& preimage : out.at("preimages").as_array())
    EXPECT_EQ(log.find(preimage.as_string()), std::string::npos) << "no preimage in the log";
}

// The buyer's side: `l402 mcp` over stdio, spawned by the SDK's
// StdioClientTransport, buys vision from this server with the dev wallet
// within the caps given on its command line (50 sats a call, 25 a day).
TEST_F(Mcp, AnAgentBuysThroughL402McpOverStdioWithinItsCaps) {
  start();
  const auto home = dir_.string() + "-buyer";
  const auto out =
      run_node("buyer.mjs", std::string("--l402 ") + L402_BINARY + " --home " + home + " --url " +
                                server_->url("/api/l402/vision") + " --image " + image());
  std::filesystem::remove_all(home);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.at("server").at("name").as_string(), "l402");
  EXPECT_NE(out.at("instructions").as_string().find("fetch"), std::string::npos);
  EXPECT_EQ(json::serialize(out.at("tools")), R"(["fetch","quote","budget","receipts"])");

  const auto& quote = out.at("quote").at("structured").as_object();
  EXPECT_EQ(quote.at("outcome").as_string(), "dry_run");
  EXPECT_EQ(quote.at("quote").at("amount_sats").as_int64(), 10);
  EXPECT_FALSE(quote.at("paid").as_bool());

  const auto& first = out.at("first").as_object();
  EXPECT_FALSE(first.at("isError").as_bool()) << json::serialize(first);
  EXPECT_EQ(first.at("structured").at("status").as_int64(), 200);
  const auto body = json::parse(first.at("structured").at("body").as_string());
  EXPECT_FALSE(body.at("content").as_string().empty());
  EXPECT_EQ(first.at("structured").at("receipt").at("amount_sats").as_int64(), 10);
  EXPECT_NE(first.at("text").as_string().find("Paid 10 sats"), std::string::npos);

  const auto& capped = out.at("capped").as_object();
  EXPECT_TRUE(capped.at("isError").as_bool());
  EXPECT_EQ(capped.at("structured").at("outcome").as_string(), "refused");
  EXPECT_FALSE(out.at("second").at("isError").as_bool()) << json::serialize(out.at("second"));

  const auto& over = out.at("over_daily").as_object();
  EXPECT_TRUE(over.at("isError").as_bool());
  EXPECT_NE(over.at("text").as_string().find("budget"), std::string::npos) << over.at("text");

  EXPECT_EQ(out.at("budget").at("structured").at("spent_today_sats").as_int64(), 20);
  EXPECT_EQ(out.at("budget").at("structured").at("remaining_today_sats").as_int64(), 5);
  EXPECT_EQ(out.at("receipts").at("structured").at("receipts").as_array().size(), 2u);
  EXPECT_TRUE(out.at("credential_header").at("isError").as_bool());
  EXPECT_EQ(out.at("unknown").at("code").as_int64(), -32602);
  EXPECT_NE(out.at("stderr").as_string().find("25 a day"), std::string::npos);
}

TEST_F(Mcp, TransportEdges) {
  start();
  EXPECT_EQ(mcp("", {}, "GET").status, 405);
  EXPECT_EQ(mcp("", {}, "GET").header("allow"), "POST, DELETE, OPTIONS");
  const std::string ping = R"({"jsonrpc":"2.0","id":7,"method":"ping"})";
  EXPECT_EQ(mcp(ping, {{"Origin", "https://evil.example"}}).status, 403);
  EXPECT_EQ(mcp(ping, {{"Origin", server_->url()}}).status, 200) << "the public URL's origin";
  EXPECT_EQ(mcp(ping).body, R"({"jsonrpc":"2.0","id":7,"result":{}})");

  auto parse = mcp("{not json");
  EXPECT_EQ(parse.status, 400);
  EXPECT_EQ(json::parse(parse.body).at("error").at("code").as_int64(), -32700);
  auto unknown = json::parse(mcp(R"({"jsonrpc":"2.0","id":1,"method":"nope"})").body);
  EXPECT_EQ(unknown.at("error").at("code").as_int64(), -32601);
  auto invalid = json::parse(mcp(R"({"jsonrpc":"1.0","id":1,"method":"ping"})").body);
  EXPECT_EQ(invalid.at("error").at("code").as_int64(), -32600);

  const auto note = mcp(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(note.status, 202);
  EXPECT_TRUE(note.body.empty());

  const std::string batch = "[" + ping + "," + R"({"jsonrpc":"2.0","method":"x"}])";
  EXPECT_EQ(mcp(batch, {{"MCP-Protocol-Version", "2025-11-25"}}).status, 400)
      << "no batches since 2025-06-18";
  auto old = mcp(batch, {{"MCP-Protocol-Version", "2025-03-26"}});
  EXPECT_EQ(old.status, 200);
  EXPECT_EQ(json::parse(old.body).as_array().size(), 1u);
  EXPECT_EQ(mcp(ping, {{"MCP-Protocol-Version", "1999-01-01"}}).status, 400);

  auto init = mcp(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  EXPECT_EQ(json::parse(init.body).at("result").at("protocolVersion").as_string(), "2024-11-05");
  const std::string session(init.header("mcp-session-id"));
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(mcp(ping, {{"Mcp-Session-Id", session}}).status, 200);
  EXPECT_EQ(mcp("", {{"Mcp-Session-Id", session}}, "DELETE").status, 204);
  EXPECT_EQ(mcp(ping, {{"Mcp-Session-Id", session}}).status, 404) << "ended";
}

}  // namespace
}  // namespace l402d::testing
