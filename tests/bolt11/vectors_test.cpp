// The official BOLT11 vectors (lightning/bolts 11-payment-encoding.md). Published
// facts come from tests/data/bolt11/official_vectors_decoded.json, an independent
// decoder's output cross-checked against the spec's own breakdowns.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <charconv>

#include "bolt11/codec.hpp"
#include "test_support.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::bolt11 {
namespace {

namespace json = boost::json;
using test::lower;
using test::vector_key;

const json::array& vectors() {
  static const json::value v =
      json::parse(test::read_fixture("bolt11/official_vectors_decoded.json"));
  return v.as_array();
}

std::vector<const json::object*> valid_vectors() {
  std::vector<const json::object*> out;
  for (const auto& v : vectors()) {
    if (v.as_object().at("expect_valid").as_bool()) out.push_back(&v.as_object());
  }
  return out;
}

std::string str(const json::value& v) {
  return std::string(v.as_string());
}

std::uint64_t scid(std::string_view text) {
  std::uint64_t parts[3] = {};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    p = std::from_chars(p, end, parts[i]).ptr;
    if (p != end) ++p;  // 'x'
  }
  return parts[0] << 40 | parts[1] << 16 | parts[2];
}

TEST(OfficialVectors, FixtureHoldsSixteenValidVectors) {
  EXPECT_EQ(valid_vectors().size(), 16u);
}

TEST(OfficialVectors, ValidOnesDecodeToPublishedFacts) {
  for (const json::object* v : valid_vectors()) {
    const std::string text = str(v->at("invoice"));
    SCOPED_TRACE(str(v->at("title")));
    const auto inv = decode(text);
    ASSERT_TRUE(inv.has_value()) << to_string(inv.error());
    const json::object& d = v->at("decoded").as_object();

    const std::string hrp = str(d.at("hrp"));
    EXPECT_TRUE(hrp.starts_with(hrp_prefix(inv->network)));
    if (d.at("amount_msat").is_null()) {
      EXPECT_FALSE(inv->amount_msat.has_value());
    } else {
      ASSERT_TRUE(inv->amount_msat.has_value());
      EXPECT_EQ(*inv->amount_msat, d.at("amount_msat").to_number<std::uint64_t>());
    }
    EXPECT_EQ(inv->timestamp, d.at("timestamp").to_number<std::uint64_t>());
    EXPECT_EQ(to_hex(inv->payment_hash), str(d.at("payment_hash")));
    EXPECT_EQ(to_hex(inv->payment_secret), str(d.at("payment_secret")));
    if (const auto* desc = d.if_contains("description")) {
      ASSERT_TRUE(inv->description.has_value());
      EXPECT_EQ(*inv->description, str(*desc));
      EXPECT_FALSE(inv->description_hash.has_value());
    } else {
      ASSERT_TRUE(inv->description_hash.has_value());
      EXPECT_EQ(to_hex(*inv->description_hash), str(d.at("description_hash")));
      EXPECT_FALSE(inv->description.has_value());
    }
    const auto* expiry = d.if_contains("expiry");
    EXPECT_EQ(inv->expiry_seconds, expiry ? expiry->to_number<std::uint64_t>() : 3600u);
    const auto* cltv = d.if_contains("min_final_cltv_expiry_delta");
    EXPECT_EQ(inv->min_final_cltv_expiry_delta, cltv ? cltv->to_number<std::uint64_t>() : 18u);
    if (const auto* m = d.if_contains("metadata")) {
      ASSERT_TRUE(inv->metadata.has_value());
      EXPECT_EQ(to_hex(*inv->metadata), str(*m));
    } else {
      EXPECT_FALSE(inv->metadata.has_value());
    }

    // Fallbacks of unknown version (V14's 19) are skipped, as the spec requires.
    std::vector<std::pair<int, std::string>> want_fallbacks;
    if (const auto* f = d.if_contains("fallbacks")) {
      for (const auto& e : f->as_array()) {
        const int version = e.at("version").to_number<int>();
        if (version <= 18) want_fallbacks.emplace_back(version, str(e.at("program")));
      }
    }
    ASSERT_EQ(inv->fallbacks.size(), want_fallbacks.size());
    for (std::size_t i = 0; i < want_fallbacks.size(); ++i) {
      EXPECT_EQ(inv->fallbacks[i].version, want_fallbacks[i].first);
      EXPECT_EQ(to_hex(inv->fallbacks[i].program), want_fallbacks[i].second);
    }

    std::size_t n_routes = 0;
    if (const auto* r = d.if_contains("routes")) {
      const auto& routes = r->as_array();
      n_routes = routes.size();
      ASSERT_EQ(inv->routes.size(), routes.size());
      for (std::size_t i = 0; i < routes.size(); ++i) {
        const auto& hops = routes[i].as_array();
        ASSERT_EQ(inv->routes[i].size(), hops.size());
        for (std::size_t j = 0; j < hops.size(); ++j) {
          const RouteHop& got = inv->routes[i][j];
          EXPECT_EQ(to_hex(got.pubkey), str(hops[j].at("pubkey")));
          EXPECT_EQ(got.short_channel_id, scid(hops[j].at("scid").as_string()));
          EXPECT_EQ(got.fee_base_msat, hops[j].at("fee_base_msat").to_number<std::uint32_t>());
          EXPECT_EQ(got.fee_proportional_millionths,
                    hops[j].at("fee_ppm").to_number<std::uint32_t>());
          EXPECT_EQ(got.cltv_expiry_delta, hops[j].at("cltv_delta").to_number<std::uint16_t>());
        }
      }
    }
    EXPECT_EQ(inv->routes.size(), n_routes);

    std::vector<std::uint16_t> features;
    for (const auto& b : d.at("features_bits").as_array())
      features.push_back(b.to_number<std::uint16_t>());
    EXPECT_EQ(inv->feature_bits, features);

    // For the high-S vector this is 02d0139c..., not the signer's key: see docs/bolt11.md.
    EXPECT_EQ(to_hex(inv->payee), str(d.at("pubkey")));
    EXPECT_FALSE(inv->include_payee_field);
  }
}

