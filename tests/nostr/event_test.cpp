#include "nostr/event.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "nostr/relay_message.hpp"
#include "published_events.hpp"
#include "test_support.hpp"
#include "util/hex.hpp"

namespace l402d::nostr {
namespace {

namespace json = boost::json;

Event parsed(std::string_view text) {
  auto event = parse_event(text);
  if (!event) throw std::runtime_error(event.error().message);
  return *std::move(event);
}

Event fiatjaf_note() {
  auto message = parse_relay_message(test::kFiatjafNoteMessage);
  return std::get<EventMessage>(message.value()).event;
}

// The refusal's code; nullopt when the event verifies.
std::optional<ErrorCode> verify_code(const Event& event) {
  auto result = verify(event);
  if (result) return std::nullopt;
  return result.error().code;
}

// ---- events published by other implementations ----

TEST(PublishedEvents, VerifyAndTheirIdsAreRecomputed) {
  const std::vector<Event> events = {fiatjaf_note(), parsed(test::kFiatjafQuotesEvent),
                                     parsed(test::kFiatjafMetadataEvent),
                                     parsed(test::kReplyWithEmojiEvent)};
  for (const Event& e : events) {
    SCOPED_TRACE(to_hex(e.id));
    EXPECT_EQ(compute_event_id(e.pubkey, e.created_at, e.kind, e.tags, e.content), e.id);
    EXPECT_TRUE(verify(e).has_value());
  }
}

TEST(PublishedEvents, TheSpecsEditedInfoEventDoesNotVerify) {
  EXPECT_EQ(verify_code(parsed(test::kNip47InfoEvent)), ErrorCode::event_id_mismatch);
}

TEST(PublishedEvents, FieldsAreReadAsPublished) {
  const Event e = parsed(test::kReplyWithEmojiEvent);
  EXPECT_EQ(e.pubkey.hex(), "11d0b66747887ba9a6d34b23eb31287374b45b1a1b161eac54cb183c53e00ef7");
  EXPECT_EQ(e.created_at, 1684947090);
  EXPECT_EQ(e.kind, 1);
  ASSERT_EQ(e.tags.size(), 2u);
  EXPECT_EQ(*e.tag_value("p"), "9eefd04d32ab5da8de12d7b83201578ea095a676acf3a692ec1b0b202ae4e16f");
  // \u00f6 and the surrogate pairs arrive as UTF-8; the id depends on it.
  EXPECT_TRUE(
      e.content.starts_with("I'll take a large lill\xc3\xb6rdag please.\n\n\xf0\x9f\x98\x8e"));
}

TEST(PublishedEvents, TamperingIsDetected) {
  const Event original = parsed(test::kReplyWithEmojiEvent);
  ASSERT_EQ(verify_code(original), std::nullopt);

  Event content = original;
  content.content += " ";
  EXPECT_EQ(verify_code(content), ErrorCode::event_id_mismatch);

  Event tag = original;
  tag.tags[1][1] = fiatjaf_note().pubkey.hex();  // the reply now mentions someone else
  EXPECT_EQ(verify_code(tag), ErrorCode::event_id_mismatch);

  Event time = original;
  time.created_at += 1;
  EXPECT_EQ(verify_code(time), ErrorCode::event_id_mismatch);

  // Re-hashing after the change does not help: the signature covers the id.
  Event rehashed = content;
  rehashed.id = compute_event_id(rehashed.pubkey, rehashed.created_at, rehashed.kind, rehashed.tags,
                                 rehashed.content);
  EXPECT_EQ(verify_code(rehashed), ErrorCode::bad_signature);

  Event other_author = original;
  other_author.pubkey = fiatjaf_note().pubkey;
  other_author.id = compute_event_id(other_author.pubkey, other_author.created_at,
                                     other_author.kind, other_author.tags, other_author.content);
  EXPECT_EQ(verify_code(other_author), ErrorCode::bad_signature);

  Event sig = original;
  sig.sig[10] ^= 0x01;
  EXPECT_EQ(verify_code(sig), ErrorCode::bad_signature);
}

// ---- signing ----

TEST(EventSigning, SignedEventsVerifyAndCarryTheKeyAndFields) {
  const SecretKey key = SecretKey::generate();
  const Event e = sign(UnsignedEvent{1700000000,
                                     1,
                                     {{"p", key.public_key().hex(), "wss://r"}},
                                     "line\nquote\" back\\slash \t\x01 caf\xc3\xa9"},
                       key);
  EXPECT_EQ(e.pubkey, key.public_key());
  EXPECT_EQ(e.created_at, 1700000000);
  EXPECT_EQ(e.kind, 1);
  EXPECT_EQ(e.id, compute_event_id(e.pubkey, e.created_at, e.kind, e.tags, e.content));
  EXPECT_TRUE(verify(e).has_value());
}

TEST(EventSigning, SignaturesAreRandomisedButBothVerify) {
  const SecretKey key = SecretKey::generate();
  const UnsignedEvent draft{1, 1, {}, "same"};
  const Event a = sign(draft, key);
  const Event b = sign(draft, key);
  EXPECT_EQ(a.id, b.id);
  EXPECT_NE(a.sig, b.sig);  // fresh auxiliary randomness per signature
  EXPECT_TRUE(verify(a).has_value());
  EXPECT_TRUE(verify(b).has_value());
}

TEST(EventSigning, AnotherKeysSignatureFails) {
  const SecretKey alice = SecretKey::generate();
  const SecretKey mallory = SecretKey::generate();
  Event e = sign(UnsignedEvent{1, 23194, {{"p", "x"}}, "c"}, mallory);
  e.pubkey = alice.public_key();
  e.id = compute_event_id(e.pubkey, e.created_at, e.kind, e.tags, e.content);
  EXPECT_EQ(verify_code(e), ErrorCode::bad_signature);
}

TEST(EventSigning, ChangedContentOrTagFails) {
  const SecretKey key = SecretKey::generate();
  const Event e = sign(UnsignedEvent{5, 23195, {{"e", "abc"}, {"p", "def"}}, "payload"}, key);
  Event content = e;
  content.content = "payloaD";
  EXPECT_EQ(verify_code(content), ErrorCode::event_id_mismatch);
  Event tag = e;
  tag.tags[0][1] = "abd";
  EXPECT_EQ(verify_code(tag), ErrorCode::event_id_mismatch);
  Event extra_tag = e;
  extra_tag.tags.push_back({"expiration", "1"});
  EXPECT_EQ(verify_code(extra_tag), ErrorCode::event_id_mismatch);
  Event kind = e;
  kind.kind = 23194;
  EXPECT_EQ(verify_code(kind), ErrorCode::event_id_mismatch);
}

// ---- canonical serialization ----

TEST(EventSerialization, IsTheNip01ArrayWithoutWhitespace) {
  const PublicKey pk =
      test::pubkey("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d");
  EXPECT_EQ(
      serialize_for_id(pk, 1617932115, 1, {{"e", "x"}, {"p", "y", "wss://r"}, {"t"}}, "a\nb\"c\\d"),
      "[0,\"3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d\","
      "1617932115,1,[[\"e\",\"x\"],[\"p\",\"y\",\"wss://r\"],[\"t\"]],"
      "\"a\\nb\\\"c\\\\d\"]");
  EXPECT_EQ(serialize_for_id(pk, 0, 65535, {}, ""),
            "[0,\"3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d\",0,65535,[],"
            "\"\"]");
}

TEST(EventSerialization, UsesNip01sSevenEscapes) {
  std::string out;
  append_nip01_string(out, "\n\"\\\r\t\b\f");
  EXPECT_EQ(out, R"("\n\"\\\r\t\b\f")");
}

TEST(EventSerialization, KeepsEverythingElseVerbatim) {
  std::string out;
  append_nip01_string(out, "/ <>&' \x7f caf\xc3\xa9 \xf0\x9f\xa6\x84");
  EXPECT_EQ(out, "\"/ <>&' \x7f caf\xc3\xa9 \xf0\x9f\xa6\x84\"");
}

TEST(EventSerialization, WritesOtherControlsAsLowercaseUnicodeEscapes) {
  std::string out;
  append_nip01_string(out, std::string_view("\x00\x01\x1f\x0b", 4));
  EXPECT_EQ(out, R"("\u0000\u0001\u001f\u000b")");
}

// Boost.JSON's serializer agrees with ours on every ASCII character and on
// multi-byte UTF-8, so ids do not depend on which of the two wrote a string.
TEST(EventSerialization, AgreesWithBoostJsonOnEveryAsciiCharacterAndUtf8) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text(1, static_cast<char>(c));
    std::string ours;
    append_nip01_string(ours, text);
    EXPECT_EQ(ours, json::serialize(json::value(text))) << "character " << c;
  }
  const std::string utf8 = "\xc3\xb6\xe2\x82\xac\xf0\x9f\x98\x8e";
  std::string ours;
  append_nip01_string(ours, utf8);
  EXPECT_EQ(ours, json::serialize(json::value(utf8)));
}

