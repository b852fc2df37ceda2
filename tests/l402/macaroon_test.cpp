#include "l402/macaroon.hpp"

#include <gtest/gtest.h>

#include <random>

#include "support.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

std::string hex(ByteView b) {
  return to_hex(b);
}

// libmacaroons' README vector, as reproduced by pymacaroons' test notes
// (l402-spec.md 7.4): these signatures only come out with go-macaroon's key
// derivation, so they pin derive_macaroon_key and the first-party chain.
TEST(Macaroon, LibmacaroonsVector) {
  Macaroon m = Macaroon::create(as_bytes("this is our super secret key; only we should know it"),
                                as_bytes("we used our secret key"), "http://mybank/");
  EXPECT_EQ(hex(m.signature()), "e3d9e02908526c4c0039ae15114115d97fdd68bf2ba379b342aaf0f617d0552f");
  m.add_first_party_caveat("test = caveat");
  EXPECT_EQ(hex(m.signature()), "197bac7a044af33332865b9266e26d493bdd668a660e44d88ce1a998c23dbd67");
  EXPECT_TRUE(
      m.signature_matches(as_bytes("this is our super secret key; only we should know it")));
  EXPECT_FALSE(m.signature_matches(as_bytes("another key")));
}

Bytes go_macaroon_v2_vector() {
  std::string s;
  s += "\x02";
  s += "\x01\x0ehttp://mybank/";
  s += "\x02\x1cwe used our other secret key";
  s += std::string("\x00", 1);
  s += "\x02\x14"
       "account = 3735928559";
  s += std::string("\x00", 1);
  s += "\x01\x13http://auth.mybank/";
  s += "\x02'this was how we remind auth of key/pred";
  s += "\x04\x48";
  s += std::string(24, '\0');
  const auto tail = *from_hex(
      "d36ec502e05886d1f0279f055fa52554d16d16c1b14074bbb83ff0fdd79dc2fe098f0ed4a2b091130e6b5db46a20"
      "a86b");
  s += std::string(as_chars(tail));
  s += std::string("\x00\x00", 2);
  s += "\x06\x20";
  s += std::string(
      as_chars(*from_hex("d27db2fd1f22760e4c3dae8137e2d8fc1df6c0741c18aed4b97256bf78d1f55c")));
  return Bytes(as_bytes(s).begin(), as_bytes(s).end());
}

// go-macaroon v2.1.0 macaroon_test.go "V2 base64 encoded binary": exact bytes,
// a first- and a third-party caveat; the third-party step is keyedHash2.
TEST(Macaroon, GoMacaroonV2BinaryVector) {
  const Bytes data = go_macaroon_v2_vector();
  auto m = Macaroon::parse(data);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->location(), "http://mybank/");
  EXPECT_EQ(as_chars(m->identifier()), "we used our other secret key");
  ASSERT_EQ(m->caveats().size(), 2u);
  EXPECT_EQ(m->caveats()[0].id, "account = 3735928559");
  EXPECT_FALSE(m->caveats()[0].third_party());
  EXPECT_EQ(m->caveats()[1].id, "this was how we remind auth of key/pred");
  EXPECT_EQ(m->caveats()[1].location, "http://auth.mybank/");
  EXPECT_EQ(m->caveats()[1].verification_id.size(), 72u);
  EXPECT_TRUE(m->signature_matches(
      as_bytes("this is a different super-secret key; never use the same secret twice")));
  EXPECT_EQ(m->serialize(), data);

  // Rebuild it from scratch: same signature and bytes.
  Macaroon r = Macaroon::create(
      as_bytes("this is a different super-secret key; never use the same secret twice"),
      as_bytes("we used our other secret key"), "http://mybank/");
  r.add_first_party_caveat("account = 3735928559");
  r.add_third_party_caveat(m->caveats()[1].id, m->caveats()[1].verification_id,
                           "http://auth.mybank/");
  EXPECT_EQ(hex(r.signature()), "d27db2fd1f22760e4c3dae8137e2d8fc1df6c0741c18aed4b97256bf78d1f55c");
  EXPECT_EQ(r.serialize(), data);
}

