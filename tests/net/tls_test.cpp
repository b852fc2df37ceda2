// TLS trust against a local HTTPS server whose certificate the test makes:
// pinned, CA file, system CAs, and the failures, which are all Kind::tls.

#include <gtest/gtest.h>

#include <fstream>

#include "net/http_client.hpp"
#include "net/local_server.hpp"
#include "net/tls_trust.hpp"

namespace l402d::net {
namespace {

using testing::LocalServer;
using testing::TempDir;
using testing::TestCert;

class HttpClientTls : public ::testing::Test {
 protected:
  TempDir dir;
  TestCert server_cert = testing::make_test_cert(dir.path(), "server");
  TestCert other_cert = testing::make_test_cert(dir.path(), "other");
  LocalServer server{
      [](const LocalServer::Request& req) { return LocalServer::reply(req, 200, "hi"); },
      server_cert};
  HttpClient client;

  HttpRequest pinned_to(const TestCert& cert) const {
    HttpRequest req;
    req.url = server.url("/");
    req.pinned_cert_file = cert.cert_file.string();
    return req;
  }
};

// The message of the HttpError `call` throws; fails the test unless Kind::tls.
template <typename Call>
std::string tls_error(Call call) {
  try {
    call();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::tls) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected a TLS error";
  return {};
}

TEST_F(HttpClientTls, PinnedCertificateIsAccepted) {
  auto res = client.perform(pinned_to(server_cert));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "hi");
}

TEST_F(HttpClientTls, PinnedToAnotherCertificateIsATlsError) {
  auto message = tls_error([&] { client.perform(pinned_to(other_cert)); });
  EXPECT_NE(message.find("not trusted"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
}

TEST_F(HttpClientTls, CaFileOfTheServerCertificateIsAccepted) {
  HttpRequest req;
  req.url = server.url("/");
  req.ca_file = server_cert.cert_file.string();
  EXPECT_EQ(client.perform(req).status, 200);
}

TEST_F(HttpClientTls, SystemCasDoNotTrustASelfSignedServer) {
  HttpRequest req;
  req.url = server.url("/");
  tls_error([&] { client.perform(req); });
}

TEST_F(HttpClientTls, PinMismatchUnderATrustedCaIsATlsError) {
  HttpRequest req = pinned_to(other_cert);
  req.ca_file = server_cert.cert_file.string();
  auto message = tls_error([&] { client.perform(req); });
  EXPECT_NE(message.find("pinned"), std::string::npos) << message;
}

TEST_F(HttpClientTls, PinnedCallsShareOneConnection) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(client.perform(pinned_to(server_cert)).status, 200);
  EXPECT_EQ(server.accepted_connections(), 1U);
}

// A connection (or TLS session) made under one trust must not serve a request
// that trusts something else.
TEST_F(HttpClientTls, AConnectionIsNotReusedUnderADifferentPin) {
  EXPECT_EQ(client.perform(pinned_to(server_cert)).status, 200);
  HttpRequest req = pinned_to(other_cert);
  req.ca_file = server_cert.cert_file.string();
  tls_error([&] { client.perform(req); });
  tls_error([&] { client.perform(pinned_to(other_cert)); });
  EXPECT_EQ(client.perform(pinned_to(server_cert)).status, 200);
}

TEST_F(HttpClientTls, ClientWideTrustAppliesAndARequestsOwnReplacesIt) {
  HttpClientOptions options;
  options.pinned_cert_file = server_cert.cert_file.string();
  HttpClient pinned(options);
  HttpRequest req;
  req.url = server.url("/");
  EXPECT_EQ(pinned.perform(req).status, 200);
  req.pinned_cert_file = other_cert.cert_file.string();
  tls_error([&] { pinned.perform(req); });
}

TEST_F(HttpClientTls, UnreadableOrInvalidTrustFilesAreTlsErrors) {
  auto missing = (dir.path() / "missing.pem").string();
  HttpRequest req;
  req.url = server.url("/");
  req.pinned_cert_file = missing;
  EXPECT_NE(tls_error([&] { client.perform(req); }).find(missing), std::string::npos);

  auto garbage = (dir.path() / "garbage.pem").string();
  std::ofstream(garbage) << "not a certificate\n";
  req.pinned_cert_file.clear();
  req.ca_file = garbage;
  EXPECT_NE(tls_error([&] { client.perform(req); }).find("no PEM certificate"), std::string::npos);
  EXPECT_EQ(server.accepted_connections(), 0U);
}

TEST_F(HttpClientTls, TrustSettingsRefusePlainHttp) {
  LocalServer plain(
      [](const LocalServer::Request& req) { return LocalServer::reply(req, 200, ""); });
  HttpRequest req = pinned_to(server_cert);
  req.url = plain.url("/");
  EXPECT_NE(tls_error([&] { client.perform(req); }).find("not https"), std::string::npos);
  EXPECT_EQ(plain.accepted_connections(), 0U);
}

TEST_F(HttpClientTls, TlsErrorsAreNotRetried) {
  tls_error([&] {
    client.perform_with_retries(pinned_to(other_cert),
                                {5, std::chrono::milliseconds(1), std::chrono::milliseconds(1)},
                                [](auto) {});
  });
  EXPECT_EQ(server.accepted_connections(), 1U);
}

TEST_F(HttpClientTls, PublicKeyPinIsSha256OfTheKeyInBase64) {
  auto pin = public_key_pin(server_cert.cert_file.string());
  EXPECT_EQ(pin.rfind("sha256//", 0), 0U);
  EXPECT_EQ(pin.size(), 8U + 44U);  // 32 bytes in base64
  EXPECT_EQ(pin, public_key_pin(server_cert.cert_file.string()));
  EXPECT_NE(pin, public_key_pin(other_cert.cert_file.string()));
}

}  // namespace
}  // namespace l402d::net
