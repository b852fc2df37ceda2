// HTTPS terminated by the server itself: the same request loop over TLS,
// what a plain client gets on the TLS port, and certificate reloads.

#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <fstream>

#include "http/body_writer.hpp"
#include "http/raw_client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"
#include "http/tls_client.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_cert.hpp"

namespace l402d::http {
namespace {

namespace asio = boost::asio;
using testing::make_request;
using testing::TlsClient;

struct Fixture {
  // TLS with a fresh "first" certificate unless `plain`.
  explicit Fixture(bool plain = false, ServerOptions opts = {})
      : dir(plain ? "tls-test-plain" : "tls-test") {
    cert = testing::make_tls_cert(dir.path(), "server");
    opts.host = "127.0.0.1";
    opts.port = 0;
    if (!plain) opts.tls = TlsFiles{cert.cert_file.string(), cert.key_file.string()};
    add_routes();
    server = std::make_unique<Server>(
        opts, [this](Exchange& ex) { return router.route(ex); },
        [](const Exchange&, const Response&) {});
    server->start();
  }
  ~Fixture() {
    server->stop();
    server->wait();
  }

  void add_routes() {
    router.add(Verb::get, "/hello", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", "hi");
    });
    router.add(Verb::post, "/echo", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", ex.request.body());
    });
    router.add(Verb::get, "/scheme", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", ex.secure ? "https" : "http");
    });
    router.add(Verb::get, "/count", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_stream_response(ex.request, Status::ok, "text/plain",
                                     [](BodyWriter& w) -> asio::awaitable<void> {
                                       for (int n = 0; n < 3; ++n)
                                         co_await w.write(std::to_string(n) + ",");
                                     });
    });
  }

  // Makes a new certificate and key and puts them where the server reads them.
  testing::TlsCertFiles replace_certificate() {
    auto next = testing::make_tls_cert(dir.path(), "next");
    std::filesystem::copy_file(next.cert_file, cert.cert_file,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(next.key_file, cert.key_file,
                               std::filesystem::copy_options::overwrite_existing);
    return next;
  }

  testing::TempDir dir;
  testing::TlsCertFiles cert;
  Router router;
  std::unique_ptr<Server> server;
};

TEST(TlsServer, ServesGetAndPostOnOneKeepAliveConnection) {
  Fixture f;
  TlsClient c(f.server->port());
  for (int i = 0; i < 2; ++i) {
    auto res = c.send(make_request(Verb::get, "/hello"));
    EXPECT_EQ(res.result(), Status::ok);
    EXPECT_EQ(res.body(), "hi");
    EXPECT_TRUE(res.keep_alive());
  }
  auto res = c.send(make_request(Verb::post, "/echo", "payload"));
  EXPECT_EQ(res.body(), "payload");
  EXPECT_EQ(f.server->open_connections(), 1u);
  EXPECT_EQ(c.peer_fingerprint(), f.cert.fingerprint);
}

TEST(TlsServer, ExchangeIsSecureOverTlsOnly) {
  Fixture tls;
  TlsClient c(tls.server->port());
  EXPECT_EQ(c.send(make_request(Verb::get, "/scheme")).body(), "https");

  Fixture plain(true);
  testing::TestClient p(plain.server->port());
  EXPECT_EQ(p.send(make_request(Verb::get, "/scheme")).body(), "http");
}

TEST(TlsServer, PlainHttpOnTheTlsPortIsClosedWithoutAnAnswer) {
  Fixture f;
  testing::RawClient c(f.server->port());
  c.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  // RawClient throws when nothing happens within its deadline: no hanging.
  EXPECT_EQ(c.read_head(), std::nullopt);
}

TEST(TlsServer, AClientThatNeverShakesHandsIsClosedAfterTheReadTimeout) {
  ServerOptions opts;
  opts.read_timeout = std::chrono::milliseconds(200);
  Fixture f(false, opts);
  testing::RawClient c(f.server->port());
  EXPECT_TRUE(c.closed_by_server());
}

TEST(TlsServer, StreamsAResponseOverTls) {
  Fixture f;
  TlsClient c(f.server->port());
  auto res = c.send(make_request(Verb::get, "/count"));
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_TRUE(res.chunked());
  EXPECT_EQ(res.body(), "0,1,2,");
  EXPECT_EQ(c.send(make_request(Verb::get, "/hello")).body(), "hi");  // still in step
}

TEST(TlsServer, StopClosesIdleTlsConnectionsAtOnce) {
  Fixture f;
  TlsClient idle(f.server->port());
  EXPECT_EQ(idle.send(make_request(Verb::get, "/hello")).body(), "hi");
  const auto started = std::chrono::steady_clock::now();
  f.server->stop();
  f.server->wait();
  // Far below idle_timeout (60 s) and shutdown_grace (120 s).
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(TlsServer, ReloadServesTheNewCertificateToNewConnectionsOnly) {
  Fixture f;
  TlsClient before(f.server->port());
  ASSERT_EQ(before.peer_fingerprint(), f.cert.fingerprint);

  const auto next = f.replace_certificate();
  ASSERT_NE(next.fingerprint, f.cert.fingerprint);
  EXPECT_TRUE(f.server->reload_tls());

  TlsClient after(f.server->port());
  EXPECT_EQ(after.peer_fingerprint(), next.fingerprint);
  EXPECT_EQ(after.send(make_request(Verb::get, "/hello")).body(), "hi");
  EXPECT_EQ(before.send(make_request(Verb::get, "/hello")).body(), "hi");
  EXPECT_EQ(before.peer_fingerprint(), f.cert.fingerprint);
}

// Calls reload_tls() and returns the error it reports ("" if none).
std::string reload_error(Server& server) {
  try {
    server.reload_tls();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

TEST(TlsServer, AFailedReloadKeepsTheOldCertificateAndNamesTheFile) {
  Fixture f;
  std::filesystem::remove(f.cert.key_file);
  EXPECT_NE(reload_error(*f.server).find(f.cert.key_file.string()), std::string::npos);

  std::ofstream(f.cert.cert_file) << "not a certificate\n";
  EXPECT_NE(reload_error(*f.server).find(f.cert.cert_file.string()), std::string::npos);

  TlsClient c(f.server->port());
  EXPECT_EQ(c.peer_fingerprint(), f.cert.fingerprint);
  EXPECT_EQ(c.send(make_request(Verb::get, "/hello")).body(), "hi");
}

TEST(TlsServer, AKeyThatDoesNotMatchTheCertificateIsRefused) {
  testing::TempDir dir("tls-test");
  const auto one = testing::make_tls_cert(dir.path(), "one");
  const auto two = testing::make_tls_cert(dir.path(), "two");
  try {
    load_tls_context({one.cert_file.string(), two.key_file.string()});
    FAIL() << "a mismatched key was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(two.key_file.string()), std::string::npos) << e.what();
  }
}

TEST(TlsServer, StartFailsNamingAMissingCertificate) {
  ServerOptions opts;
  opts.host = "127.0.0.1";
  opts.port = 0;
  opts.tls = TlsFiles{"/nonexistent/server.crt", "/nonexistent/server.key"};
  Server server(opts, [](Exchange&) -> asio::awaitable<Response> { co_return Response{}; });
  try {
    server.start();
    FAIL() << "started without a certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/server.crt"), std::string::npos);
  }
}

TEST(TlsServer, PlainServersHaveNothingToReload) {
  Fixture f(true);
  EXPECT_FALSE(f.server->reload_tls());
}

}  // namespace
}  // namespace l402d::http
