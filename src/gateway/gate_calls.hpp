#pragma once

// Small helpers the gate's files share.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <type_traits>

#include "http/worker_pool.hpp"
#include "util/bytes.hpp"
#include "util/hex.hpp"

namespace l402d::gateway {

// What the access log shows of a token: enough to find it, not to use it.
inline std::string token_note(const Hash32& token_id) {
  return "token=" + to_hex(ByteView(token_id).first(4));
}

// Runs f inline when it cannot block, else on `pool`.
template <class F>
boost::asio::awaitable<std::invoke_result_t<F>> run_on(http::WorkerPool& pool, bool blocks, F f) {
  if (!blocks) co_return f();
  co_return co_await pool.run(std::move(f));
}

}  // namespace l402d::gateway
