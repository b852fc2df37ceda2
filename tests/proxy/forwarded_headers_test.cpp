// The proxy's header rewriting: nothing that pays reaches the upstream,
// hop-by-hop fields stop at the proxy, and the upstream learns who asked.

#include "proxy/forwarded_headers.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace l402d::proxy {
namespace {

const ClientHop kHop{"203.0.113.7", "https", "api.example.com"};

std::vector<std::string> values(const HeaderList& headers, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (n == name) out.push_back(v);
  return out;
}

bool has(const HeaderList& headers, std::string_view name) {
  return !values(headers, name).empty();
}

TEST(UpstreamRequestHeaders, EveryPaymentCredentialIsRemoved) {
  const HeaderList in = {{"Authorization", "L402 AgEE...:abcd"},
                         {"authorization", "LSAT AgEE...:abcd"},
                         {"AUTHORIZATION", "  Payment eyJjaGFsbGVuZ2Ui"},
                         {"Grpc-Metadata-Macaroon", "0201"},
                         {"Macaroon", "0201"},
                         {"PAYMENT-SIGNATURE", "eyJ4NDAy"},
                         {"x-payment", "eyJ4NDAy"},
                         {"Accept", "application/json"}};
  const auto out = upstream_request_headers(in, kHop, {});
  for (const auto& [name, value] : out) {
    EXPECT_EQ(value.find("AgEE"), std::string::npos) << name;
    EXPECT_EQ(value.find("eyJ"), std::string::npos) << name;
    EXPECT_NE(value, "0201") << name;
  }
  EXPECT_EQ(values(out, "Accept"), std::vector<std::string>{"application/json"});
}

TEST(UpstreamRequestHeaders, AnotherAuthorizationSchemeIsTheUpstreamsAndPasses) {
  const auto out = upstream_request_headers({{"Authorization", "Bearer sk-upstream"}}, kHop, {});
  EXPECT_EQ(values(out, "Authorization"), std::vector<std::string>{"Bearer sk-upstream"});
}

TEST(UpstreamRequestHeaders, HopByHopFieldsAndThoseConnectionNamesStop) {
  const HeaderList in = {{"Connection", "keep-alive, X-Secret-Hop"},
                         {"Keep-Alive", "timeout=5"},
                         {"X-Secret-Hop", "1"},
                         {"TE", "trailers"},
                         {"Transfer-Encoding", "chunked"},
                         {"Upgrade", "websocket"},
                         {"Proxy-Authorization", "Basic eA=="},
                         {"Host", "api.example.com"},
                         {"Content-Type", "application/json"}};
  const auto out = upstream_request_headers(in, kHop, {});
  for (const char* gone : {"Connection", "Keep-Alive", "X-Secret-Hop", "TE", "Transfer-Encoding",
                           "Upgrade", "Proxy-Authorization", "Host"})
    EXPECT_FALSE(has(out, gone)) << gone;
  EXPECT_TRUE(has(out, "Content-Type"));
}

TEST(UpstreamRequestHeaders, ConfiguredFieldsReplaceTheBuyers) {
  const auto out = upstream_request_headers({{"x-api-key", "buyer-guess"}}, kHop,
                                            {{"X-Api-Key", "seller-secret"}});
  EXPECT_FALSE(has(out, "x-api-key"));
  EXPECT_EQ(values(out, "X-Api-Key"), std::vector<std::string>{"seller-secret"});
}

TEST(UpstreamRequestHeaders, TheUpstreamLearnsWhoAskedAndHow) {
  const auto out = upstream_request_headers(
      {{"X-Forwarded-For", "198.51.100.1"}, {"X-Forwarded-Proto", "http"}}, kHop, {});
  EXPECT_EQ(values(out, "X-Forwarded-For"), std::vector<std::string>{"198.51.100.1, 203.0.113.7"});
  EXPECT_EQ(values(out, "X-Forwarded-Proto"), std::vector<std::string>{"https"});
  EXPECT_EQ(values(out, "X-Forwarded-Host"), std::vector<std::string>{"api.example.com"});
  EXPECT_EQ(values(out, "Forwarded"),
            std::vector<std::string>{"for=203.0.113.7;proto=https;host=api.example.com"});
}

TEST(UpstreamRequestHeaders, ForwardedQuotesAnIpv6NodeAndAHostWithAPort) {
  const auto out = upstream_request_headers({{"Forwarded", "for=198.51.100.1"}},
                                            {"2001:db8::1", "http", "localhost:8402"}, {});
  EXPECT_EQ(values(out, "Forwarded"),
            std::vector<std::string>{
                "for=198.51.100.1, for=\"[2001:db8::1]\";proto=http;host=\"localhost:8402\""});
}

TEST(BuyerResponseHeaders, HopByHopFieldsStopTheRestPass) {
  const auto out = buyer_response_headers({{"connection", "close, x-upstream-hop"},
                                           {"x-upstream-hop", "1"},
                                           {"transfer-encoding", "chunked"},
                                           {"access-control-allow-origin", "*"},
                                           {"content-type", "text/event-stream"}});
  EXPECT_EQ(out, (HeaderList{{"access-control-allow-origin", "*"},
                             {"content-type", "text/event-stream"}}));
}

}  // namespace
}  // namespace l402d::proxy
