#include "l402/verifier.hpp"

#include <gtest/gtest.h>

#include "l402/caveat.hpp"
#include "l402/headers.hpp"
#include "l402/macaroon.hpp"
#include "l402/minter.hpp"
#include "l402/request_binding.hpp"
#include "support.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

MintOptions vector_options() {
  MintOptions o;
  o.service = "myservice";
  o.valid_until = 4102444800;
  return o;
}

// The cross-checked vector (l402-spec.md 7.5): minting with its root key and
// token id reproduces the base64 byte for byte, and so do the attenuated and
// paid copies.
TEST(Minter, ReproducesCrossCheckedVector) {
  const auto v = test::load_vector();
  test::FixedRootKey keys(v.root_key);
  Minter minter(keys);
  const MintedToken t = minter.mint_with_token_id(v.payment_hash, v.token_id, vector_options());
  EXPECT_EQ(t.base64, v.macaroon_b64);
  EXPECT_EQ(t.macaroon.serialize(), v.macaroon);
  EXPECT_EQ(t.macaroon.signature(), v.signature);
  EXPECT_EQ(Bytes(t.macaroon.identifier()), v.identifier);

  Macaroon attenuated = t.macaroon;
  attenuated.add_first_party_caveat("myservice_valid_until=4000000000");
  EXPECT_EQ(attenuated.signature(), v.attenuated_signature);
  EXPECT_EQ(attenuated.to_base64(), v.attenuated_b64);

  Macaroon paid = t.macaroon;
  paid.add_first_party_caveat(preimage_caveat(v.preimage));
  EXPECT_EQ(paid.signature(), v.paid_signature);
  EXPECT_EQ(paid.serialize(), v.paid);
}

TEST(Minter, RandomTokenIdsAndCaveatOrder) {
  test::MemoryRevocationList rev;
  const Hash32 secret = random_array<32>();
  DerivedRootKeys keys(secret, rev);
  Minter minter(keys);
  MintOptions o;
  o.service = "music";
  o.tier = 2;
  o.capabilities = {"generate", "extend"};
  o.valid_until = kNow + 600;
  o.request_hash = request_hash("POST", "/v1/music", "{}");
  const Hash32 ph = sha256(as_bytes("x"));
  const MintedToken a = minter.mint(ph, o);
  const MintedToken b = minter.mint(ph, o);
  EXPECT_NE(a.identifier.token_id, b.identifier.token_id);
  EXPECT_EQ(a.macaroon.location(), "lsat");
  ASSERT_EQ(a.macaroon.caveats().size(), 4u);
  EXPECT_EQ(a.macaroon.caveats()[0].id, "services=music:2");
  EXPECT_EQ(a.macaroon.caveats()[1].id, "music_capabilities=generate,extend");
  EXPECT_EQ(a.macaroon.caveats()[2].id, "music_valid_until=" + std::to_string(kNow + 600));
  EXPECT_EQ(a.macaroon.caveats()[3].id, request_caveat("music", *o.request_hash));
  EXPECT_THROW(minter.mint(ph, MintOptions{}), std::invalid_argument);
  MintOptions bad = o;
  bad.service = "a:b";
  EXPECT_THROW(minter.mint(ph, bad), std::invalid_argument);
}

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() : v(test::load_vector()), keys(v.root_key), verifier(keys) {}

  Credential vector_credential() const { return Credential{v.macaroon, v.preimage}; }

  VerifyContext ctx() const {
    VerifyContext c;
    c.service = "myservice";
    c.now = kNow;
    return c;
  }

  std::optional<VerifyCode> code(const Credential& c, const VerifyContext& x) const {
    auto r = verifier.verify(c, x);
    if (r) return std::nullopt;
    EXPECT_FALSE(r.error().message.empty());
    return r.error().code;
  }

  // Re-signs a macaroon built by `build` with the vector's root key.
  Credential signed_with(const Identifier& id, const std::vector<std::string>& caveats) const {
    const IdentifierBytes bytes = id.encode();
    Macaroon m = Macaroon::create(v.root_key, bytes, "lsat");
    for (const auto& c : caveats)
      m.add_first_party_caveat(c);
    return Credential{m.serialize(), v.preimage};
  }

  Identifier vector_id() const {
    Identifier id;
    id.payment_hash = v.payment_hash;
    id.token_id = v.token_id;
    return id;
  }

  test::Vector v;
  test::FixedRootKey keys;
  Verifier verifier;
};

TEST_F(VerifierTest, AcceptsVectorAndAttenuatedAndPaidCopies) {
  auto r = verifier.verify(vector_credential(), ctx());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->identifier.token_id, v.token_id);
  EXPECT_TRUE(verifier.verify(Credential{*base64_decode(v.attenuated_b64), v.preimage}, ctx()));
  EXPECT_TRUE(verifier.verify(Credential{v.paid, v.preimage}, ctx()));
}

TEST_F(VerifierTest, MacaroonMalformed) {
  Credential c = vector_credential();
  c.macaroon.pop_back();
  EXPECT_EQ(code(c, ctx()), VerifyCode::macaroon_malformed);
}

