// Decoder and encoder behaviour beyond the official vectors: caps, field rules,
// signature checks, and hostile mutations.

#include "bolt11/codec.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "bolt11/fields.hpp"
#include "test_support.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::bolt11 {
namespace {

using test::RawInvoice;
using test::vector_key;

constexpr std::string_view kCoffee =
    "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqq"
    "sy"
    "qcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdl"
    "a2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";

Invoice typical() {
  Invoice inv;
  inv.network = Network::regtest;
  inv.amount_msat = 21'000;
  inv.timestamp = 1'700'000'000;
  inv.payment_hash.fill(0xab);
  inv.payment_secret.fill(0xcd);
  inv.description = "music: 30 s of generated audio";
  inv.expiry_seconds = 600;
  inv.min_final_cltv_expiry_delta = 80;
  inv.feature_bits = {8, 14, 17};
  return inv;
}

DecodeError error_of(std::string_view text) {
  const auto r = decode(text);
  EXPECT_FALSE(r.has_value()) << text;
  return r ? DecodeError::too_long : r.error();
}

TEST(Decode, CapIsCheckedFirstAndCanBeLifted) {
  const std::string huge(kMaxInvoiceLength + 1, '!');  // not even bech32
  EXPECT_EQ(error_of(huge), DecodeError::too_long);

  // A valid invoice over the cap: a 639-byte description and nine routes.
  Invoice inv = typical();
  inv.description = std::string(639, 'a');
  RouteHop hop;
  hop.pubkey[0] = 2;
  inv.routes.assign(9, std::vector<RouteHop>(12, hop));
  const std::string text = encode(inv, vector_key());
  ASSERT_GT(text.size(), kMaxInvoiceLength);
  EXPECT_EQ(error_of(text), DecodeError::too_long);
  const auto r = decode(text, DecodeOptions{SIZE_MAX});
  ASSERT_TRUE(r.has_value()) << to_string(r.error());
  EXPECT_EQ(r->routes.size(), 9u);
}

TEST(Decode, UnknownNetwork) {
  RawInvoice raw;
  raw.timestamp(1).basics();
  for (const char* hrp : {"lnxy", "lb", "bc", "lnbcr", "lntbs1"}) {
    raw.hrp = hrp;
    // "lnbcr" is lnbc with amount "r"; "lntbs1" is signet with amount "1".
    const auto r = decode(raw.sign(vector_key()));
    const std::string_view h = hrp;
    if (h == "lnbcr") {
      EXPECT_EQ(r.error(), DecodeError::bad_amount);
    } else if (h == "lntbs1") {
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->network, Network::signet);
      EXPECT_EQ(r->amount_msat, 100'000'000'000u);
    } else {
      EXPECT_EQ(r.error(), DecodeError::unknown_network) << hrp;
    }
  }
}

TEST(Decode, AllNetworks) {
  for (const Network n : {Network::mainnet, Network::testnet, Network::signet, Network::regtest}) {
    Invoice inv = typical();
    inv.network = n;
    const std::string text = encode(inv, vector_key());
    EXPECT_TRUE(text.starts_with(std::string(hrp_prefix(n)) + "210n1"));
    const auto r = decode(text);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->network, n);
  }
}

TEST(Decode, TooShortAndOverrunningFields) {
  // Exactly timestamp + signature is enough words, but then p and s are missing.
  RawInvoice raw;
  raw.timestamp(1);
  EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::missing_payment_hash);
  // A field whose length runs into the signature.
  raw.words.insert(raw.words.end(), {1, 1, 20});
  EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::bad_field);
  // A header cut short.
  RawInvoice raw2;
  raw2.timestamp(1).basics();
  raw2.words.insert(raw2.words.end(), {1, 0});
  EXPECT_EQ(error_of(raw2.sign(vector_key())), DecodeError::bad_field);
}

