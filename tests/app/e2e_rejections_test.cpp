// End-to-end: everything the real l402d binary must refuse, over real HTTP,
// for both paid services. A refused credential gets a 402 with a specific
// reason and a fresh challenge for this very request, and no work is done;
// bad input is refused before any invoice exists; saturated engines refuse new
// challenges but still run paid work; paid results replay and never run twice.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <latch>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/error_catalogue.hpp"
#include "l402/caveat.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "l402/request_binding.hpp"
#include "net/http_client.hpp"
#include "support/e2e_fixture.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using testing::image_request;
using testing::metric_value;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void sleep_until_unix(std::int64_t t) {
  while (unix_now() < t)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

std::string path_of(const std::string& service) {
  return "/api/l402/" + service;
}

// Short lyrics: the song renders in a few seconds (much longer under ASan).
std::string music_request(const std::string& lyrics) {
  return json::serialize(json::object{{"prompt", "calm piano ballad at night"},
                                      {"lyrics", lyrics},
                                      {"model", "Music Generation"},
                                      {"audio_format", "mp3"}});
}

// Two different valid requests per service.
std::string request_a(const std::string& service) {
  return service == "music" ? music_request("Stars above the quiet town")
                            : image_request("How many faces are in this image?");
}
std::string request_b(const std::string& service) {
  return service == "music" ? music_request("Rain on the window pane")
                            : image_request("What colours are in this image?");
}

std::string other_service(const std::string& service) {
  return service == "music" ? "vision" : "music";
}

std::string label(const std::string& service) {
  return "{service=\"" + service + "\"}";
}

// "L402 <macaroon>:<preimage>" -> its two halves.
struct Credential {
  std::string macaroon;
  std::string preimage;
  std::string header() const { return "L402 " + macaroon + ":" + preimage; }
};
Credential split(const std::string& authorization) {
  auto token = authorization.substr(5);
  auto colon = token.find(':');
  return {token.substr(0, colon), token.substr(colon + 1)};
}

std::string random_preimage() {
  return to_hex(random_array<32>());
}

Bytes decode_macaroon(const std::string& b64) {
  auto bytes = base64_decode(b64);
  EXPECT_TRUE(bytes.has_value()) << b64;
  return bytes.value_or(Bytes{});
}

// The macaroon with one bit of its signature flipped.
std::string flip_signature_bit(const std::string& b64) {
  auto bytes = decode_macaroon(b64);
  auto view = l402::parse_macaroon_view(bytes);
  EXPECT_TRUE(view.has_value());
  view->signature[7] ^= 0x01;
  return l402::Macaroon::from_view(*view).to_base64();
}

// The macaroon with its `<service>_valid_until` caveat pushed a year later,
// the signature left as issued: what someone editing the bytes would do.
std::string extend_validity_in_place(const std::string& b64, const std::string& service) {
  auto bytes = decode_macaroon(b64);
  auto view = l402::parse_macaroon_view(bytes);
  EXPECT_TRUE(view.has_value());
  std::string edited;
  for (auto& c : view->caveats) {
    auto parts = l402::split_caveat(c.id);
    if (parts && parts->condition == service + std::string(l402::kValidUntilSuffix)) {
      auto t = l402::parse_unix_time(parts->value);
      edited = l402::valid_until_caveat(service, t.value_or(0) + 365 * 86400);
      c.id = edited;
    }
  }
  EXPECT_FALSE(edited.empty()) << "no valid_until caveat";
  return l402::Macaroon::from_view(*view).to_base64();
}

// The macaroon with a caveat appended but the signature left as issued.
std::string append_caveat_keeping_signature(const std::string& b64, const std::string& caveat) {
  auto bytes = decode_macaroon(b64);
  auto view = l402::parse_macaroon_view(bytes);
  EXPECT_TRUE(view.has_value());
  view->caveats.push_back(l402::CaveatView{caveat, {}, {}});
  return l402::Macaroon::from_view(*view).to_base64();
}

// Proper attenuation: a caveat chained onto the signature, as any holder can.
std::string attenuate(const std::string& b64, const std::string& caveat) {
  auto mac = l402::Macaroon::parse_base64(b64);
  EXPECT_TRUE(mac.has_value());
  mac->add_first_party_caveat(caveat);
  return mac->to_base64();
}

// The same identifier and caveats signed with a root key of our own.
std::string reminted_with_random_key(const std::string& b64) {
  auto genuine = l402::Macaroon::parse_base64(b64);
  EXPECT_TRUE(genuine.has_value());
  auto key = random_array<32>();
  auto forged = l402::Macaroon::create(key, genuine->identifier(), genuine->location());
  for (const auto& c : genuine->caveats())
    forged.add_first_party_caveat(c.id);
  return forged.to_base64();
}

std::vector<std::string> caveats_of(const std::string& b64) {
  std::vector<std::string> out;
  auto mac = l402::Macaroon::parse_base64(b64);
  EXPECT_TRUE(mac.has_value()) << b64;
  if (!mac) return out;
  for (const auto& c : mac->caveats())
    out.push_back(c.id);
  return out;
}

std::int64_t valid_until_of(const std::string& b64, const std::string& service) {
  for (const auto& c : caveats_of(b64)) {
    auto parts = l402::split_caveat(c);
    if (parts && parts->condition == service + std::string(l402::kValidUntilSuffix)) {
      return l402::parse_unix_time(parts->value).value_or(0);
    }
  }
  ADD_FAILURE() << "no valid_until caveat";
  return 0;
}

std::string error_code(const net::HttpResponse& r) {
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return "<not JSON: " + r.body.substr(0, 200) + ">";
  const auto* e = v.as_object().if_contains("error");
  if (!e || !e->is_object()) return "<no error object>";
  const auto* c = e->as_object().if_contains("code");
  return c && c->is_string() ? std::string(c->as_string()) : "<no code>";
}

// Every 4xx/5xx JSON error: {"error":{"code":...,"message":...}}.
void expect_json_error(const net::HttpResponse& r, const std::string& code) {
  EXPECT_EQ(r.header("content-type"), "application/json") << r.body;
  EXPECT_EQ(error_code(r), code) << r.body;
  EXPECT_NE(api::find_error_code(code), nullptr) << code << " is not in GET /api/error-codes";
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  const auto* e = v.is_object() ? v.as_object().if_contains("error") : nullptr;
  ASSERT_TRUE(e && e->is_object()) << r.body;
  const auto* message = e->as_object().if_contains("message");
  EXPECT_TRUE(message && message->is_string() && !message->as_string().empty()) << r.body;
}

bool lists(std::string_view header_value, std::string_view item) {
  std::string lower_value(header_value), lower_item(item);
  for (auto* s : {&lower_value, &lower_item})
    for (char& c : *s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower_value.find(lower_item) != std::string::npos;
}

// What a browser needs to read a challenge: any origin, WWW-Authenticate exposed.
void expect_readable_by_browsers(const net::HttpResponse& r) {
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_TRUE(lists(r.header("access-control-expose-headers"), "WWW-Authenticate"))
      << r.header("access-control-expose-headers");
}

std::string service_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

class Rejections : public testing::EndToEndTest {
 protected:
  // A refused credential: 402, JSON error with `code`, and a fresh challenge
  // (header and body agree) bound to exactly `body` at `service`, never seen
  // before; nothing is cached and nothing ran.
  void expect_fresh_challenge(const net::HttpResponse& r, const std::string& service,
                              const std::string& body, const std::string& code,
                              const std::string& presented_macaroon = {}) {
    ASSERT_EQ(r.status, 402) << r.body;
    expect_json_error(r, code);
    EXPECT_EQ(r.header("cache-control"), "no-store");
    expect_readable_by_browsers(r);
    std::string www(r.header("www-authenticate"));
    std::smatch m;
    static const std::regex challenge(
        R"re(^L402 macaroon="([A-Za-z0-9+/=]+)", invoice="(ln[a-z0-9]+)", version="0", token="\1"$)re");
    ASSERT_TRUE(std::regex_match(www, m, challenge)) << www;
    const std::string macaroon = m[1], invoice = m[2];
    auto parsed = json::parse(r.body).as_object();
    EXPECT_EQ(parsed.at("macaroon").as_string(), macaroon);
    EXPECT_EQ(parsed.at("invoice").as_string(), invoice);
    EXPECT_EQ(parsed.at("service").as_string(), service);
    EXPECT_NE(macaroon, presented_macaroon);
    EXPECT_TRUE(invoices_.insert(invoice).second) << "invoice handed out twice: " << invoice;
    // Bound to this request and this service.
    auto caveats = caveats_of(macaroon);
    auto binding =
        l402::request_caveat(service, l402::request_hash("POST", path_of(service), body));
    EXPECT_NE(std::find(caveats.begin(), caveats.end(), binding), caveats.end());
    EXPECT_NE(std::find(caveats.begin(), caveats.end(), "services=" + service + ":0"),
              caveats.end());
    // The macaroon pays by this invoice.
    auto mac = l402::Macaroon::parse_base64(macaroon);
    ASSERT_TRUE(mac.has_value());
    auto id = l402::decode_identifier(mac->identifier());
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(to_hex(id->payment_hash), parsed.at("payment_hash").as_string());
  }

  // A challenge for a request without credentials, remembered as handed out.
  net::HttpResponse challenge_for(const std::string& service, const std::string& body) {
    auto r = post(path_of(service), body);
    EXPECT_EQ(r.status, 402) << r.body;
    if (r.status == 402)
      invoices_.insert(std::string(json::parse(r.body).at("invoice").as_string()));
    return r;
  }

  // Work done so far: redeemed payments and engine runs of `service`.
  struct Work {
    double redeemed = 0;
    double engine_runs = 0;
    double challenges = 0;
  };
  Work work(const std::string& service) {
    auto text = metrics();
    double redeemed = 0;
    for (const char* rail : {"l402", "mpp", "x402"}) {
      redeemed += metric_value(
          text, "l402d_payments_redeemed_total{service=\"" + service + "\",rail=\"" + rail + "\"}");
    }
    return {redeemed, metric_value(text, "l402d_engine_duration_seconds_count" + label(service)),
            metric_value(text, "l402d_challenges_issued_total" + label(service))};
  }

  std::size_t media_files() {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ / "media", ec)) {
      (void)e;
      ++n;
    }
    return n;
  }

  std::set<std::string> invoices_;
};