TEST_F(VerifierTest, IdentifierInvalid) {
  Bytes short_id(v.identifier.begin(), v.identifier.end() - 1);  // version 0, 65 bytes
  Macaroon m = Macaroon::create(v.root_key, short_id, "lsat");
  EXPECT_EQ(code(Credential{m.serialize(), v.preimage}, ctx()), VerifyCode::identifier_invalid);
}

TEST_F(VerifierTest, IdentifierVersionUnknown) {
  Identifier id = vector_id();
  id.version = 1;
  EXPECT_EQ(code(signed_with(id, {"services=myservice:0"}), ctx()),
            VerifyCode::identifier_version_unknown);
}

TEST_F(VerifierTest, PreimageMismatch) {
  Credential c = vector_credential();
  c.preimage[0] ^= 1;
  EXPECT_EQ(code(c, ctx()), VerifyCode::preimage_mismatch);
}

TEST_F(VerifierTest, SignatureInvalid) {
  Credential c = vector_credential();
  c.macaroon.back() ^= 1;  // last signature byte
  EXPECT_EQ(code(c, ctx()), VerifyCode::signature_invalid);
  // A caveat removed (re-serialised without it) breaks the chain.
  Macaroon m = *Macaroon::parse(v.macaroon);
  Macaroon stripped = Macaroon::create_with_derived_key(v.derived_key, m.identifier(), "lsat");
  stripped.add_first_party_caveat(m.caveats()[0].id);
  Bytes forged = stripped.serialize();
  std::copy(m.signature().begin(), m.signature().end(), forged.end() - 32);
  EXPECT_EQ(code(Credential{forged, v.preimage}, ctx()), VerifyCode::signature_invalid);
  // Signed with another root key.
  test::FixedRootKey other(sha256(as_bytes("other")));
  EXPECT_EQ(Verifier(other).verify(vector_credential(), ctx()).error().code,
            VerifyCode::signature_invalid);
}

TEST_F(VerifierTest, ThirdPartyCaveat) {
  Macaroon m = *Macaroon::parse(v.macaroon);
  m.add_third_party_caveat("need-discharge", as_bytes("vid-bytes"), "https://third.example");
  auto r = verifier.verify(Credential{m.serialize(), v.preimage}, ctx());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, VerifyCode::third_party_caveat);
  EXPECT_EQ(r.error().code_name(), "third_party_caveat");
}

TEST_F(VerifierTest, CaveatService) {
  VerifyContext c = ctx();
  c.service = "otherservice";
  EXPECT_EQ(code(vector_credential(), c), VerifyCode::caveat_service);
}

TEST_F(VerifierTest, CaveatCapability) {
  VerifyContext c = ctx();
  c.capability = "admin";
  EXPECT_EQ(code(vector_credential(), c), VerifyCode::caveat_capability);
}

TEST_F(VerifierTest, CaveatExpired) {
  VerifyContext c = ctx();
  c.now = 4102444800;
  EXPECT_EQ(code(vector_credential(), c), VerifyCode::caveat_expired);
  c.now = 4102444799;
  EXPECT_FALSE(code(vector_credential(), c));
}

TEST_F(VerifierTest, CaveatRequest) {
  const Hash32 bound = request_hash("POST", "/v1/x", R"({"a":1})");
  const Credential c =
      signed_with(vector_id(), {"services=myservice:0", request_caveat("myservice", bound)});
  VerifyContext x = ctx();
  x.request_hash = request_hash("POST", "/v1/x", R"({ "a" : 1 })");
  EXPECT_FALSE(code(c, x));
  x.request_hash = request_hash("POST", "/v1/x", R"({"a":2})");
  EXPECT_EQ(code(c, x), VerifyCode::caveat_request);
}

TEST_F(VerifierTest, CaveatWidening) {
  Macaroon m = *Macaroon::parse(v.macaroon);
  m.add_first_party_caveat("myservice_valid_until=4102444801");
  EXPECT_EQ(code(Credential{m.serialize(), v.preimage}, ctx()), VerifyCode::caveat_widening);
  Macaroon s = *Macaroon::parse(v.macaroon);
  s.add_first_party_caveat("services=myservice:0,admin:0");
  EXPECT_EQ(code(Credential{s.serialize(), v.preimage}, ctx()), VerifyCode::caveat_widening);
}

TEST_F(VerifierTest, ClientAddedUnknownCaveatsIgnored) {
  Macaroon m = *Macaroon::parse(v.macaroon);
  m.add_first_party_caveat("client_note=hello");
  m.add_first_party_caveat(preimage_caveat(v.preimage));
  EXPECT_TRUE(verifier.verify(Credential{m.serialize(), v.preimage}, ctx()));
}