TEST(Decode, DescriptionRules) {
  Hash32 h{};
  RawInvoice both;
  both.timestamp(1).basics().field_bytes(field::kDescriptionHash, h);
  EXPECT_EQ(error_of(both.sign(vector_key())), DecodeError::bad_description);

  RawInvoice neither;
  neither.timestamp(1).field_bytes(field::kPaymentHash, h).field_bytes(field::kPaymentSecret, h);
  EXPECT_EQ(error_of(neither.sign(vector_key())), DecodeError::bad_description);

  for (const std::string_view bad :
       {std::string_view("\xff"), std::string_view("\xc0\xaf"), std::string_view("\xed\xa0\x80"),
        std::string_view("a\xe2\x82")}) {
    RawInvoice raw;
    raw.timestamp(1).field_bytes(field::kPaymentHash, h).field_bytes(field::kPaymentSecret, h);
    raw.field_bytes(field::kDescription, as_bytes(bad));
    EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::bad_description);
  }
  RawInvoice empty;
  empty.timestamp(1).field_bytes(field::kPaymentHash, h).field_bytes(field::kPaymentSecret, h);
  empty.field_words(field::kDescription, {});
  const auto r = decode(empty.sign(vector_key()));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->description, "");
}

TEST(Decode, NonMinimalIntegersAreInvalid) {
  for (const std::uint8_t type : {field::kExpiry, field::kMinFinalCltv, field::kFeatures}) {
    RawInvoice raw;
    raw.timestamp(1).basics().field_words(type, {0, 1});
    EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::bad_field) << int{type};
  }
  // Zero-length x is expiry 0, minimal.
  RawInvoice zero;
  zero.timestamp(1).basics().field_words(field::kExpiry, {});
  const auto r = decode(zero.sign(vector_key()));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->expiry_seconds, 0u);
  // Over 64 bits.
  RawInvoice big;
  big.timestamp(1).basics().field_words(field::kExpiry, std::vector<std::uint8_t>(13, 31));
  EXPECT_EQ(error_of(big.sign(vector_key())), DecodeError::bad_field);
}

TEST(Decode, FeatureBits) {
  // Words are big-endian: bit 0 is the least significant bit of the last word.
  const auto with_features = [](std::vector<std::uint8_t> w) {
    RawInvoice raw;
    raw.timestamp(1).basics().field_words(field::kFeatures, w);
    return decode(raw.sign(vector_key()));
  };
  EXPECT_EQ(with_features({2, 0}).error(), DecodeError::unknown_required_feature);  // bit 6
  auto r = with_features({1, 0});                                                   // bit 5, odd
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->feature_bits, (std::vector<std::uint16_t>{5}));
  std::vector<std::uint8_t> w(21, 0);
  w[0] = 2;    // bit 101, odd: ignored
  w[19] = 16;  // bit 9
  r = with_features(w);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->feature_bits, (std::vector<std::uint16_t>{9, 101}));
  w[0] = 1;  // bit 100, even
  EXPECT_EQ(with_features(w).error(), DecodeError::unknown_required_feature);
  EXPECT_TRUE(with_features({}).has_value());  // an empty field sets nothing

  for (const std::uint16_t b : {8, 9, 14, 15, 16, 17, 24, 25, 36, 37, 48, 49}) {
    EXPECT_TRUE(is_known_feature(b)) << b;
  }
  EXPECT_FALSE(is_known_feature(100));
  EXPECT_FALSE(is_known_feature(0));
}

TEST(Decode, FallbackRules) {
  const Bytes program20(20, 0x42);
  const auto with_fallback = [&](std::uint8_t version, const Bytes& program) {
    std::vector<std::uint8_t> w{version};
    bytes_to_words_append(w, program);
    RawInvoice raw;
    raw.timestamp(1).basics().field_words(field::kFallback, w);
    return decode(raw.sign(vector_key()));
  };
  EXPECT_TRUE(with_fallback(17, program20).has_value());
  EXPECT_TRUE(with_fallback(0, Bytes(32, 1)).has_value());
  EXPECT_EQ(with_fallback(17, Bytes(21, 1)).error(), DecodeError::bad_field);
  EXPECT_EQ(with_fallback(0, Bytes(25, 1)).error(), DecodeError::bad_field);
  EXPECT_EQ(with_fallback(1, Bytes(1, 1)).error(), DecodeError::bad_field);
  const auto skipped = with_fallback(31, Bytes(3, 1));  // unknown version
  ASSERT_TRUE(skipped.has_value());
  EXPECT_TRUE(skipped->fallbacks.empty());
  RawInvoice empty;
  empty.timestamp(1).basics().field_words(field::kFallback, {});
  EXPECT_EQ(error_of(empty.sign(vector_key())), DecodeError::bad_field);
}

