// Bad input by the thousand, through the real binary: generated malformed
// bodies for both services (mutated bytes, wrong types, deep nesting, invalid
// UTF-8, absurd lengths, decompression-bomb images), hostile credentials on
// every rail, and request-smuggling shapes on a raw socket. Whatever arrives:
// no crash, no 5xx, every error is the API's JSON with a code from the
// catalogue, an invalid body never gets an invoice, and the server is healthy
// after each batch. The generator is seeded, so a failure repeats; the four
// tests send over 2,000 requests in all (each asserts its share and prints it).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "api/error_catalogue.hpp"
#include "support/e2e_fixture.hpp"
#include "support/loopback_socket.hpp"

namespace l402d::testing {
namespace {

namespace json = boost::json;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Sent {
  Sent(std::string w, std::string s, std::string b, Headers h = {}, bool valid = false)
      : what(std::move(w)),
        service(std::move(s)),
        body(std::move(b)),
        headers(std::move(h)),
        body_valid(valid) {}
  std::string what;  // for the failure message
  std::string service;
  std::string body;
  Headers headers;
  bool body_valid;  // a 402 is then allowed
};

class HostileInput : public EndToEndTest {
 protected:
  void SetUp() override {
    EndToEndTest::SetUp();
    // No limit on challenges: the valid-body cases must not turn into 429s.
    start_with_config(
        "[server]\nbody_limit_bytes = 262144\n[services.music]\nchallenges_per_minute = 0\n"
        "[services.vision]\nchallenges_per_minute = 0\n");
    for (const auto& e : api::error_catalogue())
      codes_.insert(std::string(e.code));
    music_ = json::object{
        {"prompt", "calm piano ballad"}, {"lyrics", "Stars above"}, {"model", "Music Generation"}};
    vision_ = json::parse(image_request("What is this?", "astronaut_160.png")).as_object();
  }

  // One request; checks the answer by the rules above.
  void check(const Sent& s) {
    net::HttpRequest r;
    r.method = "POST";
    r.body = s.body;
    r.headers = {{"Content-Type", "application/json"}};
    for (const auto& h : s.headers)
      r.headers.push_back(h);
    r.timeout = std::chrono::seconds(60);
    net::HttpResponse res;
    try {
      res = send(r, "/api/l402/" + s.service);
    } catch (const std::exception& e) {
      ADD_FAILURE() << s.what << ": no answer: " << e.what();
      return;
    }
    ++sent_;
    EXPECT_LT(res.status, 500) << s.what << ": " << res.body;
    if (res.status == 402) {
      EXPECT_TRUE(s.body_valid) << s.what << ": an invoice for an invalid body";
      EXPECT_FALSE(res.header("www-authenticate").empty()) << s.what;
      return;
    }
    if (res.status >= 400) expect_error_json(res, s.what);
  }
  void expect_error_json(const net::HttpResponse& res, const std::string& what) {
    boost::system::error_code ec;
    auto parsed = json::parse(res.body, ec);
    ASSERT_FALSE(ec) << what << ": not JSON: " << res.body.substr(0, 200);
    const auto* error = parsed.is_object() ? parsed.as_object().if_contains("error") : nullptr;
    ASSERT_TRUE(error && error->is_object()) << what << ": " << res.body.substr(0, 200);
    const auto* code = error->as_object().if_contains("code");
    ASSERT_TRUE(code && code->is_string()) << what;
    EXPECT_TRUE(codes_.count(std::string(code->as_string())))
        << what << ": code not in the catalogue: " << code->as_string();
  }
  void TearDown() override {
    RecordProperty("requests", sent_);
    std::printf("%d requests sent\n", sent_);
    EndToEndTest::TearDown();
  }
  void expect_healthy(const std::string& after) {
    EXPECT_EQ(get("/healthz").status, 200) << "after " << after;
  }

  const json::object& base(const std::string& service) const {
    return service == "music" ? music_ : vision_;
  }
  static std::vector<std::string> services() { return {"music", "vision"}; }