TEST(VerifierSchemes, TokenUnknownAndRevokedInStoredScheme) {
  test::MemoryRootKeyStore store;
  StoredRootKeys keys(store);
  Minter minter(keys);
  Verifier verifier(keys);
  const Hash32 preimage = random_array<32>();
  MintOptions o;
  o.service = "music";
  const MintedToken t = minter.mint(sha256(preimage), o);
  ASSERT_EQ(store.keys.size(), 1u);
  EXPECT_TRUE(store.keys.count(t.identifier.hash()));
  const VerifyContext ctx{"music", kNow, std::nullopt, std::nullopt};
  const Credential cred{t.macaroon.serialize(), preimage};
  EXPECT_TRUE(verifier.verify(cred, ctx));
  EXPECT_TRUE(keys.revoke(t.identifier));
  EXPECT_FALSE(keys.revoke(t.identifier));
  EXPECT_EQ(verifier.verify(cred, ctx).error().code, VerifyCode::token_unknown);
}

TEST(VerifierSchemes, TokenRevokedInDerivedScheme) {
  test::MemoryRevocationList rev;
  const Hash32 secret = random_array<32>();
  DerivedRootKeys keys(secret, rev);
  Minter minter(keys);
  Verifier verifier(keys);
  const Hash32 preimage = random_array<32>();
  MintOptions o;
  o.service = "music";
  const MintedToken t = minter.mint(sha256(preimage), o);
  const VerifyContext ctx{"music", kNow, std::nullopt, std::nullopt};
  const Credential cred{t.macaroon.serialize(), preimage};
  EXPECT_TRUE(verifier.verify(cred, ctx));
  keys.revoke(t.identifier);
  EXPECT_TRUE(rev.revoked.count(t.identifier.token_id));
  auto r = verifier.verify(cred, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, VerifyCode::token_revoked);
  // Another server secret cannot verify it.
  const Hash32 other_secret = random_array<32>();
  DerivedRootKeys other(other_secret, rev);
  MintedToken t2 = minter.mint(sha256(preimage), o);
  EXPECT_EQ(Verifier(other).verify(Credential{t2.macaroon.serialize(), preimage}, ctx).error().code,
            VerifyCode::signature_invalid);
}

TEST(VerifierSchemes, VerifyIssuedNeedsNoPreimageButOurSignature) {
  test::MemoryRevocationList rev;
  DerivedRootKeys keys(random_array<32>(), rev);
  Minter minter(keys);
  Verifier verifier(keys);
  MintOptions o;
  o.service = "music";
  o.valid_until = kNow - 1;  // caveat conditions are not this check's business
  const MintedToken t = minter.mint(random_array<32>(), o);
  auto ours = verifier.verify_issued(t.macaroon.serialize());
  ASSERT_TRUE(ours) << ours.error().message;
  EXPECT_EQ(ours->identifier.token_id, t.identifier.token_id);

  Bytes altered = t.macaroon.serialize();
  altered.back() ^= 1;
  EXPECT_EQ(verifier.verify_issued(altered).error().code, VerifyCode::signature_invalid);
  EXPECT_EQ(verifier.verify_issued(as_bytes("garbage")).error().code,
            VerifyCode::macaroon_malformed);
  DerivedRootKeys other_keys(random_array<32>(), rev);
  EXPECT_EQ(Verifier(other_keys).verify_issued(t.macaroon.serialize()).error().code,
            VerifyCode::signature_invalid);
  keys.revoke(t.identifier);
  EXPECT_EQ(verifier.verify_issued(t.macaroon.serialize()).error().code, VerifyCode::token_revoked);
}

TEST(VerifierSchemes, DerivedKeyIsDeterministicAndDomainSeparated) {
  test::MemoryRevocationList rev;
  Hash32 secret{};
  secret[0] = 1;
  DerivedRootKeys keys(secret, rev);
  Hash32 token{};
  token[31] = 9;
  Bytes msg(as_bytes(kDerivedRootKeyDomain).begin(), as_bytes(kDerivedRootKeyDomain).end());
  msg.insert(msg.end(), token.begin(), token.end());
  EXPECT_EQ(keys.derive(token), hmac_sha256(secret, msg));
  EXPECT_THROW(DerivedRootKeys(ByteView(secret.data(), 31), rev), std::invalid_argument);
}

TEST(VerifyError, CodeNamesAreStable) {
  EXPECT_EQ(to_string(VerifyCode::credential_malformed), "credential_malformed");
  EXPECT_EQ(to_string(VerifyCode::caveat_widening), "caveat_widening");
  EXPECT_EQ(to_string(VerifyCode::identifier_version_unknown), "identifier_version_unknown");
}

// Messages never echo the preimage, the macaroon or key material.
TEST_F(VerifierTest, MessagesHoldNoSecrets) {
  const std::string pre_hex = to_hex(v.preimage);
  Credential bad = vector_credential();
  bad.macaroon.back() ^= 1;
  auto r = verifier.verify(bad, ctx());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find(pre_hex), std::string::npos);
  EXPECT_EQ(r.error().message.find(to_hex(v.root_key)), std::string::npos);
  EXPECT_EQ(r.error().message.find(v.macaroon_b64.substr(0, 20)), std::string::npos);
}

}  // namespace
}  // namespace l402d::l402
