#pragma once

// NIP-47 payloads in their signed, encrypted events: requests (kind 23194),
// responses (23195) and notifications (23197 NIP-44, 23196 NIP-04). Pure
// functions: the caller brings the time and carries the events to relays.
// The client side is what l402d runs; the wallet side serves tests and fakes.

#include <cstdint>
#include <optional>

#include "nostr/error.hpp"
#include "nostr/event.hpp"
#include "nostr/filter.hpp"
#include "nostr/keys.hpp"
#include "nostr/nip47.hpp"
#include "nostr/nip47_info.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::nip47 {

inline constexpr std::uint16_t kRequestKind = 23194;
inline constexpr std::uint16_t kResponseKind = 23195;
inline constexpr std::uint16_t kNotificationKind = 23197;        // NIP-44
inline constexpr std::uint16_t kLegacyNotificationKind = 23196;  // NIP-04

// ---- client ----

// A request as sent: what opening its response needs.
struct SentRequest {
  Event event;
  Method method;
  Encryption encryption;
};

// Kind 23194 from `client` to `wallet`: tags ["p", wallet], ["encryption",
// scheme] and, when given, ["expiration", unix seconds]; content the request
// JSON encrypted with `encryption`.
SentRequest build_request(const Request& request, const SecretKey& client, const PublicKey& wallet,
                          Encryption encryption, std::int64_t created_at,
                          std::optional<std::int64_t> expiration = std::nullopt);

// Checks that `event` is the wallet's answer to `request`: kind 23195, written
// by `wallet`, an `e` tag naming the request, a `p` tag (if any) naming the
// client, a valid id and signature; then decrypts with the request's scheme
// and parses the answer to its method.
Expected<Response, Error> open_response(const Event& event, const SentRequest& request,
                                        const SecretKey& client, const PublicKey& wallet);

// Kind 23197 (NIP-44) or 23196 (NIP-04) from `wallet`, addressed to `client`.
Expected<Notification, Error> open_notification(const Event& event, const SecretKey& client,
                                                const PublicKey& wallet);

// What to subscribe to: the response to one request, and notifications.
Filter response_filter(const SentRequest& request, const PublicKey& wallet);
// Notifications come as 23197 or, for NIP-04, 23196 (a wallet offering both
// sends each twice): subscribe to the kind of the scheme the client chose.
Filter notification_filter(const PublicKey& client, const PublicKey& wallet, Encryption encryption,
                           std::optional<std::int64_t> since = std::nullopt);

// ---- wallet service ----

struct ReceivedRequest {
  Request request;
  PublicKey client;
  EventId id{};
  Encryption encryption;
};

// Checks kind 23194, a `p` tag naming the wallet, the id and signature, the
// `expiration` (expired when `now` is past it) and the `encryption` tag (none
// means NIP-04; an unknown scheme is unsupported_encryption); then decrypts
// and parses the request.
Expected<ReceivedRequest, Error> open_request(const Event& event, const SecretKey& wallet,
                                              std::int64_t now);

// Kind 23195 answering `request`: tags ["p", client], ["e", request id].
Event build_response(const Response& response, const ReceivedRequest& request,
                     const SecretKey& wallet, std::int64_t created_at);

// Kind 23197 (NIP-44) or 23196 (NIP-04) to `client`.
Event build_notification(const Notification& notification, const SecretKey& wallet,
                         const PublicKey& client, Encryption encryption, std::int64_t created_at);

}  // namespace l402d::nostr::nip47
