#include "lnsim/lnsim_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim::testing {

namespace json = boost::json;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

json::object parse_object(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << text;
    return {};
  }
  return v.as_object();
}

std::vector<json::object> parse_lines(const std::string& text) {
  std::vector<json::object> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const std::string line = text.substr(start, nl - start);
    if (!line.empty()) out.push_back(parse_object(line));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

SimulatorOptions LnsimTest::options() {
  SimulatorOptions o;
  o.dir = dir_->path();
  o.threads = 2;
  return o;
}

void LnsimTest::SetUp() {
  dir_ = std::make_unique<l402d::testing::TempDir>("lnsim");
  sim_ = std::make_unique<Simulator>(options());
  sim_->start();
  info_ = parse_object(read_file(sim_->info_file()));
}

void LnsimTest::TearDown() {
  if (sim_) sim_->stop();
  sim_.reset();
}

std::string LnsimTest::url(std::string_view api, std::string_view path) const {
  return std::string(info_.at(api).at("url").as_string()) + std::string(path);
}

std::filesystem::path LnsimTest::file(std::string_view api, std::string_view key) const {
  return std::string(info_.at(api).at(key).as_string());
}

std::string LnsimTest::admin_macaroon() const {
  return to_hex(as_bytes(read_file(file("lnd", "admin_macaroon"))));
}

std::string LnsimTest::invoice_macaroon() const {
  return to_hex(as_bytes(read_file(file("lnd", "invoice_macaroon"))));
}

std::string LnsimTest::admin_rune() const {
  return read_file(file("cln", "admin_rune"));
}

std::string LnsimTest::invoice_rune() const {
  return read_file(file("cln", "invoice_rune"));
}

std::string LnsimTest::lnbits_key(std::string_view which) const {
  return std::string(parse_object(read_file(file("lnbits", "keys"))).at(which).as_string());
}

std::string LnsimTest::phoenixd_password(std::string_view name) const {
  std::istringstream conf(read_file(file("phoenixd", "conf")));
  std::string line;
  while (std::getline(conf, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos && line.substr(0, eq) == name) return line.substr(eq + 1);
  }
  ADD_FAILURE() << "no " << name << " in phoenix.conf";
  return {};
}

net::HttpResponse LnsimTest::lnd(std::string method, std::string path, std::string body,
                                 std::optional<std::string> macaroon, const net::BodySink& sink) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = url("lnd", path);
  r.body = std::move(body);
  r.pinned_cert_file = file("lnd", "tls_cert");
  r.timeout = timeout_;
  r.headers.emplace_back("Grpc-Metadata-macaroon", macaroon ? *macaroon : admin_macaroon());
  return http_.perform(r, sink);
}

net::HttpResponse LnsimTest::cln(std::string method_path, const json::object& params,
                                 std::optional<std::string> rune) {
  net::HttpRequest r;
  r.method = "POST";
  r.url = url("cln", "/v1/" + method_path);
  r.body = json::serialize(params);
  r.ca_file = file("cln", "ca_cert");
  r.timeout = timeout_;
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Rune", rune ? *rune : admin_rune());
  return http_.perform(r);
}

net::HttpResponse LnsimTest::lnbits(std::string method, std::string path, std::string body,
                                    std::optional<std::string> key) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = url("lnbits", path);
  r.body = std::move(body);
  r.timeout = timeout_;
  r.headers.emplace_back("Content-Type", "application/json");
  if (key) r.headers.emplace_back("X-Api-Key", *key);
  return http_.perform(r);
}

net::HttpResponse LnsimTest::phoenixd(std::string method, std::string path, std::string form,
                                      std::optional<std::string> password) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = url("phoenixd", path);
  r.body = std::move(form);
  r.timeout = timeout_;
  if (!r.body.empty()) {
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  if (password) {
    r.headers.emplace_back("Authorization", "Basic " + base64_encode(as_bytes(":" + *password)));
  }
  return http_.perform(r);
}

net::HttpResponse LnsimTest::control(std::string method, std::string path, std::string body) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = url("control", path);
  r.body = std::move(body);
  r.timeout = timeout_;
  return http_.perform(r);
}

std::string LnsimTest::make_invoice(std::string_view api, std::uint64_t amount_sat,
                                    std::string memo) {
  const std::string sat = std::to_string(amount_sat);
  if (api == "lnd") {
    auto r = lnd("POST", "/v1/invoices", R"({"value":")" + sat + R"(","memo":")" + memo + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(parse_object(r.body).at("payment_request").as_string());
  }
  if (api == "cln") {
    static int label = 0;
    json::object p;
    p["amount_msat"] = amount_sat * 1000;
    p["label"] = "test-" + std::to_string(++label);
    p["description"] = memo;
    auto r = cln("invoice", p);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(parse_object(r.body).at("bolt11").as_string());
  }
  if (api == "lnbits") {
    auto r = lnbits("POST", "/api/v1/payments",
                    R"({"out":false,"amount":)" + sat + R"(,"memo":")" + memo + R"("})",
                    lnbits_key("invoice_key"));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(parse_object(r.body).at("bolt11").as_string());
  }
  std::string encoded;
  for (const char c : memo)
    encoded += c == ' ' ? '+' : c;
  auto r = phoenixd("POST", "/createinvoice", "amountSat=" + sat + "&description=" + encoded,
                    phoenixd_password("http-password-limited-access"));
  EXPECT_EQ(r.status, 200) << r.body;
  return std::string(parse_object(r.body).at("serialized").as_string());
}

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
}  // namespace

struct WsClient::Impl {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
};

WsClient::WsClient(std::uint16_t port, std::string target,
                   std::vector<std::pair<std::string, std::string>> headers)
    : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  impl_->ws.next_layer().connect(endpoint);
  impl_->ws.set_option(websocket::stream_base::decorator(
      [headers = std::move(headers)](websocket::request_type& req) {
        for (const auto& [name, value] : headers)
          req.set(name, value);
      }));
  impl_->ws.handshake("127.0.0.1:" + std::to_string(port), target);
}

WsClient::~WsClient() {
  boost::system::error_code ignored;
  impl_->ws.next_layer().close(ignored);
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds timeout) {
  std::optional<std::string> out;
  bool done = false;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](const boost::system::error_code& ec, std::size_t) {
    done = true;
    if (!ec) out = beast::buffers_to_string(impl_->buffer.data());
  });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (!done) {
    // Give up on this connection: a read cannot be abandoned and resumed.
    boost::system::error_code ignored;
    impl_->ws.next_layer().close(ignored);
    impl_->ioc.restart();
    impl_->ioc.run();
  }
  return out;
}

}  // namespace l402d::lnsim::testing
