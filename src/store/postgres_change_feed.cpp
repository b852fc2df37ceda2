#include "store/postgres_change_feed.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util/hex.hpp"

namespace l402d::store {

namespace {

constexpr int kReconnectPauseMs = 1000;

}  // namespace

PostgresChangeFeed::PostgresChangeFeed(PgConnectParams params, std::string_view channel,
                                       std::function<void(const Hash32&)> heard)
    : params_(std::move(params)), channel_(channel), heard_(std::move(heard)) {
  connection_ = std::make_unique<PostgresConnection>(params_);
  listen(*connection_);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

PostgresChangeFeed::~PostgresChangeFeed() {
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(stop_fd_, &one, sizeof one);
  thread_.join();
  ::close(stop_fd_);
}

void PostgresChangeFeed::listen(PostgresConnection& connection) {
  connection.exec("LISTEN " + channel_);
}

// Waits on the connection's socket and the stop eventfd; on a broken
// connection, pauses and reconnects until it works again or the feed stops.
void PostgresChangeFeed::run() {
  std::vector<std::string> payloads;
  while (!stopping_) {
    if (!connection_) {
      pollfd stop{stop_fd_, POLLIN, 0};
      if (::poll(&stop, 1, kReconnectPauseMs) > 0) break;
      try {
        auto fresh = std::make_unique<PostgresConnection>(params_);
        listen(*fresh);
        connection_ = std::move(fresh);
        spdlog::info("store: listening on {} for other instances' changes again", channel_);
      } catch (const StoreError&) {
        continue;
      }
    }
    pollfd fds[2] = {{connection_->socket(), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) break;
    payloads.clear();
    const bool alive = connection_->take_notifications(payloads);
    deliver(payloads);
    if (!alive) {
      spdlog::warn("store: lost the connection that listens on {}", channel_);
      connection_.reset();
    }
  }
}

// A listener that fails (the builtin node reading a settled invoice while
// the database goes down) must not end the process from this thread: the
// waiters' own recheck finds what it missed.
void PostgresChangeFeed::deliver(const std::vector<std::string>& payloads) const {
  for (const auto& payload : payloads) {
    const auto id = from_hex_array<32>(payload);
    if (!id) continue;
    try {
      heard_(*id);
    } catch (const std::exception& e) {
      spdlog::warn("store: a change heard on {} could not be handed on: {}", channel_, e.what());
    }
  }
}

}  // namespace l402d::store