TEST(OfficialVectors, SigningPayloadMatchesPublishedPreimageAndHash) {
  for (const json::object* v : valid_vectors()) {
    SCOPED_TRACE(str(v->at("title")));
    const auto payload = signing_payload(str(v->at("invoice")));
    ASSERT_TRUE(payload.has_value());
    const json::object& d = v->at("decoded").as_object();
    EXPECT_EQ(to_hex(*payload), str(d.at("sigdata")));
    EXPECT_EQ(to_hex(sha256(*payload)), str(d.at("sighash")));
  }
}

// Regular vectors: re-encoding the decoded invoice with the vector key and the
// vector's field order reproduces it byte for byte (upper case compares lowered).
TEST(OfficialVectors, RegularOnesReencodeByteExact) {
  int checked = 0;
  for (const json::object* v : valid_vectors()) {
    const json::object& d = v->at("decoded").as_object();
    if (d.contains("ignored") || d.at("high_s").as_bool()) continue;
    const std::string text = str(v->at("invoice"));
    SCOPED_TRACE(str(v->at("title")));
    const auto inv = decode(text);
    ASSERT_TRUE(inv.has_value());
    const std::string order = str(d.at("field_order"));
    EXPECT_EQ(encode(*inv, vector_key(), EncodeOptions{order}), lower(text));
    ++checked;
  }
  EXPECT_EQ(checked, 14);
}

std::string vector_titled(std::string_view prefix) {
  for (const auto& v : vectors()) {
    const auto& o = v.as_object();
    if (std::string_view(o.at("title").as_string()).starts_with(prefix))
      return str(o.at("invoice"));
  }
  throw std::runtime_error("no vector titled " + std::string(prefix));
}

// The two irregular vectors map back onto the regular ones they were derived from.
TEST(OfficialVectors, IrregularOnesReencodeToTheirOrigin) {
  const std::string donation = vector_titled("Please make a donation");
  const std::string high_s = vector_titled("Public-key recovery with high-S");
  const std::string beans = vector_titled("Please send $30 for coffee beans");
  const std::string ignored = vector_titled("Same, but including fields");

  // High-S: the same content; our low-S signature is the original one.
  auto inv = decode(high_s);
  ASSERT_TRUE(inv.has_value());
  EXPECT_EQ(to_hex(inv->payee),
            "02d0139ce7427d6dfffd26a326c18be754ef1e64672b42694ba5b23ef6e6e7803d");
  EXPECT_EQ(encode(*inv, vector_key(), EncodeOptions{"spd9"}), donation);

  // Ignored fields are dropped, leaving the coffee-beans invoice.
  inv = decode(ignored);
  ASSERT_TRUE(inv.has_value());
  EXPECT_EQ(to_hex(inv->payee), test::kVectorPubkey);
  EXPECT_EQ(encode(*inv, vector_key(), EncodeOptions{"pds9"}), beans);
}

struct InvalidVector {
  std::string_view name;
  std::string_view invoice;
  DecodeError error;
};