TEST(Decode, RouteRules) {
  RawInvoice raw;
  raw.timestamp(1).basics().field_bytes(field::kRoute, Bytes(50, 2));
  EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::bad_field);
  Bytes hop(51, 0);
  hop[0] = 4;  // not a compressed key
  RawInvoice bad_key;
  bad_key.timestamp(1).basics().field_bytes(field::kRoute, hop);
  EXPECT_EQ(error_of(bad_key.sign(vector_key())), DecodeError::bad_field);
}

TEST(Decode, UnknownFieldsAndWrongLengthsAreSkipped) {
  Hash32 h{};
  h.fill(7);
  RawInvoice raw;
  raw.timestamp(1)
      .field_words(field::kPaymentHash, std::vector<std::uint8_t>(51, 3))  // wrong length: skipped
      .field_words(2, {1, 2, 3})                                           // unknown type
      .field_words(20, std::vector<std::uint8_t>(40, 9))                   // lnd's blinded paths
      .basics()
      .field_bytes(field::kPaymentHash, h);  // a second valid p: the first wins
  const auto r = decode(raw.sign(vector_key()));
  ASSERT_TRUE(r.has_value()) << to_string(r.error());
  Hash32 first{};
  first.fill(1);
  EXPECT_EQ(r->payment_hash, first);
}

TEST(Decode, PayeeFieldIsVerifiedNotRecovered) {
  Invoice inv = typical();
  inv.include_payee_field = true;
  const std::string text = encode(inv, vector_key());
  const auto r = decode(text);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->include_payee_field);
  EXPECT_EQ(to_hex(r->payee), test::kVectorPubkey);

  // An `n` naming another key fails verification.
  SecretKey other{};
  other.fill(3);
  RawInvoice raw;
  raw.timestamp(1).basics().field_bytes(field::kPayee, public_key(other));
  EXPECT_EQ(error_of(raw.sign(vector_key())), DecodeError::bad_signature);
  EXPECT_TRUE(decode(raw.sign(other)).has_value());
  // An `n` that is not a point.
  RawInvoice junk;
  junk.timestamp(1).basics().field_bytes(field::kPayee, Bytes(33, 0xff));
  EXPECT_EQ(error_of(junk.sign(vector_key())), DecodeError::bad_signature);
}

TEST(Decode, SignatureEdgeCases) {
  RawInvoice raw;
  raw.timestamp(1).basics();
  RecoverableSignature sig = sign_recoverable(signing_hash(raw.hrp, raw.words), vector_key());
  RecoverableSignature bad = sig;
  bad[64] = 4;  // recovery id out of range
  EXPECT_EQ(error_of(raw.with_signature(bad)), DecodeError::unrecoverable_signature);
  bad = sig;
  std::fill(bad.begin(), bad.begin() + 32, 0xff);  // r >= n
  EXPECT_EQ(error_of(raw.with_signature(bad)), DecodeError::unrecoverable_signature);
  bad = sig;
  std::fill(bad.begin(), bad.begin() + 64, 0);
  EXPECT_EQ(error_of(raw.with_signature(bad)), DecodeError::unrecoverable_signature);
  // A different recovery id recovers some other key, which is not an error.
  bad = sig;
  bad[64] ^= 1;
  const auto r = decode(raw.with_signature(bad));
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(to_hex(r->payee), test::kVectorPubkey);
}

TEST(Decode, UpperCaseInvoice) {
  std::string upper(kCoffee);
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto r = decode(upper);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->amount_msat, 250'000'000u);
}

TEST(Decode, SigningPayloadErrors) {
  EXPECT_EQ(signing_payload("nope").error(), DecodeError::bad_bech32);
  EXPECT_TRUE(signing_payload(kCoffee).has_value());
}

