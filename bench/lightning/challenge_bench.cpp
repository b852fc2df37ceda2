// The challenge path without the store write: a signed BOLT11 invoice from the
// builtin node, a freshly minted macaroon bound to the request, and the
// WWW-Authenticate header. Issue target: at most 40 us median.

#include <benchmark/benchmark.h>
#include <openssl/rand.h>

#include <filesystem>

#include "bolt11/signature.hpp"
#include "l402/headers.hpp"
#include "l402/minter.hpp"
#include "l402/request_binding.hpp"
#include "l402/root_keys.hpp"
#include "lightning/builtin_node.hpp"
#include "store/store.hpp"
#include "util/crypto.hpp"

namespace {

using namespace l402d;

class NoRevocations : public l402::RevocationList {
 public:
  void revoke(const Hash32&) override {}
  bool is_revoked(const Hash32&) override { return false; }
};

void BM_MintChallenge(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / "l402d-bench-challenge";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::open_sqlite_store({dir / "bench.db"});
  lightning::BuiltinNode node(random_array<32>(), *store);
  NoRevocations revocations;
  auto secret = random_array<32>();
  l402::DerivedRootKeys keys(secret, revocations);
  l402::Minter minter(keys);
  const std::string body =
      R"({"prompt":"upbeat pop song about summer vibes","lyrics":"Walking on the beach, sun is shining bright, every day feels right","model":"Music Generation","sample_rate":44100,"bitrate":256000,"audio_format":"mp3"})";
  lightning::CreateInvoiceRequest ir{100'000, "L402 music", 3600};
  for (auto _ : state) {
    auto request_hash = l402::request_hash("POST", "/api/l402/music", body);
    auto invoice = node.make_invoice(ir);
    l402::MintOptions mo;
    mo.service = "music";
    mo.valid_until = 1'900'000'000;
    mo.request_hash = request_hash;
    auto token = minter.mint(invoice.payment_hash, mo);
    auto header = l402::format_challenge(token.base64, invoice.bolt11);
    benchmark::DoNotOptimize(header);
  }
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_MintChallenge)->Unit(benchmark::kMicrosecond);

// The one secp256k1 recoverable signature inside every challenge, measured in
// the same run: the machine's speed varies, the difference is our own cost.
void BM_SignatureAlone(benchmark::State& state) {
  auto key = random_array<32>();
  auto digest = random_array<32>();
  for (auto _ : state) {
    auto sig = bolt11::sign_recoverable(digest, key);
    benchmark::DoNotOptimize(sig);
    digest[0]++;
  }
}
BENCHMARK(BM_SignatureAlone)->Unit(benchmark::kMicrosecond);

// Every challenge draws two random values (payment secret, token id): what
// random_bytes costs with its per-thread buffer, next to a RAND_bytes call
// per value as it did before.
void BM_RandomValue(benchmark::State& state) {
  for (auto _ : state) {
    auto v = random_array<32>();
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_RandomValue)->Unit(benchmark::kMicrosecond);

void BM_RandBytesCall(benchmark::State& state) {
  Hash32 v{};
  for (auto _ : state) {
    if (RAND_bytes(v.data(), static_cast<int>(v.size())) != 1) state.SkipWithError("RAND_bytes");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_RandBytesCall)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
