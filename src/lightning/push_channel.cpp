#include "lightning/push_channel.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace l402d::lightning {

namespace asio = boost::asio;
using std::chrono::seconds;

PushChannel::PushChannel(std::string what, Session session)
    : what_(std::move(what)),
      session_(std::move(session)),
      io_(std::make_unique<asio::io_context>(1)) {
  asio::co_spawn(*io_, run(), asio::detached);
  thread_ = std::thread([this] { io_->run(); });
}

PushChannel::~PushChannel() {
  io_->stop();
  thread_.join();
  io_.reset();  // the session's frame and sockets go before what they use
}

asio::awaitable<void> PushChannel::run() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto backoff = seconds(1);
  for (;;) {
    const auto started = std::chrono::steady_clock::now();
    std::string why = "it ended";
    try {
      co_await session_();
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (std::chrono::steady_clock::now() - started > std::chrono::minutes(1)) backoff = seconds(1);
    spdlog::warn("{} stopped ({}); again in {} s", what_, why, backoff.count());
    timer.expires_after(backoff);
    co_await timer.async_wait(asio::use_awaitable);
    backoff = std::min(backoff * 2, seconds(30));
  }
}

}  // namespace l402d::lightning
