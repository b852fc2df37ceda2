// The bytes of one outbound request: the head as a server reads it, and no
// way for a header to split the request on the wire.

#include "net/request_bytes.hpp"

#include <gtest/gtest.h>

namespace l402d::net {
namespace {

UrlTarget target(bool tls, std::string host, std::string port, std::string path) {
  return UrlTarget{tls, std::move(host), std::move(port), std::move(path), "x"};
}

TEST(RequestBytes, PostCarriesHostLengthHeadersAndBodyInOneBuffer) {
  HttpRequest r;
  r.method = "POST";
  r.headers = {{"Grpc-Metadata-macaroon", "0201"}, {"Content-Type", "application/json"}};
  r.body = R"({"value_msat":"1000"})";
  EXPECT_EQ(request_bytes(r, target(true, "127.0.0.1", "8080", "/v1/invoices")),
            "POST /v1/invoices HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
            "Grpc-Metadata-macaroon: 0201\r\nContent-Type: application/json\r\n"
            "User-Agent: l402d\r\nContent-Length: 21\r\n\r\n{\"value_msat\":\"1000\"}");
}

TEST(RequestBytes, AStreamedBodyIsDeclaredAndLeftToFollow) {
  HttpRequest r;
  r.method = "PUT";
  r.body = "ignored";
  EXPECT_EQ(request_bytes(r, target(false, "up", "80", "/f"), 200'000'000),
            "PUT /f HTTP/1.1\r\nHost: up\r\nUser-Agent: l402d\r\n"
            "Content-Length: 200000000\r\n\r\n");
}

TEST(RequestBytes, TheSchemesDefaultPortIsLeftOutOfHost) {
  HttpRequest r;
  EXPECT_EQ(request_bytes(r, target(true, "node.example", "443", "/v1/getinfo")),
            "GET /v1/getinfo HTTP/1.1\r\nHost: node.example\r\nUser-Agent: l402d\r\n\r\n");
  EXPECT_NE(request_bytes(r, target(false, "node.example", "443", "/"))
                .find("Host: node.example:443\r\n"),
            std::string::npos);
}

TEST(RequestBytes, ACallersUserAgentIsSentInsteadOfOurs) {
  HttpRequest r;
  r.headers = {{"user-agent", "curl/7.88"}};
  const auto bytes = request_bytes(r, target(false, "h", "80", "/"));
  EXPECT_NE(bytes.find("user-agent: curl/7.88\r\n"), std::string::npos);
  EXPECT_EQ(bytes.find("l402d"), std::string::npos);
}

TEST(RequestBytes, AnIpv6HostIsBracketed) {
  HttpRequest r;
  EXPECT_NE(request_bytes(r, target(false, "::1", "9735", "/")).find("Host: [::1]:9735\r\n"),
            std::string::npos);
}

TEST(RequestBytes, AnEmptyPostStillSaysItsLength) {
  HttpRequest r;
  r.method = "POST";
  EXPECT_NE(request_bytes(r, target(false, "h", "80", "/")).find("Content-Length: 0\r\n\r\n"),
            std::string::npos);
}

TEST(RequestBytes, AHeaderThatWouldSplitTheRequestIsRefused) {
  HttpRequest r;
  r.headers = {{"X-Api-Key", "key\r\nX-Injected: 1"}};
  EXPECT_THROW(request_bytes(r, target(false, "h", "80", "/")), HttpError);
  r.headers = {{"Bad Name", "v"}};
  EXPECT_THROW(request_bytes(r, target(false, "h", "80", "/")), HttpError);
  r.headers = {{"X-Nul", std::string("a\0b", 3)}};
  EXPECT_THROW(request_bytes(r, target(false, "h", "80", "/")), HttpError);
  r.headers = {};
  r.method = "GET /x HTTP/1.1\r\n";
  EXPECT_THROW(request_bytes(r, target(false, "h", "80", "/")), HttpError);
}

}  // namespace
}  // namespace l402d::net