// A real Aperture-minted macaroon (lsat-js tests/data.ts, l402-spec.md 7.1).
TEST(Macaroon, ParsesApertureMintedMacaroon) {
  auto m = Macaroon::parse_base64(
      "AgEEbHNhdAJCAAAwpHpumws6ufQoDwiTLNcge0QPUIWA0+tVY+tKPYAJ/"
      "zSfmEGlIpNm3VzxuzCqLhEp5KGiyPLUM9L+kcB7uzS+"
      "AAIPc2VydmljZXM9bWVtZTowAAISbWVtZV9jYXBhYmlsaXRpZXM9"
      "AAAGILA1VCEIExukt4nG+XR9tX8WJ2BVMiHG3UNt1uYJ+NRD");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->location(), "lsat");
  EXPECT_EQ(m->identifier().size(), 66u);
  ASSERT_EQ(m->caveats().size(), 2u);
  EXPECT_EQ(m->caveats()[0].id, "services=meme:0");
  EXPECT_EQ(m->caveats()[1].id, "meme_capabilities=");
  EXPECT_EQ(hex(m->signature()),
            "b035542108131ba4b789c6f9747db57f162760553221c6dd436dd6e609f8d443");
  EXPECT_EQ(m->to_base64(),
            "AgEEbHNhdAJCAAAwpHpumws6ufQoDwiTLNcge0QPUIWA0+tVY+tKPYAJ/"
            "zSfmEGlIpNm3VzxuzCqLhEp5KGiyPLUM9L+kcB7uzS+"
            "AAIPc2VydmljZXM9bWVtZTowAAISbWVtZV9jYXBhYmlsaXRpZXM9"
            "AAAGILA1VCEIExukt4nG+XR9tX8WJ2BVMiHG3UNt1uYJ+NRD");
}

TEST(Macaroon, ParsesGoGeneratedMacaroonWithoutCaveats) {
  auto m = Macaroon::parse_base64(
      "AgESMy4xMzYuMTc4LjE1OjM0MjM4AkIAAD2b0rX78LATiVo8bKgHuurefeF5OeX2H5ZuacBIK3+"
      "RAR1PKU1oZpfCZFib4zdDoj0pOpgPmhtuzNllU+y//"
      "D0AAAYgcWFs9FIteCzpCcEPSwmXKBpcx97hyL5Yt99cbLjRHzU=");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->location(), "3.136.178.15:34238");
  EXPECT_TRUE(m->caveats().empty());
}

TEST(Macaroon, AcceptsUrlSafeAndUnpaddedBase64) {
  const auto v = test::load_vector();
  std::string url = v.attenuated_b64;
  for (char& c : url) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!url.empty() && url.back() == '=')
    url.pop_back();
  auto m = Macaroon::parse_base64(url);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->to_base64(), v.attenuated_b64);
}

TEST(Macaroon, RejectsOtherFormatsClearly) {
  auto v1 = Macaroon::parse(as_bytes("0024location http://mybank/\n"));
  ASSERT_FALSE(v1);
  EXPECT_NE(v1.error().message.find("V1"), std::string::npos);
  auto js = Macaroon::parse(as_bytes("{\"v\":2}"));
  ASSERT_FALSE(js);
  EXPECT_NE(js.error().message.find("JSON"), std::string::npos);
  EXPECT_FALSE(Macaroon::parse(Bytes{0x03, 0x00}));
  EXPECT_FALSE(Macaroon::parse(Bytes{}));
  EXPECT_FALSE(Macaroon::parse_base64("not base64!"));
}

TEST(Macaroon, RejectsStructuralErrors) {
  const auto v = test::load_vector();
  // Trailing bytes after the signature.
  Bytes extra = v.macaroon;
  extra.push_back(0);
  EXPECT_FALSE(Macaroon::parse(extra));
  // Fields out of order in the header: identifier before location.
  Bytes swapped = {0x02, 0x02, 0x01, 'x', 0x01, 0x01, 'l', 0x00, 0x00, 0x06, 0x20};
  swapped.resize(swapped.size() + 32);
  EXPECT_FALSE(Macaroon::parse(swapped));
  // First-party caveat with a location.
  Bytes located = {0x02, 0x02, 0x01, 'x',  0x00, 0x01, 0x01, 'l',
                   0x02, 0x01, 'c',  0x00, 0x00, 0x06, 0x20};
  located.resize(located.size() + 32);
  auto r = Macaroon::parse(located);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("location"), std::string::npos);
  // Short signature.
  Bytes short_sig = {0x02, 0x02, 0x01, 'x', 0x00, 0x00, 0x06, 0x1f};
  short_sig.resize(short_sig.size() + 31);
  EXPECT_FALSE(Macaroon::parse(short_sig));
  // A length beyond go-macaroon's limit.
  Bytes huge = {0x02, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f};
  EXPECT_FALSE(Macaroon::parse(huge));
  // A minimal valid one for contrast.
  Bytes ok = {0x02, 0x02, 0x01, 'x', 0x00, 0x00, 0x06, 0x20};
  ok.resize(ok.size() + 32);
  EXPECT_TRUE(Macaroon::parse(ok));
}

