// l402d's own cost per request on the paid vision route, without the network:
// the real filter chain (CORS, replay, validation, admission, paywall gate, as
// api::add_service_routes builds it for every service) driven on an
// io_context, with the default configuration (builtin node, derived root keys,
// in-memory deny list and result cache). What wrk_vs_nginx.sh measures is this
// plus the kernel's and the HTTP parser's share; the difference to nginx's
// whole reply (about 10 us) is what the issue's ratios are about.

#include <benchmark/benchmark.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <opencv2/imgcodecs.hpp>

#include "api/service_routes.hpp"
#include "api/vision_request.hpp"
#include "api/vision_service.hpp"
#include "l402/headers.hpp"
#include "l402/request_binding.hpp"
#include "lightning/builtin_node.hpp"
#include "store/revocation_cache.hpp"
#include "store/store.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace {

using namespace l402d;
namespace asio = boost::asio;

// The request wrk sends in bench/http/wrk_vs_nginx.sh: a noisy 32x32 PNG.
std::string vision_body() {
  cv::Mat image(32, 32, CV_8UC3);
  cv::RNG rng(12345);
  rng.fill(image, cv::RNG::UNIFORM, 0, 255);
  std::vector<std::uint8_t> png;
  cv::imencode(".png", image, png);
  return R"({"image":"data:image/png;base64,)" + base64_encode(png) +
         R"(","prompt":"What colours are in this image?","model":"Vision Chat"})";
}

class FixedAnswer : public engines::VisionEngine {
 public:
  std::string name() const override { return "fixed"; }
  engines::VisionResult answer(const engines::VisionJob&) override {
    return {"A small noisy square."};
  }
};

struct Route {
  explicit Route(paywall::RailSwitches rails = {}) : engines(1, 8) {
    dir = std::filesystem::temp_directory_path() / "l402d-bench-gate";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = store::open_sqlite_store({dir / "bench.db"});
    revocations = std::make_unique<store::RevocationCache>(*store);
    secret = random_array<32>();
    keys = std::make_unique<l402::DerivedRootKeys>(secret, *revocations);
    minter = std::make_unique<l402::Minter>(*keys);
    verifier = std::make_unique<l402::Verifier>(*keys);
    node = std::make_unique<lightning::BuiltinNode>(random_array<32>(), *store);
    media = std::make_unique<store::MediaStore>(dir / "media", std::chrono::hours(1));
    challenger =
        std::make_unique<paywall::Challenger>(*node, *minter, paywall::ChallengeTerms{}, clock);
    authorizer = std::make_unique<paywall::Authorizer>(*verifier, clock);
    reader = std::make_unique<paywall::CredentialReader>(rails, binder, clock);
    offers = std::make_unique<paywall::RailOffers>(
        paywall::RailOffersOptions{rails, "bench", true, 3600}, binder);
    settlement = std::make_unique<paywall::Settlement>(*verifier, *node);
    // The real vision declaration (schema, image decode before the invoice,
    // the costly-parse test) over an engine that answers at once.
    api::ServiceContext context{engines, *media, [] { return std::string("http://bench"); },
                                nullptr};
    auto vision = api::vision_service(std::make_shared<FixedAnswer>(), context, {10, 120},
                                      l402d::engines::vision::InputLimits{});
    api::add_service_routes(router, vision,
                            api::PaywallParts{.challenger = *challenger,
                                              .authorizer = *authorizer,
                                              .reader = *reader,
                                              .offers = *offers,
                                              .settlement = *settlement,
                                              .ledger = *store,
                                              .store_calls = blocking,
                                              .engines = engines,
                                              .verification = verification,
                                              .metrics = nullptr,
                                              .results = &results,
                                              .result_retention_seconds = 86400,
                                              .now = clock,
                                              .public_url = {},
                                              .cors = {},
                                              .open_challenges = &open_challenges});
    handler = [this](http::Exchange& ex) { return router.route(ex); };
  }
  ~Route() {
    blocking.shutdown();
    engines.shutdown();
    verification->shutdown();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  http::Response send(const std::string& body, const std::string& authorization = {}) {
    auto ex = std::make_shared<http::Exchange>();
    ex->request = http::Request{http::Verb::post, "/api/l402/vision", 11};
    ex->request.set(http::Field::content_type, "application/json");
    if (!authorization.empty()) ex->request.set(http::Field::authorization, authorization);
    ex->request.body() = body;
    auto done = asio::co_spawn(io, handler(*ex), asio::use_future);
    io.restart();
    io.run();
    return done.get();
  }

  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::RevocationCache> revocations;
  Hash32 secret{};
  std::unique_ptr<l402::DerivedRootKeys> keys;
  std::unique_ptr<l402::Minter> minter;
  std::unique_ptr<l402::Verifier> verifier;
  std::unique_ptr<lightning::BuiltinNode> node;
  std::function<std::int64_t()> clock = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  std::unique_ptr<paywall::Challenger> challenger;
  std::unique_ptr<paywall::Authorizer> authorizer;
  std::shared_ptr<const mpp::ChallengeBinder> binder =
      std::make_shared<const mpp::ChallengeBinder>(random_array<32>());
  std::unique_ptr<paywall::CredentialReader> reader;
  std::unique_ptr<paywall::RailOffers> offers;
  std::unique_ptr<paywall::Settlement> settlement;
  http::WorkerPool blocking{2, 1000};
  http::WorkerPool engines;
  std::shared_ptr<http::WorkerPool> verification = std::make_shared<http::WorkerPool>(1, 4);
  std::unique_ptr<store::MediaStore> media;
  gateway::ResultCache results{64 << 20};
  // As the server has it: every challenge goes into the registry of open ones.
  gateway::OpenChallenges open_challenges{nullptr};
  http::Router router;
  http::Handler handler;
  asio::io_context io;
};

}  // namespace

