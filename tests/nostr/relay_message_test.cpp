#include "nostr/relay_message.hpp"

#include <gtest/gtest.h>

#include "published_events.hpp"
#include "test_support.hpp"
#include "util/hex.hpp"

namespace l402d::nostr {
namespace {

constexpr std::string_view kId = "fef2a50f7d9d3d5a5f38ee761bc087ec16198d3f0140df6d1e8193abf7c2b146";
constexpr std::string_view kAuthor =
    "3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d";

RelayMessage parsed(std::string_view text) {
  auto m = parse_relay_message(text);
  if (!m) throw std::runtime_error(m.error().message);
  return *std::move(m);
}

ErrorCode refusal(std::string_view text) {
  auto m = parse_relay_message(text);
  if (m) throw std::runtime_error("expected a refusal");
  return m.error().code;
}

Event fiatjaf_note() {
  return std::get<EventMessage>(parsed(test::kFiatjafNoteMessage)).event;
}

// ---- client to relay ----

TEST(ClientMessages, EventAndAuthCarryTheEventsJson) {
  const Event e = fiatjaf_note();
  const std::string text = event_message(e);
  EXPECT_TRUE(text.starts_with(R"(["EVENT",{"id":")" + std::string(kId) + "\""));
  // A relay's echo of it parses back to the same, still verifiable, event.
  const std::string echoed = R"(["EVENT","s",)" + text.substr(9);
  const Event back = std::get<EventMessage>(parsed(echoed)).event;
  EXPECT_EQ(back.id, e.id);
  EXPECT_TRUE(verify(back).has_value());
  EXPECT_TRUE(auth_message(e).starts_with(R"(["AUTH",{"id":")"));
}

TEST(ClientMessages, ReqWritesEachFilterInNip01Form) {
  Filter f;
  f.ids = {from_hex_array<32>(kId).value()};
  f.authors = {test::pubkey(kAuthor)};
  f.kinds = {23195, 23196};
  f.tags['e'] = {"aa"};
  f.tags['p'] = {"bb", "cc"};
  f.since = 1;
  f.until = 2;
  f.limit = 3;
  Filter g;
  g.kinds = {13194};
  const Filter filters[] = {f, g};
  EXPECT_EQ(req_message("nwc", filters),
            R"(["REQ","nwc",{"ids":[")" + std::string(kId) + R"("],"authors":[")" +
                std::string(kAuthor) +
                R"("],"kinds":[23195,23196],"#e":["aa"],"#p":["bb","cc"],"since":1,"until":2,)"
                R"("limit":3},{"kinds":[13194]}])");
}

TEST(ClientMessages, CloseAndSubscriptionIdLimits) {
  EXPECT_EQ(close_message("nwc"), R"(["CLOSE","nwc"])");
  EXPECT_THROW(close_message(""), std::invalid_argument);
  EXPECT_THROW(req_message(std::string(65, 's'), {}), std::invalid_argument);
  EXPECT_EQ(req_message(std::string(64, 's'), {}), R"(["REQ",")" + std::string(64, 's') + "\"]");
}

TEST(ClientMessages, TagFilterNamesMustBeOneLetter) {
  Filter f;
  f.tags['1'] = {"x"};
  EXPECT_THROW(to_json(f), std::invalid_argument);
}

// ---- filters ----

TEST(Filters, MatchWhatTheyNameAndNothingElse) {
  const Event e = fiatjaf_note();  // kind 1, created 1671150419, no tags
  EXPECT_TRUE(Filter{}.matches(e));
  Filter f;
  f.authors = {test::pubkey(kAuthor)};
  f.kinds = {1, 7};
  f.since = 1671150419;
  f.until = 1671150419;
  EXPECT_TRUE(f.matches(e));
  Filter later = f;
  later.since = 1671150420;
  EXPECT_FALSE(later.matches(e));
  Filter other_kind = f;
  other_kind.kinds = {7};
  EXPECT_FALSE(other_kind.matches(e));
  Filter other_author = f;
  other_author.authors = {SecretKey::generate().public_key()};
  EXPECT_FALSE(other_author.matches(e));
  Filter tagged = f;
  tagged.tags['e'] = {std::string(kId)};
  EXPECT_FALSE(tagged.matches(e));
  Event with_tag = e;
  with_tag.tags = {{"e", std::string(kId), "wss://r"}};
  EXPECT_TRUE(tagged.matches(with_tag));
  with_tag.tags = {{"E", std::string(kId)}};  // tag names are case-sensitive
  EXPECT_FALSE(tagged.matches(with_tag));
}

// ---- relay to client ----

TEST(RelayMessages, EventFromAPublishedRelayFrame) {
  const auto m = std::get<EventMessage>(parsed(test::kFiatjafNoteMessage));
  EXPECT_EQ(m.subscription_id, "nostril-query");
  EXPECT_EQ(to_hex(m.event.id), kId);
  EXPECT_EQ(m.event.kind, 1);
}

TEST(RelayMessages, OkWithItsMachineReadablePrefix) {
  const auto accepted =
      std::get<OkMessage>(parsed(R"(["OK",")" + std::string(kId) + R"(",true,""])"));
  EXPECT_EQ(to_hex(accepted.event_id), kId);
  EXPECT_TRUE(accepted.accepted);
  EXPECT_EQ(accepted.prefix(), "");
  const auto refused = std::get<OkMessage>(parsed(
      R"(["OK",")" + std::string(kId) + R"(",false,"blocked: you are banned from posting here"])"));
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.prefix(), "blocked");
  EXPECT_EQ(refused.message, "blocked: you are banned from posting here");
  // Some relays leave the empty message out.
  EXPECT_TRUE(std::get<OkMessage>(parsed(R"(["OK",")" + std::string(kId) + R"(",true])")).accepted);
}

TEST(RelayMessages, EoseClosedNoticeAndAuth) {
  EXPECT_EQ(std::get<EoseMessage>(parsed(R"(["EOSE","sub1"])")).subscription_id, "sub1");
  const auto closed = std::get<ClosedMessage>(
      parsed(R"(["CLOSED","sub1","error: shutting down idle subscription"])"));
  EXPECT_EQ(closed.subscription_id, "sub1");
  EXPECT_EQ(closed.prefix(), "error");
  EXPECT_EQ(std::get<NoticeMessage>(parsed(R"(["NOTICE","slow down"])")).message, "slow down");
  EXPECT_EQ(std::get<AuthMessage>(parsed(R"(["AUTH","challenge-string"])")).challenge,
            "challenge-string");
}

TEST(RelayMessages, UnknownTypesAreReportedAsSuch) {
  EXPECT_EQ(refusal(R"(["COUNT","sub1",{"count":5}])"), ErrorCode::unknown_message);
}

TEST(RelayMessages, MalformedFramesAreRefused) {
  EXPECT_EQ(refusal("[\"EOSE\""), ErrorCode::malformed_json);
  EXPECT_EQ(refusal("{}"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal("[]"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal("[1]"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["EOSE"])"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["EOSE",1])"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["NOTICE"])"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["OK","b1a649ebe8...",true,""])"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["OK",")" + std::string(kId) + R"(","true",""])"),
            ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["EVENT",{"id":"x"}])"), ErrorCode::malformed_message);
  EXPECT_EQ(refusal(R"(["EVENT","s",{"id":"x"}])"), ErrorCode::malformed_event);
}

}  // namespace
}  // namespace l402d::nostr
