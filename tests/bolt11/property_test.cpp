// Round-trip properties over random invoices: every field the model carries
// survives encode -> decode, on every network, with and without optional fields.

#include <gtest/gtest.h>

#include <random>

#include "bolt11/codec.hpp"
#include "test_support.hpp"

namespace l402d::bolt11 {
namespace {

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  bool coin() { return rng_() & 1; }
  template <std::size_t N>
  std::array<std::uint8_t, N> array() {
    std::array<std::uint8_t, N> a;
    for (auto& b : a)
      b = static_cast<std::uint8_t>(rng_());
    return a;
  }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b)
      x = static_cast<std::uint8_t>(rng_());
    return b;
  }

  std::uint64_t amount() {
    switch (below(6)) {
      case 0:
        return 1 + below(1000);  // pico territory
      case 1:
        return (1 + below(100'000)) * 1000;  // whole sats
      case 2:
        return (1 + below(1000)) * 100'000'000;  // milli-bitcoin
      case 3:
        return (1 + below(21)) * 100'000'000'000;  // whole bitcoin
      case 4:
        return UINT64_MAX - below(1000);
      default:
        return 1 + (rng_() >> below(64));
    }
  }

  std::string utf8(std::size_t max_chars) {
    static const std::string_view pieces[] = {
        "a", "Z", " ", "0", "\"", "\xc3\xa9", "\xe2\x82\xac", "\xe3\x83\x8a", "\xf0\x9f\x8e\xb5",
        "\n"};
    std::string s;
    const std::size_t n = below(max_chars + 1);
    for (std::size_t i = 0; i < n; ++i)
      s += pieces[below(std::size(pieces))];
    return s;
  }

  std::uint64_t integer() {
    switch (below(4)) {
      case 0:
        return 0;
      case 1:
        return below(100);
      case 2:
        return below(1u << 20);
      default:
        return rng_() >> below(64);
    }
  }

  Fallback fallback() {
    switch (below(4)) {
      case 0:
        return {17, bytes(20)};
      case 1:
        return {18, bytes(20)};
      case 2:
        return {0, bytes(coin() ? 20 : 32)};
      default:
        return {static_cast<std::uint8_t>(1 + below(16)), bytes(2 + below(39))};
    }
  }

  RouteHop hop() {
    RouteHop h;
    h.pubkey = array<33>();
    h.pubkey[0] = coin() ? 2 : 3;
    h.short_channel_id = rng_();
    h.fee_base_msat = static_cast<std::uint32_t>(rng_());
    h.fee_proportional_millionths = static_cast<std::uint32_t>(rng_());
    h.cltv_expiry_delta = static_cast<std::uint16_t>(rng_());
    return h;
  }

  std::vector<std::uint16_t> features() {
    std::vector<std::uint16_t> bits;
    for (const std::uint16_t b : {8, 9, 14, 15, 16, 17, 24, 25, 36, 37, 48, 49}) {
      if (below(3) == 0) bits.push_back(b);
    }
    if (coin()) bits.push_back(static_cast<std::uint16_t>(51 + 2 * below(200)));  // unknown odd
    std::sort(bits.begin(), bits.end());
    bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
    return bits;
  }

  Invoice invoice() {
    Invoice inv;
    inv.network = static_cast<Network>(below(4));
    if (below(4) != 0) inv.amount_msat = amount();
    inv.timestamp = below(1ULL << 35);
    inv.payment_hash = array<32>();
    inv.payment_secret = array<32>();
    if (coin()) {
      inv.description = utf8(coin() ? 30 : 150);
    } else {
      inv.description_hash = array<32>();
    }
    if (coin()) inv.expiry_seconds = integer();
    if (coin()) inv.min_final_cltv_expiry_delta = integer();
    if (below(4) == 0) inv.metadata = bytes(below(100));
    for (auto n = below(3); n-- > 0;)
      inv.fallbacks.push_back(fallback());
    for (auto n = below(3); n-- > 0;) {
      std::vector<RouteHop> route;
      for (auto h = 1 + below(4); h-- > 0;)
        route.push_back(hop());
      inv.routes.push_back(std::move(route));
    }
    if (below(4) != 0) inv.feature_bits = features();
    inv.include_payee_field = below(4) == 0;
    return inv;
  }

  SecretKey key() {
    SecretKey k = array<32>();
    k[0] &= 0x7f;  // below the group order
    k[31] |= 1;    // and not zero
    return k;
  }

 private:
  std::mt19937_64 rng_;
};

void expect_same(const Invoice& a, const Invoice& b) {
  EXPECT_EQ(a.network, b.network);
  EXPECT_EQ(a.amount_msat, b.amount_msat);
  EXPECT_EQ(a.timestamp, b.timestamp);
  EXPECT_EQ(a.payment_hash, b.payment_hash);
  EXPECT_EQ(a.payment_secret, b.payment_secret);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.description_hash, b.description_hash);
  EXPECT_EQ(a.expiry_seconds, b.expiry_seconds);
  EXPECT_EQ(a.min_final_cltv_expiry_delta, b.min_final_cltv_expiry_delta);
  EXPECT_EQ(a.metadata, b.metadata);
  ASSERT_EQ(a.fallbacks.size(), b.fallbacks.size());
  for (std::size_t i = 0; i < a.fallbacks.size(); ++i) {
    EXPECT_EQ(a.fallbacks[i].version, b.fallbacks[i].version);
    EXPECT_EQ(a.fallbacks[i].program, b.fallbacks[i].program);
  }
  ASSERT_EQ(a.routes.size(), b.routes.size());
  for (std::size_t i = 0; i < a.routes.size(); ++i) {
    ASSERT_EQ(a.routes[i].size(), b.routes[i].size());
    for (std::size_t j = 0; j < a.routes[i].size(); ++j) {
      const RouteHop& x = a.routes[i][j];
      const RouteHop& y = b.routes[i][j];
      EXPECT_EQ(x.pubkey, y.pubkey);
      EXPECT_EQ(x.short_channel_id, y.short_channel_id);
      EXPECT_EQ(x.fee_base_msat, y.fee_base_msat);
      EXPECT_EQ(x.fee_proportional_millionths, y.fee_proportional_millionths);
      EXPECT_EQ(x.cltv_expiry_delta, y.cltv_expiry_delta);
    }
  }
  EXPECT_EQ(a.feature_bits, b.feature_bits);
  EXPECT_EQ(a.include_payee_field, b.include_payee_field);
}