// ---- JSON ----

TEST(EventJson, RoundTripsThroughText) {
  const SecretKey key = SecretKey::generate();
  const Event e = sign(UnsignedEvent{42, 7, {{"a", "b", "c"}, {}}, "x\ny"}, key);
  const Event back = parsed(to_json_text(e));
  EXPECT_EQ(back.id, e.id);
  EXPECT_EQ(back.pubkey, e.pubkey);
  EXPECT_EQ(back.created_at, e.created_at);
  EXPECT_EQ(back.kind, e.kind);
  EXPECT_EQ(back.tags, e.tags);
  EXPECT_EQ(back.content, e.content);
  EXPECT_EQ(back.sig, e.sig);
  EXPECT_TRUE(verify(back).has_value());
}

TEST(EventJson, RefusesMalformedEvents) {
  const json::object good = to_json(parsed(test::kReplyWithEmojiEvent)).as_object();
  const auto with = [&](std::string_view key, json::value v) {
    json::object o = good;
    o[key] = std::move(v);
    return json::value(std::move(o));
  };
  const auto without = [&](std::string_view key) {
    json::object o = good;
    o.erase(key);
    return json::value(std::move(o));
  };
  const std::string id = json::value_to<std::string>(good.at("id"));
  std::string upper_id = id;
  for (char& c : upper_id)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::vector<std::pair<std::string, json::value>> cases = {
      {"not an object", json::array{1, 2}},
      {"uppercase id", with("id", json::value(upper_id))},
      {"short id", with("id", json::value(id.substr(2)))},
      {"missing id", without("id")},
      {"pubkey off the curve",
       with("pubkey", "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34")},
      {"negative created_at", with("created_at", -1)},
      {"fractional created_at", with("created_at", 1.5)},
      {"string created_at", with("created_at", "1713883677")},
      {"kind above 65535", with("kind", 65536)},
      {"tags not an array", with("tags", json::object{})},
      {"tag not an array", with("tags", json::array{"p"})},
      {"tag with a number", with("tags", json::array{json::array{"p", 1}})},
      {"content a number", with("content", 5)},
      {"null content", with("content", nullptr)},
      {"short sig", with("sig", "abcd")},
  };
  for (const auto& [name, value] : cases) {
    SCOPED_TRACE(name);
    auto e = event_from_json(value);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, ErrorCode::malformed_event);
  }
  EXPECT_TRUE(event_from_json(json::value(good)).has_value());
}

TEST(EventJson, TextThatIsNotJsonIsMalformedJson) {
  auto e = parse_event("{\"id\":");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, ErrorCode::malformed_json);
}

TEST(EventTags, TagValueIsTheFirstTagsSecondElement) {
  Event e = parsed(test::kReplyWithEmojiEvent);
  EXPECT_EQ(*e.tag_value("e"), "f9f30e37adffe3afe12fda2f8db4502ece334f261273a9a0be7e8adb29b35145");
  EXPECT_EQ(e.tag_value("expiration"), nullptr);
  e.tags.insert(e.tags.begin(), Tag{"e"});  // a tag without a value is skipped
  EXPECT_EQ(*e.tag_value("e"), "f9f30e37adffe3afe12fda2f8db4502ece334f261273a9a0be7e8adb29b35145");
}

}  // namespace
}  // namespace l402d::nostr
