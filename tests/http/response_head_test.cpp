// The server writes string responses with its own head serializer; what goes
// on the wire must be exactly what Beast's serializer would have written.

#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <boost/beast/core/ostream.hpp>
#include <sstream>

namespace l402d::http {
namespace {

std::string beast_bytes(StringResponse response) {
  std::ostringstream os;
  os << response;
  return os.str();
}

std::string our_bytes(const StringResponse& response) {
  std::string out;
  append_response_head(response, out);
  return out + response.body();
}

StringResponse prepared(StringResponse response, bool keep_alive) {
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

TEST(ResponseHead, SameBytesAsBeastForTheResponsesTheServerSends) {
  std::vector<StringResponse> cases;
  {
    StringResponse r{Status::payment_required, 11};
    r.set(Field::server, "l402d");
    r.set(Field::content_type, "application/json");
    r.set(Field::www_authenticate, R"(L402 macaroon="AgEEbHNhdA==", invoice="lnbcrt1")");
    r.set(Field::cache_control, "no-store");
    r.set("X-L402-Replay", "true");
    r.body() = R"({"error":{"code":"payment_required","message":"Pay."}})";
    cases.push_back(prepared(r, true));
    cases.push_back(prepared(r, false));
  }
  {
    StringResponse r{Status::ok, 10};  // HTTP/1.0 keep-alive needs its own field
    r.set(Field::content_type, "text/plain");
    r.body() = "ok";
    cases.push_back(prepared(r, true));
    cases.push_back(prepared(r, false));
  }
  {
    StringResponse r{Status::no_content, 11};
    r.set(Field::access_control_max_age, "86400");
    cases.push_back(prepared(r, true));
  }
  {
    StringResponse r{Status::not_found, 11};
    r.reason("Nothing Here");
    r.body() = std::string(70'000, 'x');
    cases.push_back(prepared(r, true));
  }
  {
    StringResponse r;
    r.result(599);  // unknown codes keep their number, with an empty reason
    r.version(11);
    cases.push_back(prepared(r, true));
  }
  for (const auto& response : cases) {
    EXPECT_EQ(our_bytes(response), beast_bytes(response));
  }
}

TEST(ResponseHead, AppendsToWhatIsAlreadyThere) {
  StringResponse r{Status::ok, 11};
  r.set(Field::content_length, "0");
  std::string out = "previous";
  append_response_head(r, out);
  EXPECT_EQ(out, "previousHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

}  // namespace
}  // namespace l402d::http