TEST(Property, RandomInvoicesRoundTrip) {
  Gen gen(20240611);
  for (int i = 0; i < 400; ++i) {
    SCOPED_TRACE(i);
    const Invoice inv = gen.invoice();
    const SecretKey key = gen.key();
    const std::string text = encode(inv, key);
    const auto back = decode(text, DecodeOptions{SIZE_MAX});
    ASSERT_TRUE(back.has_value()) << to_string(back.error()) << " " << text;
    expect_same(inv, *back);
    EXPECT_EQ(back->payee, public_key(key));
    // Decoding is a fixed point: re-encoding the decoded invoice gives the same string.
    EXPECT_EQ(encode(*back, key), text);
    // And the upper-case form, as written into QR codes, decodes the same.
    std::string upper = text;
    for (char& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto up = decode(upper, DecodeOptions{SIZE_MAX});
    ASSERT_TRUE(up.has_value());
    expect_same(inv, *up);
  }
}

TEST(Property, RandomFieldOrdersRoundTrip) {
  Gen gen(99);
  std::string order(kDefaultFieldOrder);
  std::mt19937 shuffle(1);
  for (int i = 0; i < 100; ++i) {
    std::shuffle(order.begin(), order.end(), shuffle);
    const Invoice inv = gen.invoice();
    const auto back = decode(encode(inv, gen.key(), EncodeOptions{order}), DecodeOptions{SIZE_MAX});
    ASSERT_TRUE(back.has_value()) << order;
    expect_same(inv, *back);
  }
}

// Random word soup behind a valid checksum: the decoder must refuse or accept
// without crashing; whatever it accepts re-encodes to a decodable invoice.
TEST(Property, RandomDataPartsNeverCrash) {
  Gen gen(7);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    test::RawInvoice raw;
    raw.hrp = std::string(hrp_prefix(static_cast<Network>(gen.below(4))));
    raw.timestamp(gen.below(1ULL << 35));
    if (gen.coin()) raw.basics();
    for (auto n = gen.below(6); n-- > 0;) {
      std::vector<std::uint8_t> data(gen.below(70));
      for (auto& w : data)
        w = static_cast<std::uint8_t>(gen.below(32));
      raw.field_words(static_cast<std::uint8_t>(gen.below(32)), data);
    }
    if (gen.coin()) {
      for (auto n = gen.below(20); n-- > 0;)
        raw.words.push_back(static_cast<std::uint8_t>(gen.below(32)));
    }
    const auto r = decode(raw.sign(gen.key()));
    if (r) ++accepted;
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace l402d::bolt11
