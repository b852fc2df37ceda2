#pragma once

// MCP sessions: one per `initialize`, named by the Mcp-Session-Id header the
// client then repeats. A session remembers what was negotiated (the
// revision, whether the client pays in-band with MPP), so later requests are
// answered in the same terms. Kept in this process's memory: a session is
// cheap to start again, and a client told 404 starts a new one (see
// docs/mcp.md for instances behind a load balancer).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace l402d::mcp {

struct Session {
  std::string revision;
  // The client advertised capabilities.experimental.payment (the MPP
  // draft's in-band payments): unpaid calls get JSON-RPC error -32042.
  bool mpp_payments = false;
};

class Sessions {
 public:
  using Clock = std::chrono::steady_clock;

  // Sessions idle longer than `idle` are forgotten; beyond `capacity` the
  // least recently used one goes, so clients cannot grow memory unbounded.
  Sessions(std::chrono::seconds idle, std::size_t capacity) : idle_(idle), capacity_(capacity) {}

  // A new session; its id is 128 random bits in hex.
  std::string open(Session session);
  // The session, touched; nullopt when unknown, ended or expired.
  std::optional<Session> find(const std::string& id);
  // False when there was no such session.
  bool end(const std::string& id);
  std::size_t size() const;

 private:
  struct Entry {
    Session session;
    Clock::time_point used;
  };
  void drop_idle(Clock::time_point now);
  void drop_oldest();

  std::chrono::seconds idle_;
  std::size_t capacity_;
  mutable std::mutex mutex_;  // requests of one session may arrive on several I/O threads
  std::unordered_map<std::string, Entry> sessions_;
};

}  // namespace l402d::mcp