// Any truncation and any single-character substitution of a valid invoice is
// refused, never crashes, and never yields an invoice.
TEST(Decode, EveryTruncationAndMutationIsRejected) {
  Invoice inv = typical();
  inv.include_payee_field = true;
  inv.fallbacks.push_back(Fallback{0, Bytes(20, 9)});
  RouteHop hop;
  hop.pubkey[0] = 3;
  inv.routes.push_back({hop});
  for (const std::string& text : {std::string(kCoffee), encode(inv, vector_key())}) {
    ASSERT_TRUE(decode(text).has_value());
    for (std::size_t n = 0; n < text.size(); ++n) {
      EXPECT_FALSE(decode(std::string_view(text).substr(0, n)).has_value()) << n;
    }
    const std::string_view replacements = "qpzry9x8gf2tvdw0s3jn54khce6mua7l1bioQP\x01\xff ";
    std::string m = text;
    for (std::size_t i = 0; i < text.size(); ++i) {
      for (const char c : replacements) {
        if (c == text[i]) continue;
        m[i] = c;
        EXPECT_FALSE(decode(m).has_value()) << i << " " << c;
      }
      m[i] = text[i];
    }
  }
}

TEST(Encode, RejectsInvoicesItCannotWrite) {
  Invoice inv = typical();
  inv.description_hash = Hash32{};
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  inv = typical();
  inv.description.reset();
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  inv = typical();
  inv.amount_msat = 0;
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  inv = typical();
  inv.timestamp = 1ULL << 35;
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  inv = typical();
  inv.description = std::string(640, 'x');  // 1024 words
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  inv = typical();
  EXPECT_THROW((void)encode(inv, SecretKey{}), std::invalid_argument);
  inv.fallbacks.push_back(Fallback{32, {}});
  EXPECT_THROW((void)encode(inv, vector_key()), std::invalid_argument);
  EXPECT_THROW((void)public_key(SecretKey{}), std::invalid_argument);
}

TEST(Encode, DefaultsAndFieldOrder) {
  Invoice inv = typical();
  inv.expiry_seconds = 3600;
  inv.min_final_cltv_expiry_delta = 18;
  // The default order lists x and c, so even default values are written.
  const std::string with_defaults = encode(inv, vector_key());
  // An explicit order without them leaves them out (the vectors' style).
  const std::string without = encode(inv, vector_key(), EncodeOptions{"psd9"});
  EXPECT_LT(without.size(), with_defaults.size());
  for (const auto& text : {with_defaults, without}) {
    const auto r = decode(text);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->expiry_seconds, 3600u);
    EXPECT_EQ(r->min_final_cltv_expiry_delta, 18u);
  }
  // Same content in another order: a different string, the same invoice.
  const std::string reordered = encode(inv, vector_key(), EncodeOptions{"9dsp"});
  EXPECT_NE(reordered, without);
  EXPECT_EQ(decode(reordered)->payment_hash, inv.payment_hash);
  // Deterministic signatures: encoding twice gives the same string.
  EXPECT_EQ(encode(inv, vector_key()), with_defaults);
  // Unknown characters in the order are ignored.
  EXPECT_EQ(encode(inv, vector_key(), EncodeOptions{"?!psd9"}), without);
}

TEST(Encode, PublicKeyOfVectorKey) {
  EXPECT_EQ(to_hex(public_key(vector_key())), test::kVectorPubkey);
}

TEST(Codec, ErrorNamesAreStable) {
  EXPECT_EQ(to_string(DecodeError::too_long), "too_long");
  EXPECT_EQ(to_string(DecodeError::unrecoverable_signature), "unrecoverable_signature");
  EXPECT_EQ(to_string(DecodeError::unknown_required_feature), "unknown_required_feature");
}

// The shared secp256k1 context is used read-only from many threads at once.
TEST(Codec, ConcurrentEncodeAndDecode) {
  const Invoice inv = typical();
  const std::string want = encode(inv, vector_key());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (encode(inv, vector_key()) != want) ++failures;
        const auto r = decode(want);
        if (!r || to_hex(r->payee) != test::kVectorPubkey) ++failures;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace l402d::bolt11
