#pragma once

// Other instances' changes, heard through PostgreSQL's LISTEN/NOTIFY, one
// channel per feed: complete_token and fail_token notify on kTokenChannel,
// settle_invoice on kInvoiceChannel, inside their transaction (delivered at
// commit, never for a rolled-back change), with the hex of the token id or
// payment hash. One dedicated connection per feed listens on a thread of its
// own. A lost connection is reopened; whatever was notified meanwhile is
// missed, which the waiters' fallback polls cover (gateway/token_waiters.hpp,
// lightning/builtin_node.cpp).

#include <atomic>
#include <thread>

#include "store/postgres_connection.hpp"
#include "store/store.hpp"

namespace l402d::store {

inline constexpr std::string_view kTokenChannel = "l402d_tokens";
inline constexpr std::string_view kInvoiceChannel = "l402d_invoices";

class PostgresChangeFeed final : public TokenChangeFeed {
 public:
  // Connects and listens before returning, so that every change committed
  // after this constructor is heard. Throws PgError when it cannot connect.
  PostgresChangeFeed(PgConnectParams params, std::string_view channel,
                     std::function<void(const Hash32&)> heard);
  ~PostgresChangeFeed() override;

 private:
  void listen(PostgresConnection& connection);
  void run();
  void deliver(const std::vector<std::string>& payloads) const;

  PgConnectParams params_;
  std::string channel_;
  std::function<void(const Hash32&)> heard_;
  std::unique_ptr<PostgresConnection> connection_;
  int stop_fd_ = -1;  // an eventfd that ends the thread's wait
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace l402d::store
