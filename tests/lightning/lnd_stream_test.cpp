// The LND backend's invoice subscription against the LND stand-in (lnsim)
// under a flood: the stream carries every invoice the node makes, and a
// settlement behind thousands of them must still wake its waiter promptly,
// long before the waiter's own recheck would find it.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>

#include "lightning/lnd_backend.hpp"
#include "lightning/pushed_wait.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class LndStreamTest : public lnsim::testing::LnsimTest {
 protected:
  LndConfig config() const {
    LndConfig c;
    c.host = url("lnd", "");
    c.macaroon_path = file("lnd", "invoice_macaroon");
    c.tls_cert_path = file("lnd", "tls_cert");
    return c;
  }

  // `count` invoices, `in_flight` at a time, on one event loop.
  static void flood(LndBackend& lnd, int count, int in_flight) {
    asio::io_context io;
    int started = 0;
    int failed = 0;
    std::function<void()> next = [&] {
      if (started == count) return;
      ++started;
      asio::co_spawn(io, lnd.async_create_invoice({1'000, "flood", 600}),
                     [&](std::exception_ptr e, const CreatedInvoice&) {
                       if (e) ++failed;
                       next();
                     });
    };
    for (int i = 0; i < in_flight; ++i)
      next();
    io.run();
    ASSERT_EQ(failed, 0);
  }
};

TEST_F(LndStreamTest, ASettlementBehindAFloodOfInvoicesWakesItsWaiterAtOnce) {
  LndBackend lnd(config(), bolt11::Network::regtest);
  const auto target = run_blocking(lnd.async_create_invoice({21'000, "the one", 600}));
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(lnd.async_wait_invoice(target.payment_hash, 30s));
  });
  std::this_thread::sleep_for(200ms);  // enrolled, first lookup done
  flood(lnd, 3000, 32);
  const auto paid_at = std::chrono::steady_clock::now();
  ASSERT_EQ(control("POST", "/control/pay", R"({"bolt11":")" + target.bolt11 + R"("})").status,
            200);
  ASSERT_EQ(waiting.wait_for(4s), std::future_status::ready)
      << "the settlement waited behind the flood";
  EXPECT_LT(std::chrono::steady_clock::now() - paid_at, kRecheckInterval / 2);
  auto status = waiting.get();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
}

}  // namespace
}  // namespace l402d::lightning