  std::set<std::string> codes_;
  json::object music_, vision_;
  std::mt19937 rng_{21};
  int sent_ = 0;
};

// Whether the vision prompt is left out: it is optional (the seed page's
// default question is asked), so such a body is valid.
bool leaves_out_the_prompt(const std::string& service, std::string_view key, const json::value& v) {
  return service == "vision" && key == "prompt" &&
         (v.is_null() || (v.is_string() && v.as_string().empty()));
}

// Every field of each service set to every wrong type, or removed.
std::vector<Sent> wrong_types(const std::string& service, const json::object& valid) {
  const std::vector<json::value> wrong = {1,
                                          -1,
                                          1.5,
                                          true,
                                          nullptr,
                                          json::array{},
                                          json::object{},
                                          "",
                                          json::string(std::string(70000, 'a'))};
  std::vector<Sent> out;
  for (const auto& [key, value] : valid) {
    for (const auto& w : wrong) {
      json::object o = valid;
      o[key] = w;
      out.push_back({service + " " + std::string(key) + "=" + json::serialize(w).substr(0, 20),
                     service,
                     json::serialize(o),
                     {},
                     leaves_out_the_prompt(service, key, w)});
    }
    json::object without = valid;
    without.erase(key);
    out.push_back({service + " without " + std::string(key),
                   service,
                   json::serialize(without),
                   {},
                   leaves_out_the_prompt(service, key, nullptr)});
  }
  return out;
}

TEST_F(HostileInput, TwoThousandMalformedRequestsGetJsonErrorsAndNoInvoice) {
  for (const auto& service : services()) {
    const std::string valid = json::serialize(base(service));
    std::vector<Sent> batch = wrong_types(service, base(service));
    // Random byte mutations: flipped, inserted or deleted bytes. Some stay
    // valid JSON with valid fields (a changed letter in the prompt): those may
    // get an invoice, judged by whether the result still parses as an object.
    for (int i = 0; i < 500; ++i) {
      std::string body = valid;
      const int edits = 1 + static_cast<int>(rng_() % 4);
      for (int e = 0; e < edits && !body.empty(); ++e) {
        const auto at = rng_() % body.size();
        const auto byte = static_cast<char>(rng_() % 256);
        switch (rng_() % 3) {
          case 0:
            body[at] = byte;
            break;
          case 1:
            body.insert(body.begin() + static_cast<long>(at), byte);
            break;
          default:
            body.erase(at, 1);
        }
      }
      boost::system::error_code ec;
      auto parsed = json::parse(body, ec);
      const bool maybe_valid = !ec && parsed.is_object();
      batch.push_back({service + " mutation " + std::to_string(i), service, body, {}, maybe_valid});
    }
    for (std::size_t cut = 0; cut + 1 < valid.size();
         cut += std::max<std::size_t>(1, valid.size() / 150))
      batch.push_back({service + " cut at " + std::to_string(cut), service, valid.substr(0, cut)});
    for (int depth : {33, 100, 1000, 50000}) {
      batch.push_back({service + " nesting " + std::to_string(depth), service,
                       std::string(depth, '[') + std::string(depth, ']')});
      batch.push_back({service + " nested prompt " + std::to_string(depth), service,
                       R"({"prompt":)" + std::string(depth, '[') + std::string(depth, ']') + "}"});
    }
    for (const char* bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xe2\x82",
                            "\xfe\xfe\xff\xff", "\x80", "\xf8\x88\x80\x80\x80"}) {
      for (const auto& key : {"prompt", "lyrics", "model"}) {
        std::string body = valid;
        const auto at = body.find(std::string("\"") + key + "\":\"");
        if (at == std::string::npos) continue;
        body.insert(at + std::string(key).size() + 4, bad);
        batch.push_back({service + " invalid UTF-8 in " + key, service, body});
      }
    }
    batch.push_back({service + " over the body limit", service, std::string(300 * 1024, ' ')});
    batch.push_back({service + " empty", service, ""});
    batch.push_back({service + " duplicate keys", service,
                     valid.substr(0, valid.size() - 1) + R"(,"prompt":1})"});
    for (std::size_t i = 0; i < batch.size(); ++i) {
      check(batch[i]);
      if (i % 200 == 199) expect_healthy(batch[i].what);
    }
    expect_healthy(service + " bodies");
  }
  EXPECT_GE(sent_, 1300);
}

TEST_F(HostileInput, DecompressionBombsAndBrokenImagesAreRefusedBeforeAnyInvoice) {
  const auto as_request = [](const std::string& raw, const std::string& mime) {
    return json::serialize(
        json::object{{"image", "data:" + mime + ";base64," + base64_encode(as_bytes(raw))},
                     {"prompt", "What is this?"},
                     {"model", "Vision Chat"}});
  };
  // PNG headers declaring absurd sizes, in a file of a few dozen bytes.
  std::vector<Sent> batch;
  for (std::uint32_t side : {20000u, 30000u, 65535u, 0x7fffffffu, 0u}) {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    for (int shift = 24; shift >= 0; shift -= 8)
      png += static_cast<char>((side >> shift) & 0xff);
    png += png.substr(16, 4);
    png += std::string("\x08\x02\0\0\0\0\0\0\0\0\0\0\0IEND\xae\x42\x60\x82", 21);
    batch.push_back({"png " + std::to_string(side), "vision", as_request(png, "image/png")});
  }
  // Its header is read as libjpeg reads it: 30000x30000 is over the pixel
  // limit; 4000x3000 is within it and decodes (to grey), so it may be sold.
  batch.push_back(
      {"jpeg FF00 30000x30000", "vision",
       as_request(vision_test_image("jpeg_ff00_desync_30000x30000.jpg"), "image/jpeg")});
  batch.push_back({"jpeg FF00 4000x3000",
                   "vision",
                   as_request(vision_test_image("jpeg_ff00_desync_4000x3000.jpg"), "image/jpeg"),
                   {},
                   true});
  const std::string photo = vision_test_image("astronaut_160.png");
  for (int i = 0; i < 100; ++i) {
    std::string broken = photo.substr(0, 8 + rng_() % (photo.size() - 8));
    for (int k = 0; k < 8; ++k)
      broken[8 + rng_() % (broken.size() - 8)] = static_cast<char>(rng_());
    // A truncated or scrambled file may still decode; then an invoice is fair.
    batch.push_back(
        {"broken png " + std::to_string(i), "vision", as_request(broken, "image/png"), {}, true});
  }
  for (const auto* image : {"data:image/png;base64,!!!!", "data:,", "data:image/png;base64,",
                            "http://127.0.0.1/x.png", "file:///etc/passwd", "AAAA====AAAA"}) {
    auto o = vision_;
    o["image"] = image;
    batch.push_back({std::string("image ") + image, "vision", json::serialize(o)});
  }
  for (const auto& s : batch)
    check(s);
  expect_healthy("images");
}

TEST_F(HostileInput, HostileCredentialsOnEveryRailGetAFreshChallengeOrAClearError) {
  const std::string body = json::serialize(music_);
  auto challenge = post("/api/l402/music", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const std::string macaroon(json::parse(challenge.body).at("macaroon").as_string());
  const auto random_text = [this](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
      s += static_cast<char>(32 + rng_() % 95);
    return s;
  };
  std::vector<Sent> batch;
  const auto with = [&](std::string what, std::string name, std::string value) {
    batch.push_back({std::move(what), "music", body, {{std::move(name), std::move(value)}}, true});
  };
  for (int i = 0; i < 120; ++i) {
    std::string altered = macaroon;
    altered[rng_() % altered.size()] = "AZaz09+/=-_"[rng_() % 11];
    const std::string preimage = random_text(64);
    with("altered macaroon " + std::to_string(i), "Authorization",
         "L402 " + altered + ":" + std::string(64, '0'));
    with("truncated macaroon " + std::to_string(i), "Authorization",
         "L402 " + macaroon.substr(0, rng_() % macaroon.size()) + ":" + preimage);
    with("LSAT garbage " + std::to_string(i), "Authorization", "LSAT " + random_text(rng_() % 300));
    with("MPP garbage " + std::to_string(i), "Authorization",
         "Payment " + base64_encode(as_bytes(random_text(rng_() % 300))));
    with("x402 garbage " + std::to_string(i), "PAYMENT-SIGNATURE",
         base64_encode(as_bytes(random_text(rng_() % 300))));
    with("x402 JSON " + std::to_string(i), "X-PAYMENT",
         base64_encode(as_bytes(R"({"x402Version":2,"payload":{"preimage":")" + random_text(64) +
                                R"(","invoice":")" + random_text(40) + "\"}}")));
  }
  for (const auto& odd : {"L402", "L402 ", "L402 :", "L402 a:b:c", "Bearer x", "L402 \x01\x02",
                          "Payment", "Payment e30", "Payment eyJ9"})
    with(std::string("odd ") + odd, "Authorization", odd);
  with("an oversized credential", "Authorization", "L402 " + std::string(40000, 'A') + ":00");
  for (const auto& s : batch)
    check(s);
  expect_healthy("credentials");
  EXPECT_GE(sent_, 700);
}

// Writes `raw` on a fresh connection and returns the status of the first
// answer, or 0 when the server closed without one.
int raw_status(std::uint16_t port, const std::string& raw) {
  const int fd = connect_loopback(port, 10);
  if (fd < 0) return -1;
  (void)::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    got.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  if (got.rfind("HTTP/1.1 ", 0) != 0 || got.size() < 12) return 0;
  return std::stoi(got.substr(9, 3));
}

TEST_F(HostileInput, RequestSmugglingShapesAreRefusedWithoutA5xx) {
  const std::string head = "POST /api/l402/music HTTP/1.1\r\nHost: x\r\n";
  const std::string body = json::serialize(music_);
  const std::string len = std::to_string(body.size());
  const std::vector<std::string> shapes = {
      head + "Content-Length: " + len + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      head + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
      head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      head + "Transfer-Encoding: xchunked\r\nContent-Length: " + len + "\r\n\r\n" + body,
      head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n",
      head + "Transfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n",
      head + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n",
      head + "Content-Length: " + len + "\r\nContent-Length: 5\r\n\r\n" + body,
      head + "Content-Length: -1\r\n\r\n" + body,
      head + "Content-Length: 99999999999999999999\r\n\r\n" + body,
      head + "Content-Length : " + len + "\r\n\r\n" + body,
      head + "Content-Length:\t+" + len + "\r\n\r\n" + body,
      head + "X-Folded: a\r\n b\r\nContent-Length: " + len + "\r\n\r\n" + body,
      head + "Content-Length: " + len + "\n\n" + body,
      head + "Bad\0Header: x\r\nContent-Length: " + len + "\r\n\r\n" + body,
      "POST /api/l402/music HTTP/1.1\r\nContent-Length: " + len + "\r\n\r\n" + body,
      "POST /api/l402/music HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
      "P\xd8ST / HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /api/l402/music HTTP/9.9\r\nHost: x\r\n\r\n",
      "\r\n\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\n" + std::string(40000, 'X') + ": y\r\n\r\n",
  };
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const int status = raw_status(server_->port(), shapes[i]);
    // 501 is what RFC 9112 asks for a transfer coding the server does not
    // implement; any other 5xx would be a fault of ours.
    EXPECT_TRUE(status == 0 || (status >= 400 && status < 500) || status == 501)
        << "shape " << i << " got " << status;
    ++sent_;
  }
  expect_healthy("smuggling shapes");
}

}  // namespace
}  // namespace l402d::testing