// Every operator new in this program is counted, so that the benchmarks can
// report heap allocations per request (C libraries' own malloc calls, e.g.
// OpenSSL's, are not included).
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// GCC sees free() after an inlined operator new and warns of a mismatch; the
// pair above and below is malloc/free on purpose.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

// Runs `send` for every iteration and reports the allocations it made, on average.
template <class Send>
void measure(benchmark::State& state, Send send) {
  const auto before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state)
    send();
  state.counters["allocations"] = benchmark::Counter(
      static_cast<double>(g_allocations.load(std::memory_order_relaxed) - before),
      benchmark::Counter::kAvgIterations);
}

// A 402 with a fresh invoice and macaroon: validation, request hash, one
// signature, minting, the JSON body and headers.
// Argument 1: every rail (L402, MPP, x402) on one invoice; 0: L402 alone.
void BM_ChallengeThroughTheChain(benchmark::State& state) {
  paywall::RailSwitches rails;
  rails.mpp = rails.x402 = state.range(0) == 1;
  state.SetLabel(state.range(0) == 1 ? "all rails" : "L402 alone");
  Route route(rails);
  const auto body = vision_body();
  measure(state, [&] {
    auto res = route.send(body);
    if (res.status() != http::Status::payment_required) state.SkipWithError("not a 402");
    benchmark::DoNotOptimize(res);
  });
}
BENCHMARK(BM_ChallengeThroughTheChain)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A paid replay answered from the result cache.
void BM_CachedReplayThroughTheChain(benchmark::State& state) {
  Route route;
  const auto body = vision_body();
  auto challenge_res = route.send(body);
  auto challenge =
      l402::parse_challenge(std::string(challenge_res.header(http::Field::www_authenticate)));
  auto preimage = route.node->settle(challenge->invoice);
  const auto auth = l402::format_authorization(challenge->macaroon, *preimage);
  if (route.send(body, auth).status() != http::Status::ok) state.SkipWithError("not paid");
  measure(state, [&] {
    auto res = route.send(body, auth);
    if (res.status() != http::Status::ok) state.SkipWithError("not a replay");
    benchmark::DoNotOptimize(res);
  });
}
BENCHMARK(BM_CachedReplayThroughTheChain)->Unit(benchmark::kMicrosecond);

// The pieces, for the breakdown in docs/benchmarks.md.
void BM_VisionValidationAlone(benchmark::State& state) {
  const auto body = vision_body();
  http::Request req{http::Verb::post, "/api/l402/vision", 11};
  req.set(http::Field::content_type, "application/json");
  req.body() = body;
  engines::vision::InputLimits limits;
  for (auto _ : state) {
    auto job = api::parse_vision_request(req, limits);
    benchmark::DoNotOptimize(job);
  }
}
BENCHMARK(BM_VisionValidationAlone)->Unit(benchmark::kMicrosecond);

void BM_RequestHashAlone(benchmark::State& state) {
  const auto body = vision_body();
  for (auto _ : state) {
    auto hash = l402::request_hash("POST", "/api/l402/vision", body);
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_RequestHashAlone)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
