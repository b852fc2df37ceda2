#include "lightning/observed_backend.hpp"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

using namespace std::chrono_literals;

// A node that answers after a pause, or fails as told.
class SlowNode final : public Backend {
 public:
  std::string name() const override { return "slow"; }
  bool simulates_payments() const override { return true; }
  boost::asio::awaitable<NodeInfo> async_node_info() override {
    co_await pause();
    co_return NodeInfo{"alias", "", std::nullopt, "1"};
  }
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(CreateInvoiceRequest r) override {
    co_await pause();
    if (r.amount_msat == 0) throw BackendError(BackendErrorCode::rejected, "no amount");
    co_return CreatedInvoice{"lnbcrt1", Hash32{}, 7};
  }
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(Hash32) override {
    throw BackendError(BackendErrorCode::unavailable, "down");
    co_return std::nullopt;
  }
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32, std::chrono::milliseconds) override {
    ++waits;
    co_await pause();
    co_return InvoiceStatus{};
  }
  int waits = 0;

 private:
  static boost::asio::awaitable<void> pause() {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, 30ms);
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
};

struct Seen {
  std::string call;
  std::string outcome;
  double seconds;
};

class ObservedBackendTest : public ::testing::Test {
 protected:
  SlowNode node;
  std::vector<Seen> seen;
  ObservedBackend observed{
      node, [this](std::string_view call, std::string_view outcome,
                   std::chrono::duration<double> elapsed) {
        seen.push_back({std::string(call), std::string(outcome), elapsed.count()});
      }};
};

TEST_F(ObservedBackendTest, EachCallIsTimedAcrossTheNodesPauseAndForwarded) {
  EXPECT_EQ(run_blocking(observed.async_node_info()).alias, "alias");
  EXPECT_EQ(run_blocking(observed.async_create_invoice({1000, "d", 60})).bolt11, "lnbcrt1");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].call, "node_info");
  EXPECT_EQ(seen[1].call, "create_invoice");
  for (const auto& s : seen) {
    EXPECT_EQ(s.outcome, "ok");
    EXPECT_GE(s.seconds, 0.029) << s.call;
  }
}

TEST_F(ObservedBackendTest, AFailedCallIsObservedWithItsCodeAndStillThrown) {
  EXPECT_THROW(run_blocking(observed.async_create_invoice({0, "d", 60})), BackendError);
  EXPECT_THROW(run_blocking(observed.async_lookup_invoice(Hash32{})), BackendError);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].outcome, "rejected");
  EXPECT_EQ(seen[1].call, "lookup_invoice");
  EXPECT_EQ(seen[1].outcome, "unavailable");
}

TEST_F(ObservedBackendTest, WaitsForPaymentAreForwardedUntimed) {
  run_blocking(observed.async_wait_invoice(Hash32{}, 1s));
  EXPECT_EQ(node.waits, 1);
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(observed.name(), "slow");
  EXPECT_TRUE(observed.simulates_payments());
}

}  // namespace
}  // namespace l402d::lightning