class RejectedCredentials : public Rejections, public ::testing::WithParamInterface<std::string> {};

// Every way a credential can be wrong: a 402 with its own code, a fresh
// challenge for this request, no engine run, and the genuine token still works.
TEST_P(RejectedCredentials, GetAFreshChallengeWithTheReasonAndNoWork) {
  const std::string service = GetParam();
  const std::string path = path_of(service);
  const std::string a = request_a(service);
  const std::string b = request_b(service);
  start();

  const auto paid_a = split(pay(challenge_for(service, a)));
  const auto paid_b = split(pay(challenge_for(service, b)));
  const auto unpaid_a = json::parse(challenge_for(service, a).body).at("macaroon").as_string();
  const auto other_service_paid =
      split(pay(challenge_for(other_service(service), request_a(other_service(service)))));
  auto& elsewhere = start_other("elsewhere");
  const auto forged_elsewhere =
      split(pay_at(elsewhere, post_to(elsewhere, path, a)));  // same request, other server
  const auto hex_preimage = paid_a.preimage;

  struct Case {
    std::string name;
    std::string body;
    std::string authorization;
    std::string code;
    std::string presented;  // the macaroon sent, if any
  };
  const auto cred = [](const std::string& mac, const std::string& pre) {
    return Credential{mac, pre}.header();
  };
  const std::vector<Case> cases = {
      {"paid token for another request", b, paid_a.header(), "caveat_request", paid_a.macaroon},
      {"unpaid token with a made-up preimage", a, cred(std::string(unpaid_a), random_preimage()),
       "preimage_mismatch", std::string(unpaid_a)},
      {"paid token with the preimage of another payment", a, cred(paid_a.macaroon, paid_b.preimage),
       "preimage_mismatch", paid_a.macaroon},
      {"paid token with a random preimage", a, cred(paid_a.macaroon, random_preimage()),
       "preimage_mismatch", paid_a.macaroon},
      {"signature bit flipped", a, cred(flip_signature_bit(paid_a.macaroon), hex_preimage),
       "signature_invalid", paid_a.macaroon},
      {"valid_until caveat edited in place", a,
       cred(extend_validity_in_place(paid_a.macaroon, service), hex_preimage), "signature_invalid",
       paid_a.macaroon},
      {"caveat added without re-signing", a,
       cred(append_caveat_keeping_signature(
                paid_a.macaroon, "services=" + service + ":0," + other_service(service) + ":0"),
            hex_preimage),
       "signature_invalid", paid_a.macaroon},
      {"caveat added by attenuation that widens the services", a,
       cred(attenuate(paid_a.macaroon,
                      "services=" + service + ":0," + other_service(service) + ":0"),
            hex_preimage),
       "caveat_widening", paid_a.macaroon},
      {"attenuated to have expired", a,
       cred(attenuate(paid_a.macaroon, l402::valid_until_caveat(service, unix_now() - 60)),
            hex_preimage),
       "caveat_expired", paid_a.macaroon},
      {"attenuated to another request", a,
       cred(attenuate(paid_a.macaroon,
                      l402::request_caveat(service, l402::request_hash("POST", path, b))),
            hex_preimage),
       "caveat_widening", paid_a.macaroon},
      {"forged: minted and paid at another l402d", a, forged_elsewhere.header(),
       "signature_invalid", forged_elsewhere.macaroon},
      {"forged: re-signed with a made-up root key", a,
       cred(reminted_with_random_key(paid_a.macaroon), hex_preimage), "signature_invalid",
       paid_a.macaroon},
      {"paid token of the other service", a, other_service_paid.header(), "caveat_service",
       other_service_paid.macaroon},
      {"macaroon not base64", a, "L402 not*base64!:" + hex_preimage, "credential_malformed", ""},
      {"no colon", a, "L402 " + paid_a.macaroon, "credential_malformed", ""},
      {"two colons", a, paid_a.header() + ":" + hex_preimage, "credential_malformed", ""},
      {"preimage of 4 hex digits", a, cred(paid_a.macaroon, "abcd"), "credential_malformed", ""},
      {"preimage of 64 non-hex characters", a, cred(paid_a.macaroon, std::string(64, 'z')),
       "credential_malformed", ""},
      {"preimage one byte short", a, cred(paid_a.macaroon, hex_preimage.substr(2)),
       "credential_malformed", ""},
      {"scheme without credential", a, "L402", "credential_malformed", ""},
      {"base64 that is not a macaroon", a,
       cred(base64_encode(as_bytes(std::string("not a macaroon at all"))), hex_preimage),
       "macaroon_malformed", ""},
      {"two different credentials", a, paid_a.header() + ", " + paid_b.header(),
       "credential_malformed", ""},
  };

  const auto files_before = media_files();
  for (const auto& c : cases) {
    SCOPED_TRACE(service + ": " + c.name);
    const auto rejected =
        "l402d_credentials_rejected_total{service=\"" + service + "\",code=\"" + c.code + "\"}";
    const auto before = work(service);
    const auto rejected_before = metric(rejected);
    auto r = post(path, c.body, c.authorization);
    expect_fresh_challenge(r, service, c.body, c.code, c.presented);
    const auto after = work(service);
    EXPECT_EQ(after.redeemed, before.redeemed);
    EXPECT_EQ(after.engine_runs, before.engine_runs);
    EXPECT_EQ(after.challenges, before.challenges + 1);
    EXPECT_EQ(metric(rejected), rejected_before + 1);
  }
  EXPECT_EQ(work(service).redeemed, 0);
  EXPECT_EQ(work(service).engine_runs, 0);
  EXPECT_EQ(media_files(), files_before);
  // Still a scrape Prometheus accepts: every family has a type.
  static const std::regex type_line(R"(# TYPE \S+ (counter|gauge|histogram|summary|untyped))");
  std::istringstream lines(metrics());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE", 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, type_line)) << line;
    }
  }

  // None of that used up the genuine token: it still buys request A, once.
  auto ok = post(path, a, paid_a.header());
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(work(service).redeemed, 1);
  EXPECT_EQ(work(service).engine_runs, 1);
}