const InvalidVector kInvalid[] = {
    {"unknown even feature 100",
     "lnbc25m1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5vdhkven9v5sxyetpdees"
     "sp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9q4psqqqqqqqqqqqqqqqqsgqtqyx5vggfcsll4"
     "wu246hz02kp85x4katwsk9639we5n5yngc3yhqkm35jnjw4len8vrnqnf5ejh0mzj9n3vz2px97evektfm2l6wqccp3y7"
     "372",
     DecodeError::unknown_required_feature},
    {"bech32 checksum invalid",
     "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrsw"
     "e78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cus"
     "d45tftc9c5fh0nnqpnl2jfll544esqchsrnt",
     DecodeError::bad_checksum},
    {"no separator",
     "pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrswe78q4eyqc7"
     "d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cusd45tftc9c5"
     "fh0nnqpnl2jfll544esqchsrny",
     DecodeError::bad_bech32},
    {"mixed case",
     "LNBC2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrsw"
     "e78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cus"
     "d45tftc9c5fh0nnqpnl2jfll544esqchsrny",
     DecodeError::bad_bech32},
    {"signature not recoverable",
     "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4"
     "jsxqzpusp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgqwgt7mcn5yqw3yx0w94pswkpq6"
     "j9uh6xfqqqtsk4tnarugeektd4hg5975x9am52rz4qskukxdmjemg92vvqz8nvmsye63r5ykel43pgz7zq0g2",
     DecodeError::unrecoverable_signature},
    {"too short",
     "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kget"
     "jypeh2ursdae8g6na6hlh",
     DecodeError::too_short},
    {"invalid multiplier",
     "lnbc2500x1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4"
     "jsxqzpusp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgqrrzc4cvfue4zp3hggxp47ag7x"
     "nrlr8vgcmkjxk3j5jqethnumgkpqp23z9jclu3v0a7e0aruz366e9wqdykw6dxhdzcjjhldxq0w6wgqcnu43j",
     DecodeError::bad_amount},
    {"sub-millisatoshi precision",
     "lnbc2500000001p1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k"
     "7enxv4jsxqzpusp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgq0lzc236j96a95uv0m3u"
     "mg28gclm5lqxtqqwk32uuk4k6673k6n5kfvx3d2h8s295fad45fdhmusm8sjudfhlf6dcsxmfvkeywmjdkxcp99202x",
     DecodeError::bad_amount},
    {"missing s field",
     "lnbc20m1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqhp58yjmdan79s6qqdhdzgyn"
     "m4zwqd5d7xmw5fk98klysy043l2ahrqs9qrsgq7ea976txfraylvgzuxs8kgcw23ezlrszfnh8r6qtfpr6cxga50aj6tx"
     "m9rxrydzd06dfeawfk6swupvz4erwnyutnjq7x39ymw6j38gp49qdkj",
     DecodeError::missing_payment_secret},
    {"high-S with n field",
     "lnbc25m1p70xwfzpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5k"
     "getjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaqnp4q0n326hr8v9zprg8gsvezcch06gfaqqhde2aj730yg0duru"
     "nfhv66sp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgqsp5zyg3zyg3zyg3zyg3zyg3zyg"
     "3zyg3zyg3zyg3zyg3zyg3zyg3zygsp5cfzp9ugllvk03rltd6hvndxj26ux6gcxc5azyxk060rj9tzghct5zvjlps76gx"
     "8wpq5yuu79688k8gnm2c0al6v608s96l0xzrrlqqwnzxmu",
     DecodeError::bad_signature},
};

TEST(OfficialVectors, InvalidOnesRejectedForTheRightReason) {
  for (const auto& v : kInvalid) {
    SCOPED_TRACE(v.name);
    const auto inv = decode(v.invoice);
    ASSERT_FALSE(inv.has_value());
    EXPECT_EQ(inv.error(), v.error) << to_string(inv.error());
  }
}

// The fixture's invalid entries (all but "no 1") agree with the table above.
TEST(OfficialVectors, FixtureInvalidOnesAreInTheTable) {
  int n = 0;
  for (const auto& v : vectors()) {
    const auto& o = v.as_object();
    if (o.at("expect_valid").as_bool()) continue;
    const std::string text = str(o.at("invoice"));
    bool found = false;
    for (const auto& k : kInvalid)
      found |= (k.invoice == text);
    EXPECT_TRUE(found) << text;
    EXPECT_FALSE(decode(text).has_value());
    ++n;
  }
  EXPECT_EQ(n, 9);
}

// The high-S vector with `n` fails on low-S alone: with s replaced by n - s the
// same signature verifies against the `n` key.
TEST(OfficialVectors, HighSWithNFailsOnlyBecauseOfLowS) {
  const auto& last = kInvalid[std::size(kInvalid) - 1];
  const auto payload = signing_payload(last.invoice);
  ASSERT_TRUE(payload.has_value());
  auto b = bech32_decode(last.invoice, SIZE_MAX);
  ASSERT_TRUE(b.has_value());
  RecoverableSignature sig{};
  words_to_bytes(std::span(b->words).last(104), sig);
  const PublicKey n_key = *from_hex_array<33>(test::kVectorPubkey);
  const Hash32 digest = sha256(*payload);
  EXPECT_FALSE(verify_low_s(digest, sig, n_key));

  const auto order =
      *from_hex_array<32>("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const int d = order[i] - sig[32 + i] - borrow;
    sig[32 + i] = static_cast<std::uint8_t>(d & 0xff);
    borrow = d < 0 ? 1 : 0;
  }
  EXPECT_TRUE(verify_low_s(digest, sig, n_key));
}

}  // namespace
}  // namespace l402d::bolt11