// Issue 21: lengths written as 0x81 0x00 (1 with a trailing zero group) were
// accepted, so one token had several byte forms. Only the minimal form parses.
TEST(Macaroon, RejectsNonMinimalVarints) {
  Bytes minimal = {0x02, 0x02, 0x01, 'x', 0x00, 0x00, 0x06, 0x20};
  minimal.resize(minimal.size() + 32);
  ASSERT_TRUE(Macaroon::parse(minimal));
  Bytes long_length = {0x02, 0x02, 0x81, 0x00, 'x', 0x00, 0x00, 0x06, 0x20};
  long_length.resize(long_length.size() + 32);
  EXPECT_FALSE(Macaroon::parse(long_length));
  Bytes long_type = {0x02, 0x82, 0x00, 0x01, 'x', 0x00, 0x00, 0x06, 0x20};
  long_type.resize(long_type.size() + 32);
  EXPECT_FALSE(Macaroon::parse(long_type));
  Bytes long_signature_length = {0x02, 0x02, 0x01, 'x', 0x00, 0x00, 0x06, 0xa0, 0x00};
  long_signature_length.resize(long_signature_length.size() + 32);
  EXPECT_FALSE(Macaroon::parse(long_signature_length));
  // A two-byte length that is minimal (128) still parses.
  Bytes id(128, 'i');
  Bytes two_bytes = {0x02, 0x02, 0x80, 0x01};
  two_bytes.insert(two_bytes.end(), id.begin(), id.end());
  two_bytes.insert(two_bytes.end(), {0x00, 0x00, 0x06, 0x20});
  two_bytes.resize(two_bytes.size() + 32);
  EXPECT_TRUE(Macaroon::parse(two_bytes));
}

Macaroon random_macaroon(std::mt19937& rng) {
  auto rand_bytes = [&](std::size_t max) {
    std::string s(rng() % (max + 1), '\0');
    for (char& c : s)
      c = static_cast<char>(rng() & 0xff);
    return s;
  };
  Bytes key(32);
  for (auto& b : key)
    b = static_cast<std::uint8_t>(rng());
  const std::string id = rand_bytes(300);
  Macaroon m = Macaroon::create(key, as_bytes(id), rand_bytes(20));
  const int n = static_cast<int>(rng() % 6);
  for (int i = 0; i < n; ++i) {
    if (rng() % 4 == 0) {
      std::string vid = rand_bytes(80);
      if (vid.empty()) vid = "v";
      m.add_third_party_caveat(rand_bytes(200), as_bytes(vid), rand_bytes(30));
    } else {
      m.add_first_party_caveat(rand_bytes(200));
    }
  }
  return m;
}

TEST(Macaroon, RandomRoundTrip) {
  std::mt19937 rng(402);
  for (int i = 0; i < 500; ++i) {
    const Macaroon m = random_macaroon(rng);
    const Bytes data = m.serialize();
    auto parsed = Macaroon::parse(data);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, m);
    EXPECT_EQ(parsed->serialize(), data);
    auto b64 = Macaroon::parse_base64(m.to_base64());
    ASSERT_TRUE(b64);
    EXPECT_EQ(*b64, m);
  }
}

// Every proper prefix of a valid macaroon is refused, without crashing (ASan
// checks the reads): the vector, the paid copy and random macaroons.
TEST(Macaroon, EveryTruncationRejected) {
  const auto v = test::load_vector();
  std::mt19937 rng(7);
  std::vector<Bytes> samples = {v.macaroon, v.paid, go_macaroon_v2_vector()};
  for (int i = 0; i < 50; ++i)
    samples.push_back(random_macaroon(rng).serialize());
  for (const Bytes& full : samples) {
    ASSERT_TRUE(Macaroon::parse(full));
    for (std::size_t n = 0; n < full.size(); ++n) {
      // Copy so that ASan sees reads past the prefix as overflows.
      const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_FALSE(Macaroon::parse(prefix)) << "prefix of length " << n << " accepted";
    }
  }
}

// Random byte flips either fail to parse or change what the signature covers;
// either way nothing crashes and the verifier will refuse them.
TEST(Macaroon, RandomByteFlips) {
  const auto v = test::load_vector();
  std::mt19937 rng(11);
  for (int i = 0; i < 5000; ++i) {
    Bytes b = v.macaroon;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      b[rng() % b.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    }
    auto m = Macaroon::parse(b);
    if (m) {
      EXPECT_FALSE(m->signature_matches(v.root_key) && m->location() == "lsat" && b != v.macaroon);
    }
  }
}

TEST(Macaroon, VectorParsesAndSerialisesByteExact) {
  const auto v = test::load_vector();
  auto m = Macaroon::parse(v.macaroon);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->serialize(), v.macaroon);
  EXPECT_EQ(m->to_base64(), v.macaroon_b64);
  EXPECT_EQ(derive_macaroon_key(v.root_key), v.derived_key);
  EXPECT_EQ(hmac_sha256(v.derived_key, v.identifier), v.sig0);
  EXPECT_TRUE(m->signature_matches(v.root_key));
}

}  // namespace
}  // namespace l402d::l402