INSTANTIATE_TEST_SUITE_P(Services, RejectedCredentials, ::testing::Values("music", "vision"),
                         service_name);

// Real time: a token past its validity and an invoice past its expiry. Both
// are configured at their minimum (60 s), so this test waits about a minute.
TEST_F(Rejections, ExpiredTokensGetAFreshChallengeAndExpiredInvoicesCannotBePaid) {
  start_with_config("[l402]\ninvoice_expiry_seconds = 60\ntoken_validity_seconds = 60\n");
  struct Pending {
    std::string service;
    std::string body;
    Credential paid;
    std::string unpaid_invoice;
  };
  std::vector<Pending> pending;
  std::int64_t deadline = 0;
  for (const std::string service : {"music", "vision"}) {
    Pending p{service, request_a(service), {}, {}};
    auto paid_challenge = challenge_for(service, p.body);
    p.paid = split(pay(paid_challenge));
    auto unpaid = json::parse(challenge_for(service, p.body).body).as_object();
    p.unpaid_invoice = std::string(unpaid.at("invoice").as_string());
    deadline = std::max({deadline, valid_until_of(p.paid.macaroon, service),
                         unpaid.at("expires_at").to_number<std::int64_t>()});
    EXPECT_LE(valid_until_of(p.paid.macaroon, service), unix_now() + 61);
    pending.push_back(std::move(p));
  }
  sleep_until_unix(deadline + 2);

  for (const auto& p : pending) {
    SCOPED_TRACE(p.service);
    auto r = post(path_of(p.service), p.body, p.paid.header());
    expect_fresh_challenge(r, p.service, p.body, "caveat_expired", p.paid.macaroon);
    auto pay_late = post("/dev/pay", json::serialize(json::object{{"invoice", p.unpaid_invoice}}));
    EXPECT_EQ(pay_late.status, 410) << pay_late.body;
    expect_json_error(pay_late, "invoice_expired");
    EXPECT_EQ(pay_late.body.find("preimage"), std::string::npos);
    EXPECT_EQ(work(p.service).redeemed, 0);
    EXPECT_EQ(work(p.service).engine_runs, 0);
    // The fresh challenge is a working one.
    auto fresh = split(pay(r));
    if (p.service == "vision") {
      auto ok = post(path_of(p.service), p.body, fresh.header());
      EXPECT_EQ(ok.status, 200) << ok.body;
    }
  }
}

