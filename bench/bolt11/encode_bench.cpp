// BOLT11 costs on the challenge path: encode+sign of a builtin-node invoice, the
// signature alone (the floor), and decode+verify as a client or `dev-pay` does it.

#include <benchmark/benchmark.h>

#include "bolt11/codec.hpp"
#include "bolt11/signature.hpp"
#include "util/crypto.hpp"

namespace {

using namespace l402d;
using namespace l402d::bolt11;

SecretKey node_key() {
  SecretKey k{};
  k.fill(0x42);
  return k;
}

// What the builtin node writes for a challenge: amount, p, s, a ~30-character d, x, c, 9.
Invoice builtin_invoice() {
  Invoice inv;
  inv.network = Network::regtest;
  inv.amount_msat = 100'000;
  inv.timestamp = 1'760'000'000;
  inv.payment_hash.fill(0x5a);
  inv.payment_secret.fill(0xa5);
  inv.description = "l402d music: 30s generated clip";
  inv.expiry_seconds = 3600;
  inv.min_final_cltv_expiry_delta = 80;
  inv.feature_bits = {8, 14, 17};
  return inv;
}

void BM_EncodeSign(benchmark::State& state) {
  const Invoice inv = builtin_invoice();
  const SecretKey key = node_key();
  for (auto _ : state) {
    std::string s = encode(inv, key);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_EncodeSign);

void BM_SignOnly(benchmark::State& state) {
  const SecretKey key = node_key();
  Hash32 digest = sha256(std::string_view("bolt11 bench"));
  for (auto _ : state) {
    auto sig = sign_recoverable(digest, key);
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_SignOnly);

void BM_DecodeRecover(benchmark::State& state) {
  const std::string text = encode(builtin_invoice(), node_key());
  for (auto _ : state) {
    auto inv = decode(text);
    benchmark::DoNotOptimize(inv);
  }
}
BENCHMARK(BM_DecodeRecover);

void BM_DecodeVerifyPayee(benchmark::State& state) {
  Invoice inv = builtin_invoice();
  inv.include_payee_field = true;
  const std::string text = encode(inv, node_key());
  for (auto _ : state) {
    auto r = decode(text);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecodeVerifyPayee);

}  // namespace

BENCHMARK_MAIN();
