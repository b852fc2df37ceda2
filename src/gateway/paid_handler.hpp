#pragma once

// What sits behind the paywall: work that reports a typed outcome. The gate
// turns it into the buyer's answer and records it with the token.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "http/message.hpp"
#include "paywall/work_outcome.hpp"

namespace l402d::gateway {

using PaidHandler = std::function<boost::asio::awaitable<paywall::WorkOutcome>(http::Exchange&)>;

}  // namespace l402d::gateway