// Bad input is refused before any invoice exists: a 4xx JSON error naming the
// field and the rule, no WWW-Authenticate, no challenge counted.
TEST_F(Rejections, InvalidInputIsRefusedBeforeAnyInvoice) {
  start_with_config("[server]\nbody_limit_bytes = 262144\n");
  struct Case {
    std::string name;
    std::string service;
    std::string content_type;
    std::string body;
    long status;
    std::string code;
    std::string field;  // empty: about the whole body
  };
  // The valid request with some fields set (or, when null, removed).
  const auto music = [](const json::object& changes) {
    json::object o{{"prompt", "calm piano ballad at night"},
                   {"lyrics", "Stars above the quiet town"},
                   {"model", "Music Generation"}};
    for (const auto& [k, v] : changes) {
      if (v.is_null()) {
        o.erase(k);
      } else {
        o[k] = v;
      }
    }
    return json::serialize(o);
  };
  const std::string photo = testing::vision_test_image("astronaut.jpg");
  // The valid request with some fields set (or, when null, removed).
  const auto vision = [](const json::object& changes) {
    json::object o{
        {"image", "iVBORw0KGgo="}, {"prompt", "What is this?"}, {"model", "Vision Chat"}};
    for (const auto& [k, v] : changes) {
      if (v.is_null()) {
        o.erase(k);
      } else {
        o[k] = v;
      }
    }
    return json::serialize(o);
  };
  const auto b64 = [](const std::string& raw) { return base64_encode(as_bytes(raw)); };
  // A PNG that is all header: 20000 x 20000 pixels declared.
  std::string huge_png("\x89PNG\r\n\x1a\n", 8);
  huge_png += std::string("\0\0\0\x0dIHDR", 8);
  huge_png += std::string("\0\0\x4e\x20\0\0\x4e\x20\x08\x02\0\0\0", 13);
  huge_png += std::string("\0\0\0\0", 4);  // CRC (not checked by the probe)
  huge_png += std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  const std::string gif("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13);
  // Files whose headers pass but which no decoder can read: refused before any
  // invoice, because the buyer could never get an answer for them.
  const std::string small_png = testing::vision_test_image("astronaut_160.png");
  std::string corrupt_png = small_png;
  for (std::size_t i = corrupt_png.size() / 2; i < corrupt_png.size() / 2 + 32; ++i)
    corrupt_png[i] = static_cast<char>(corrupt_png[i] ^ 0x5A);
  // 1000x1000: decoded on the verification pool, not on the I/O thread.
  std::string corrupt_large_png = testing::vision_test_image("plain_1000.png");
  for (std::size_t i = corrupt_large_png.size() / 2; i < corrupt_large_png.size() / 2 + 32; ++i)
    corrupt_large_png[i] = static_cast<char>(corrupt_large_png[i] ^ 0x5A);
  const std::string j = "application/json";
  const std::string too_big(300 * 1024, 'x');

  const std::vector<Case> cases = {
      // Both services: the envelope.
      {"curl -d without -H", "music", "application/x-www-form-urlencoded", music({}), 415,
       "unsupported_media_type", ""},
      {"text/plain", "vision", "text/plain", vision({}), 415, "unsupported_media_type", ""},
      {"empty body", "music", j, "", 400, "empty_body", ""},
      {"empty body", "vision", j, "", 400, "empty_body", ""},
      {"malformed JSON", "music", j, R"({"prompt": "calm)", 400, "invalid_json", ""},
      {"malformed JSON", "vision", j, R"({"image": iVBOR})", 400, "invalid_json", ""},
      {"a JSON array", "music", j, "[1,2,3]", 400, "invalid_json", ""},
      {"a JSON string", "vision", j, R"("image")", 400, "invalid_json", ""},
      {"body over the limit", "music", j, R"({"prompt":")" + too_big + R"("})", 413,
       "body_too_large", ""},
      {"body over the limit", "vision", j, R"({"image":")" + too_big + R"("})", 413,
       "body_too_large", ""},
      // Music fields.
      {"prompt missing", "music", j, music({{"prompt", nullptr}}), 400, "missing_field", "prompt"},
      {"prompt null", "music", j,
       R"({"prompt":null,"lyrics":"Stars above the quiet town","model":"Music Generation"})", 400,
       "missing_field", "prompt"},
      {"prompt a number", "music", j, music({{"prompt", 42}}), 400, "invalid_field_type", "prompt"},
      {"prompt of 9 characters", "music", j, music({{"prompt", std::string(9, 'p')}}), 400,
       "field_too_short", "prompt"},
      {"prompt of 301 characters", "music", j, music({{"prompt", std::string(301, 'p')}}), 400,
       "field_too_long", "prompt"},
      {"lyrics missing", "music", j, music({{"lyrics", nullptr}}), 400, "missing_field", "lyrics"},
      {"lyrics an array", "music", j, music({{"lyrics", json::array{"la", "la"}}}), 400,
       "invalid_field_type", "lyrics"},
      {"lyrics of 9 characters", "music", j, music({{"lyrics", std::string(9, 'l')}}), 400,
       "field_too_short", "lyrics"},
      {"lyrics of 601 characters", "music", j, music({{"lyrics", std::string(601, 'l')}}), 400,
       "field_too_long", "lyrics"},
      {"model missing", "music", j, music({{"model", nullptr}}), 400, "missing_field", "model"},
      {"unknown model", "music", j, music({{"model", "Suno v4"}}), 400, "unsupported_model",
       "model"},
      {"vision's model", "music", j, music({{"model", "Vision Chat"}}), 400, "unsupported_model",
       "model"},
      {"audio_format ogg", "music", j, music({{"audio_format", "ogg"}}), 400,
       "unsupported_audio_format", "audio_format"},
      {"audio_format a number", "music", j, music({{"audio_format", 3}}), 400, "invalid_field_type",
       "audio_format"},
      {"sample_rate 12345", "music", j, music({{"sample_rate", 12345}}), 400,
       "unsupported_sample_rate", "sample_rate"},
      {"sample_rate a string", "music", j, music({{"sample_rate", "44100"}}), 400,
       "invalid_field_type", "sample_rate"},
      {"sample_rate a fraction", "music", j, music({{"sample_rate", 44100.5}}), 400,
       "invalid_field_type", "sample_rate"},
      {"bitrate 1234", "music", j, music({{"bitrate", 1234}}), 400, "unsupported_bitrate",
       "bitrate"},
      {"bitrate a boolean", "music", j, music({{"bitrate", true}}), 400, "invalid_field_type",
       "bitrate"},
      // Vision fields.
      {"model missing", "vision", j, vision({{"model", nullptr}}), 400, "missing_field", "model"},
      {"unknown model", "vision", j, vision({{"model", "GPT-4o"}}), 400, "unsupported_model",
       "model"},
      {"music's model", "vision", j, vision({{"model", "Music Generation"}}), 400,
       "unsupported_model", "model"},
      {"image missing", "vision", j, vision({{"image", nullptr}}), 400, "missing_field", "image"},
      {"image a number", "vision", j, vision({{"image", 7}}), 400, "invalid_field_type", "image"},
      {"image empty", "vision", j, vision({{"image", ""}}), 400, "image_missing", "image"},
      {"image not base64", "vision", j, vision({{"image", "not base64!!"}}), 400,
       "image_not_base64", "image"},
      {"data URI not base64", "vision", j, vision({{"image", "data:image/png,iVBORw0KGgo="}}), 400,
       "image_not_base64", "image"},
      {"base64 of text", "vision", j,
       vision({{"image", b64("hello, this is not an image at all")}}), 400,
       "image_unsupported_format", "image"},
      {"a GIF", "vision", j, vision({{"image", "data:image/gif;base64," + b64(gif)}}), 400,
       "image_unsupported_format", "image"},
      {"truncated JPEG", "vision", j,
       vision({{"image", "data:image/jpeg;base64," + b64(photo.substr(0, photo.size() / 2))}}), 400,
       "image_truncated", "image"},
      {"20000 x 20000 pixels", "vision", j, vision({{"image", b64(huge_png)}}), 413,
       "image_too_many_pixels", "image"},
      {"a PNG missing its last byte", "vision", j,
       vision({{"image", b64(small_png.substr(0, small_png.size() - 1))}}), 400, "image_truncated",
       "image"},
      {"a PNG with corrupt pixel data", "vision", j, vision({{"image", b64(corrupt_png)}}), 400,
       "image_corrupt", "image"},
      {"a large PNG with corrupt pixel data", "vision", j,
       vision({{"image", b64(corrupt_large_png)}}), 400, "image_corrupt", "image"},
      {"a JPEG whose FF 00 hides a 30000x30000 frame", "vision", j,
       vision({{"image", b64(testing::vision_test_image("jpeg_ff00_desync_30000x30000.jpg"))}}),
       413, "image_too_many_pixels", "image"},
      {"prompt a number", "vision", j, vision({{"prompt", 5}}), 400, "invalid_field_type",
       "prompt"},
      {"prompt of 2001 characters", "vision", j, vision({{"prompt", std::string(2001, 'q')}}), 400,
       "field_too_long", "prompt"},
  };

  for (const auto& c : cases) {
    SCOPED_TRACE(c.service + ": " + c.name);
    net::HttpRequest r;
    r.method = "POST";
    r.body = c.body;
    r.headers = {{"Content-Type", c.content_type}};
    r.timeout = std::chrono::seconds(120);
    auto res = send(r, path_of(c.service));
    EXPECT_EQ(res.status, c.status) << res.body;
    expect_json_error(res, c.code);
    EXPECT_TRUE(res.header("www-authenticate").empty());
    if (!c.field.empty()) {
      auto e = json::parse(res.body).at("error").as_object();
      ASSERT_TRUE(e.contains("field")) << res.body;
      EXPECT_EQ(e.at("field").as_string(), c.field);
    }
  }
  for (const std::string service : {"music", "vision"}) {
    EXPECT_EQ(metric("l402d_challenges_issued_total" + label(service)), 0) << metrics();
  }

  // The boundaries themselves are fine: 10 and 300 characters of prompt, 10
  // and 600 of lyrics get a challenge.
  for (const auto& body :
       {music({{"prompt", std::string(10, 'p')}}), music({{"prompt", std::string(300, 'p')}}),
        music({{"lyrics", std::string(10, 'l')}}), music({{"lyrics", std::string(600, 'l')}})}) {
    EXPECT_EQ(post(path_of("music"), body).status, 402);
  }

  // The same files intact get their invoice (the large one checked on the pool).
  for (const auto& name : {"astronaut_160.png", "plain_1000.png"}) {
    SCOPED_TRACE(name);
    auto ok = post(path_of("vision"), vision({{"image", b64(testing::vision_test_image(name))}}));
    EXPECT_EQ(ok.status, 402) << ok.body;
  }

  // Bad input with a paid credential is still bad input, and costs the token nothing.
  const auto good = image_request("What is this?");
  auto auth = pay(challenge_for("vision", good));
  auto bad = post(path_of("vision"), vision({{"image", "not base64!!"}}), auth);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(work("vision").redeemed, 0);
  EXPECT_EQ(post(path_of("vision"), good, auth).status, 200);
}

// Browsers can read a challenge: CORS on the 402 and a preflight that allows
// the headers the second request needs.
TEST_F(Rejections, ChallengesAreReadableFromABrowser) {
  start();
  for (const std::string service : {"music", "vision"}) {
    SCOPED_TRACE(service);
    auto r = post(path_of(service), request_a(service));
    ASSERT_EQ(r.status, 402);
    EXPECT_EQ(r.header("cache-control"), "no-store");
    expect_readable_by_browsers(r);

    net::HttpRequest preflight;
    preflight.method = "OPTIONS";
    preflight.headers = {{"Origin", "https://app.example"},
                         {"Access-Control-Request-Method", "POST"},
                         {"Access-Control-Request-Headers", "authorization,content-type"}};
    auto p = send(preflight, path_of(service));
    EXPECT_TRUE(p.status == 200 || p.status == 204) << p.status;
    EXPECT_EQ(p.header("access-control-allow-origin"), "*");
    EXPECT_TRUE(lists(p.header("access-control-allow-headers"), "Authorization"));
    EXPECT_TRUE(lists(p.header("access-control-allow-headers"), "Content-Type"));
    EXPECT_TRUE(lists(p.header("access-control-allow-methods"), "POST"));
    EXPECT_EQ(metric("l402d_challenges_issued_total" + label(service)), 1);

    // Errors are readable too (a page can show why).
    auto bad = post(path_of(service), "[]");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.header("access-control-allow-origin"), "*");
  }
}

