#pragma once

// Other instances' token changes, heard through PostgreSQL's LISTEN/NOTIFY:
// complete_token and fail_token notify on kTokenChannel inside their
// transaction (delivered at commit, never for a rolled-back change), and one
// dedicated connection per instance listens on a thread of its own. A lost
// connection is reopened; whatever was notified meanwhile is missed, which
// the waiters' fallback poll covers (gateway/token_waiters.hpp).

#include <atomic>
#include <thread>

#include "store/postgres_connection.hpp"
#include "store/store.hpp"

namespace l402d::store {

inline constexpr std::string_view kTokenChannel = "l402d_tokens";

class PostgresTokenFeed final : public TokenChangeFeed {
 public:
  // Connects and listens before returning, so that every change committed
  // after this constructor is heard. Throws PgError when it cannot connect.
  PostgresTokenFeed(PgConnectParams params, TokenChanged heard);
  ~PostgresTokenFeed() override;

 private:
  void listen(PostgresConnection& connection);
  void run();
  void deliver(const std::vector<std::string>& payloads) const;

  PgConnectParams params_;
  TokenChanged heard_;
  std::unique_ptr<PostgresConnection> connection_;
  int stop_fd_ = -1;  // an eventfd that ends the thread's wait
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace l402d::store
