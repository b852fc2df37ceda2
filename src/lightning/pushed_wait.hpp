#pragma once

// Waiting on a backend with a push channel. A waiter enrols with the
// InvoiceWaiters, looks the invoice up, then sleeps until the channel
// notifies or the recheck interval passes, and looks again. A wake-up costs
// no call to the node; a channel that is down costs one lookup per interval
// per waiter. Channels that only say "this hash was paid" (the LNbits and
// Phoenixd websockets) look the invoice up once for all its waiters.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "lightning/backend.hpp"
#include "lightning/invoice_waiters.hpp"
#include "net/websocket_client.hpp"

namespace l402d::lightning {

using InvoiceLookup =
    std::function<boost::asio::awaitable<std::optional<InvoiceStatus>>(Hash32 payment_hash)>;

// How often a waiter asks the node itself, in case the push channel is down.
inline constexpr std::chrono::milliseconds kRecheckInterval{5'000};

// The status once the invoice is settled, expired or cancelled, or as it is
// at `timeout`; nullopt for an unknown invoice. Throws what `lookup` throws.
boost::asio::awaitable<std::optional<InvoiceStatus>> wait_pushed(
    InvoiceWaiters& waiters, InvoiceLookup lookup, Hash32 payment_hash,
    std::chrono::milliseconds timeout, std::chrono::milliseconds recheck = kRecheckInterval);

// For a channel's "this invoice was paid": looks it up (when anyone waits)
// and wakes its waiters with what the node says. A failed lookup is logged,
// not thrown: the channel stays up and the waiters' rechecks catch up.
boost::asio::awaitable<void> wake_waiters(InvoiceWaiters& waiters, InvoiceLookup lookup,
                                          Hash32 payment_hash, std::string_view node);

// Reads for the node's notifications from `paid_hash`'s point of view: which
// payment hash a message says was paid, if any.
using PaidHash = std::function<std::optional<Hash32>(std::string_view message)>;

// One websocket session of a push channel (the LNbits and Phoenixd
// websockets): connects, then wakes the waiters of every hash a message says
// was paid, until the socket fails (then throws, for PushChannel to retry).
boost::asio::awaitable<void> wake_from_websocket(std::string url, net::WebSocketOptions options,
                                                 PaidHash paid_hash, InvoiceWaiters& waiters,
                                                 InvoiceLookup lookup, std::string_view node);

}  // namespace l402d::lightning