// One engine worker and no queue: while a paid song renders, a new unpaid
// request gets 503 + Retry-After and no invoice; paid work still queues and runs.
TEST_F(Rejections, SaturatedEnginesRefuseNewInvoicesButRunPaidWork) {
  start_with_config("[server]\nworkers = 1\nqueue_limit = 0\n");
  const auto a = music_request("Stars above the quiet town");
  const auto b = music_request("Rain on the window pane");
  auto auth_a = pay(challenge_for("music", a));
  auto auth_b = pay(challenge_for("music", b));
  const auto challenges_before = work("music").challenges + work("vision").challenges;

  net::HttpResponse song_a, song_b;
  // jthreads: joined even when an assertion returns early.
  std::jthread first([&] { song_a = post(path_of("music"), a, auth_a); });
  // Wait until the song is rendering.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool busy = false;
  while (!busy && std::chrono::steady_clock::now() < deadline) {
    auto health = json::parse(get("/healthz").body).as_object();
    busy = health.at("jobs_running").to_number<int>() >= 1;
    if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(busy) << "the paid song never started";

  std::jthread second([&] { song_b = post(path_of("music"), b, auth_b); });
  const std::vector<std::pair<std::string, std::string>> unpaid = {
      {"music", music_request("A third song nobody paid for")},
      {"vision", image_request("What is this?")}};
  for (const auto& [service, body] : unpaid) {
    SCOPED_TRACE(service);
    auto r = post(path_of(service), body);
    EXPECT_EQ(r.status, 503) << r.body;
    expect_json_error(r, "server_busy");
    EXPECT_FALSE(r.header("retry-after").empty());
    EXPECT_TRUE(r.header("www-authenticate").empty());
    auto fields = json::parse(r.body).as_object();
    EXPECT_FALSE(fields.contains("invoice") || fields.contains("macaroon")) << r.body;
  }
  first.join();
  second.join();
  EXPECT_EQ(song_a.status, 200) << song_a.body;
  EXPECT_EQ(song_b.status, 200) << song_b.body;
  EXPECT_NE(song_a.body, song_b.body);
  EXPECT_EQ(work("music").challenges + work("vision").challenges, challenges_before);
  EXPECT_EQ(work("music").redeemed, 2);
  // Free again: new requests get invoices.
  EXPECT_EQ(post(path_of("vision"), image_request("What is this?")).status, 402);
}

// A burst of paid work far beyond the queue (one worker, one waiting slot),
// half of it from buyers who hang up while they wait: paid work is never
// refused for lack of room, a buyer who left does not lose what they paid
// for, and afterwards every token is redeemable, each request's work having
// run exactly once.
TEST_F(Rejections, ABurstOfPaidWorkBeyondTheQueueLeavesEveryTokenRedeemable) {
  start_with_config("[server]\nworkers = 1\nqueue_limit = 1\n");
  constexpr int kBuyers = 16;
  std::vector<std::string> bodies, auths;
  for (int i = 0; i < kBuyers; ++i) {
    bodies.push_back(image_request("What is in this image, buyer " + std::to_string(i) + "?"));
    auths.push_back(pay(challenge_for("vision", bodies.back())));
  }
  const auto before = work("vision");

  std::vector<net::HttpResponse> first(kBuyers);
  {
    std::latch go(kBuyers);
    std::vector<std::jthread> buyers;
    for (int i = 0; i < kBuyers; ++i) {
      buyers.emplace_back([&, i] {
        net::HttpRequest r;
        r.method = "POST";
        r.body = bodies[i];
        r.headers = {{"Content-Type", "application/json"}, {"Authorization", auths[i]}};
        // Odd buyers give up almost at once, while their work still waits.
        r.timeout = i % 2 ? std::chrono::milliseconds(30) : std::chrono::seconds(600);
        go.arrive_and_wait();
        try {
          first[i] = send(r, path_of("vision"));
        } catch (const net::HttpError&) {
          first[i].status = 0;  // hung up
        }
      });
    }
  }
  for (int i = 0; i < kBuyers; i += 2) {
    SCOPED_TRACE(i);
    EXPECT_EQ(first[i].status, 200) << first[i].body;
  }

  // Everyone comes back: every token answers, with the work it paid for.
  for (int i = 0; i < kBuyers; ++i) {
    SCOPED_TRACE(i);
    auto again = post(path_of("vision"), bodies[i], auths[i]);
    ASSERT_EQ(again.status, 200) << again.body;
    if (first[i].status == 200) {
      EXPECT_EQ(again.body, first[i].body);
    }
  }
  const auto after = work("vision");
  EXPECT_EQ(after.redeemed - before.redeemed, kBuyers);
  EXPECT_EQ(after.engine_runs - before.engine_runs, kBuyers);
  EXPECT_EQ(after.challenges, before.challenges) << "nobody was asked to pay again";
}

// Media links live for the retention period, then answer 410 with a JSON
// error; names nobody was given answer 404.
TEST_F(Rejections, MediaLinksExpireAndUnknownOnesAreNotFound) {
  start_with_config("[l402]\nresult_retention_seconds = 3\n");
  const auto body = music_request("Stars above the quiet town");
  auto auth = pay(challenge_for("music", body));
  auto song = post(path_of("music"), body, auth);
  ASSERT_EQ(song.status, 200) << song.body;
  auto url = std::string(json::parse(song.body).at("audioUrl").as_string());
  auto media_path = url.substr(server_->url().size());
  EXPECT_EQ(get(media_path).status, 200);
  const auto written = unix_now();
  // A name of the right shape, one digit off the real one.
  std::string one_off = media_path;
  one_off[7] = one_off[7] == '0' ? '1' : '0';

  for (const std::string& guess : std::vector<std::string>{
           "/media/00000000000000000000000000000000.mp3", "/media/" + std::string(32, 'f') + ".wav",
           "/media/nothing.mp3", "/media/..%2f..%2fetc%2fpasswd", one_off}) {
    SCOPED_TRACE(guess);
    auto r = get(guess);
    EXPECT_EQ(r.status, 404) << r.body;
    expect_json_error(r, "media_not_found");
  }

  sleep_until_unix(written + 4);
  auto gone = get(media_path);
  EXPECT_TRUE(gone.status == 410 || gone.status == 404) << gone.status;
  expect_json_error(gone, gone.status == 410 ? "media_expired" : "media_not_found");
  EXPECT_EQ(work("music").engine_runs, 1);
}

// A paid result replays during the retention period, then is gone (410) rather
// than replayed forever (for music: a link to a file that no longer exists).
TEST_F(Rejections, ReplaysEndWithTheRetentionPeriod) {
  start_with_config("[l402]\nresult_retention_seconds = 3\n");
  const auto body = image_request("What is this?");
  auto auth = pay(challenge_for("vision", body));
  auto answer = post(path_of("vision"), body, auth);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto stored = unix_now();
  auto replay = post(path_of("vision"), body, auth);
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body, answer.body);

  sleep_until_unix(stored + 4);
  auto late = post(path_of("vision"), body, auth);
  EXPECT_EQ(late.status, 410) << late.body;
  expect_json_error(late, "result_expired");
  EXPECT_TRUE(late.header("www-authenticate").empty());
  EXPECT_EQ(work("vision").engine_runs, 1);
  EXPECT_EQ(work("vision").redeemed, 1);
}

