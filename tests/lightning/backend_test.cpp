#include "lightning/backend.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <type_traits>

#include "store/invoice_store.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

using std::chrono::milliseconds;

// A remote node whose invoice goes through a scripted sequence of states, one
// per lookup (the last one repeats); nullopt is "unknown to the node".
class ScriptedBackend final : public Backend {
 public:
  explicit ScriptedBackend(std::deque<std::optional<InvoiceState>> script)
      : script_(std::move(script)) {}

  std::string name() const override { return "scripted"; }
  bool simulates_payments() const override { return false; }
  boost::asio::awaitable<NodeInfo> async_node_info() override { co_return NodeInfo{}; }
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(CreateInvoiceRequest) override {
    throw BackendError(BackendErrorCode::unavailable, "connection refused");
    co_return CreatedInvoice{};
  }
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(Hash32) override {
    co_return next();
  }

  // Blocking, for the tests: true once settled.
  bool wait_for_settlement(milliseconds timeout) {
    auto status = run_blocking(async_wait_invoice(Hash32{}, timeout));
    return status && status->state == InvoiceState::settled;
  }

  std::atomic<int> lookups{0};

 private:
  std::optional<InvoiceStatus> next() {
    std::lock_guard lock(mutex_);
    ++lookups;
    auto state = script_.front();
    if (script_.size() > 1) script_.pop_front();
    if (!state) return std::nullopt;
    return InvoiceStatus{*state, 1000, std::nullopt, std::nullopt};
  }

  std::mutex mutex_;
  std::deque<std::optional<InvoiceState>> script_;
};

TEST(Backend, DefaultWaitPollsUntilSettled) {
  ScriptedBackend b({InvoiceState::open, InvoiceState::open, InvoiceState::settled});
  EXPECT_TRUE(b.wait_for_settlement(std::chrono::seconds(10)));
  EXPECT_EQ(b.lookups.load(), 3);
}

TEST(Backend, DefaultWaitStopsWhenTheInvoiceCannotBePaid) {
  for (auto final_state : {InvoiceState::expired, InvoiceState::cancelled}) {
    ScriptedBackend b({InvoiceState::open, final_state});
    auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(b.wait_for_settlement(std::chrono::seconds(30)));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  }
}

TEST(Backend, DefaultWaitTimesOutOnAnOpenInvoice) {
  ScriptedBackend b({InvoiceState::open});
  auto started = std::chrono::steady_clock::now();
  auto status = run_blocking(b.async_wait_invoice(Hash32{}, milliseconds(300)));
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::open);
  EXPECT_GE(took, milliseconds(300));
  EXPECT_LT(took, milliseconds(3000));
  EXPECT_FALSE(b.wait_for_settlement(milliseconds(0)));
}

TEST(Backend, DefaultWaitAnswersAtOnceForAnUnknownInvoice) {
  ScriptedBackend b({std::nullopt});
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(run_blocking(b.async_wait_invoice(Hash32{}, std::chrono::seconds(30))));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(b.lookups.load(), 1);
}

TEST(Backend, ErrorsCarryStableCodes) {
  ScriptedBackend b({std::nullopt});
  try {
    run_blocking(b.async_create_invoice({1000, "x", 60}));
    FAIL() << "no exception";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
    EXPECT_STREQ(e.what(), "connection refused");
  }
  EXPECT_EQ(to_string(BackendErrorCode::unavailable), "unavailable");
  EXPECT_EQ(to_string(BackendErrorCode::rejected), "rejected");
  EXPECT_EQ(to_string(BackendErrorCode::timeout), "timeout");
  EXPECT_EQ(to_string(InvoiceState::settled), "settled");
  EXPECT_EQ(to_string(InvoiceState::cancelled), "cancelled");
}

// What a node behind a broken proxy sent (lnsim's /control/fault garbage):
// each error must stay one log line of text.
TEST(Backend, ErrorMessagesAreOneLineOfText) {
  const BackendError e(BackendErrorCode::unavailable,
                       "CLN: HTTP 200: {\"r_hash\": \"x\xff\xfe\x01\nforged line\r\t\x7f");
  EXPECT_STREQ(e.what(), "CLN: HTTP 200: {\"r_hash\": \"x??  forged line   ");
  // Well-formed UTF-8 is the node's words and stays.
  EXPECT_EQ(log_line_text("fee \u20ac 1 \xf0\x9f\x98\x80 d\xc3\xa9j\xc3\xa0"),
            "fee \u20ac 1 \xf0\x9f\x98\x80 d\xc3\xa9j\xc3\xa0");
  // Overlong forms, surrogates, beyond U+10FFFF, cut-off and stray continuations.
  EXPECT_EQ(log_line_text("\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82|\x80"),
            "??|???|????|??|?");
}

TEST(Backend, InvoiceStateIsTheStoresOwn) {
  // One enum: what the store records is what a backend reports, unmapped.
  static_assert(std::is_same_v<InvoiceState, store::InvoiceState>);
  store::InvoiceRecord record;
  record.state = store::InvoiceState::expired;
  InvoiceStatus status{record.state, 0, std::nullopt, std::nullopt};
  EXPECT_EQ(status.state, InvoiceState::expired);
}

TEST(Backend, HasNoDevPaymentsUnlessItSimulatesThem) {
  ScriptedBackend b({std::nullopt});
  EXPECT_EQ(b.dev_payments(), nullptr);
}

}  // namespace
}  // namespace l402d::lightning
