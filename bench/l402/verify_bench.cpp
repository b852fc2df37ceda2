// The L402 gate runs once per request: these measure the whole verify path of a
// paid credential and minting, with an in-memory key source and no BOLT11.

#include <benchmark/benchmark.h>

#include "l402/headers.hpp"
#include "l402/minter.hpp"
#include "l402/request_binding.hpp"
#include "l402/verifier.hpp"
#include "util/crypto.hpp"

namespace {

using namespace l402d;
using namespace l402d::l402;

class NoRevocations : public RevocationList {
 public:
  void revoke(const Hash32&) override {}
  bool is_revoked(const Hash32&) override { return false; }
};

struct Fixture {
  NoRevocations revocations;
  Hash32 secret = random_array<32>();
  DerivedRootKeys keys{secret, revocations};
  Hash32 preimage = random_array<32>();
  Hash32 request = request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":30})");
  std::string authorization;

  Fixture() {
    Minter minter(keys);
    MintOptions o;
    o.service = "music";
    o.capabilities = {"generate"};
    o.valid_until = 4102444800;
    o.request_hash = request;
    const MintedToken t = minter.mint(sha256(preimage), o);
    authorization = format_authorization(t.base64, preimage);
  }
};

void BM_VerifyPaidCredential(benchmark::State& state) {
  Fixture f;
  Verifier verifier(f.keys);
  VerifyContext ctx{"music", 1'700'000'000, f.request, std::string_view("generate")};
  const std::string_view header = f.authorization;
  for (auto _ : state) {
    auto cred = parse_authorization(header);
    auto r = verifier.verify(*cred, ctx);
    if (!r) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_VerifyPaidCredential);

void BM_MintDerived(benchmark::State& state) {
  Fixture f;
  Minter minter(f.keys);
  MintOptions o;
  o.service = "music";
  o.capabilities = {"generate"};
  o.valid_until = 4102444800;
  o.request_hash = f.request;
  const Hash32 payment_hash = sha256(f.preimage);
  for (auto _ : state) {
    auto t = minter.mint(payment_hash, o);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_MintDerived);

void BM_RequestHash(benchmark::State& state) {
  const std::string body =
      R"({"prompt":"a slow jazz tune with brushed drums","seconds":30,"lyrics":"la la la"})";
  for (auto _ : state)
    benchmark::DoNotOptimize(request_hash("POST", "/v1/music", body));
}
BENCHMARK(BM_RequestHash);

}  // namespace

BENCHMARK_MAIN();