class Redemptions : public Rejections, public ::testing::WithParamInterface<std::string> {};

// Four clients present the same paid credential at once: one engine run, four
// identical answers, replays marked; a later replay gets the stored body.
TEST_P(Redemptions, ConcurrentAndRepeatedRedemptionsRunTheEngineOnce) {
  const std::string service = GetParam();
  start();
  const auto body = request_a(service);
  auto auth = pay(challenge_for(service, body));

  constexpr int kClients = 4;
  std::vector<net::HttpResponse> answers(kClients);
  std::latch ready(kClients);
  std::vector<std::jthread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      ready.arrive_and_wait();
      answers[static_cast<std::size_t>(i)] = post(path_of(service), body, auth);
    });
  }
  for (auto& t : clients)
    t.join();

  int fresh = 0;
  for (const auto& r : answers) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, answers[0].body);
    if (r.header("x-l402-replay") != "true") ++fresh;
  }
  EXPECT_EQ(fresh, 1);

  auto replay = post(path_of(service), body, auth);
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body, answers[0].body);
  EXPECT_EQ(replay.header("x-l402-replay"), "true");
  EXPECT_EQ(replay.header("cache-control"), "no-store");

  const auto done = work(service);
  EXPECT_EQ(done.redeemed, 1);
  EXPECT_EQ(done.engine_runs, 1);
  EXPECT_EQ(done.challenges, 1);
  if (service == "music") {
    EXPECT_EQ(media_files(), 1U);
  }
}

