#pragma once

// A running lnsim for one test, in-process, and clients that use it the way
// an outside program would: credentials and ports are read back from the
// files and lnsim.json it wrote, requests go over real sockets (libcurl via
// net::HttpClient; Beast for WebSockets).

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lnsim/ledger.hpp"
#include "lnsim/node.hpp"
#include "lnsim/simulator.hpp"
#include "net/http_client.hpp"
#include "support/temp_dir.hpp"

namespace l402d::lnsim::testing {

std::string read_file(const std::filesystem::path& path);
boost::json::object parse_object(const std::string& text);
// The JSON objects of a newline-delimited stream.
std::vector<boost::json::object> parse_lines(const std::string& text);

class LnsimTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual SimulatorOptions options();

  std::string url(std::string_view api, std::string_view path) const;
  std::filesystem::path file(std::string_view api, std::string_view key) const;

  std::string admin_macaroon() const;    // hex, as sent in Grpc-Metadata-macaroon
  std::string invoice_macaroon() const;  // hex
  std::string admin_rune() const;
  std::string invoice_rune() const;
  std::string lnbits_key(std::string_view which) const;        // "admin_key" / "invoice_key"
  std::string phoenixd_password(std::string_view name) const;  // a phoenix.conf key

  // One exchange each; `timeout` bounds streams and long polls.
  net::HttpResponse lnd(std::string method, std::string path, std::string body = {},
                        std::optional<std::string> macaroon = std::nullopt,
                        const net::BodySink& sink = {});
  net::HttpResponse cln(std::string method_path, const boost::json::object& params,
                        std::optional<std::string> rune = std::nullopt);
  net::HttpResponse lnbits(std::string method, std::string path, std::string body = {},
                           std::optional<std::string> key = std::nullopt);
  net::HttpResponse phoenixd(std::string method, std::string path, std::string form = {},
                             std::optional<std::string> password = std::nullopt);
  net::HttpResponse control(std::string method, std::string path, std::string body = {});

  // Creates an invoice through `api` and returns its BOLT11 string.
  std::string make_invoice(std::string_view api, std::uint64_t amount_sat,
                           std::string memo = "lnsim test");

  std::unique_ptr<l402d::testing::TempDir> dir_;
  std::unique_ptr<Simulator> sim_;
  boost::json::object info_;
  net::HttpClient http_;
  std::chrono::milliseconds timeout_{10'000};
};

// A WebSocket client for the plain-HTTP APIs.
class WsClient {
 public:
  WsClient(std::uint16_t port, std::string target,
           std::vector<std::pair<std::string, std::string>> headers = {});
  ~WsClient();
  // The next text message, or nullopt after `timeout` or once closed.
  std::optional<std::string> read(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::lnsim::testing