INSTANTIATE_TEST_SUITE_P(Services, Redemptions, ::testing::Values("music", "vision"), service_name);

TEST_F(Rejections, ErrorCodesAreListedWithWhatToDo) {
  start();
  auto r = get("/api/error-codes");
  ASSERT_EQ(r.status, 200) << r.body;
  auto codes = json::parse(r.body).at("codes").as_array();
  std::set<std::string> seen;
  for (const auto& c : codes) {
    const auto& o = c.as_object();
    const std::string code(o.at("code").as_string());
    EXPECT_TRUE(seen.insert(code).second) << code << " listed twice";
    const auto action = o.at("action").as_string();
    EXPECT_TRUE(action == "retry" || action == "pay_again" || action == "fix_request" ||
                action == "none")
        << code;
    EXPECT_FALSE(o.at("meaning").as_string().empty()) << code;
  }
  for (const auto* code : {"payment_required", "challenge_invalid", "payment_unsettled",
                           "caveat_request", "token_busy", "invalid_json", "image_corrupt"}) {
    EXPECT_TRUE(seen.count(code)) << code;
  }
}

TEST_F(Rejections, FreebiesThenChallengesUpToTheLimitThen429) {
  start_with_config(
      "[services.vision]\nauth = \"freebies\"\nfreebies_per_day = 1\n"
      "challenges_per_minute = 1\n");
  const auto body = request_a("vision");
  auto gift = post(path_of("vision"), body);
  ASSERT_EQ(gift.status, 200) << gift.body;
  EXPECT_EQ(gift.header("x-free-requests-remaining"), "0");
  EXPECT_TRUE(gift.header("www-authenticate").empty());
  // The challenge and the refusal must fall in one minute.
  const auto second = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() %
                      60;
  if (second > 50) std::this_thread::sleep_for(std::chrono::seconds(61 - second));
  challenge_for("vision", body);
  auto limited = post(path_of("vision"), body);
  ASSERT_EQ(limited.status, 429) << limited.body;
  expect_json_error(limited, "too_many_challenges");
  const auto retry_after = std::stoi(std::string(limited.header("retry-after")));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_TRUE(limited.header("www-authenticate").empty());
  EXPECT_EQ(limited.header("access-control-allow-origin"), "*");
  const auto text = metrics();
  EXPECT_EQ(metric_value(text, "l402d_free_requests_total" + label("vision")), 1);
  EXPECT_EQ(metric_value(text, "l402d_challenges_limited_total" + label("vision")), 1);
  EXPECT_EQ(post(path_of("music"), request_a("music")).status, 402) << "music has no freebies";
  const auto listed = json::parse(get("/.well-known/l402-services").body).at("services");
  for (const auto& service : listed.as_array()) {
    const auto& o = service.as_object();
    EXPECT_EQ(o.contains("free_requests_per_day"), o.at("name") == "vision");
    if (o.at("name") == "vision") {
      EXPECT_EQ(o.at("free_requests_per_day").to_number<int>(), 1);
    }
  }
}

}  // namespace
}  // namespace l402d
