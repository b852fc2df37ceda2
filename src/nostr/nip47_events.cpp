#include "nostr/nip47_events.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "nostr/json_read.hpp"
#include "nostr/nip04.hpp"
#include "nostr/nip44.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::nostr::nip47 {

namespace json = boost::json;

namespace {

Unexpected<Error> wrong_event(std::string_view what, std::string problem) {
  return unexpected(
      Error{ErrorCode::unexpected_event, "nip47 " + std::string(what) + ": " + std::move(problem)});
}

void wipe(std::string& s) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(s.data()), s.size()});
}

std::string seal(const json::value& payload, Encryption encryption, const SecretKey& from,
                 const PublicKey& to) {
  std::string plaintext = json::serialize(payload);
  std::string sealed = encryption == Encryption::nip44_v2
                           // A JSON object is never empty, so NIP-44 cannot refuse it.
                           ? nip44::encrypt(plaintext, nip44::conversation_key(from, to)).value()
                           : nip04::encrypt(plaintext, from, to);
  wipe(plaintext);
  return sealed;
}

Expected<json::value, Error> unseal(std::string_view content, Encryption encryption,
                                    const SecretKey& self, const PublicKey& peer) {
  auto plaintext = encryption == Encryption::nip44_v2
                       ? nip44::decrypt(content, nip44::conversation_key(self, peer))
                       : nip04::decrypt(content, self, peer);
  if (!plaintext) return unexpected(plaintext.error());
  auto value = detail::parse_json(*plaintext);
  wipe(*plaintext);
  if (!value) {
    return unexpected(
        Error{ErrorCode::malformed_message, "nip47: the decrypted content is not JSON"});
  }
  return value;
}

// A `p` tag, when present, must name `self`: an event addressed to someone else
// is not ours to act on even if we can decrypt it.
bool addressed_to(const Event& event, const PublicKey& self) {
  const std::string* p = event.tag_value("p");
  return p == nullptr || *p == self.hex();
}

bool has_tag(const Event& event, std::string_view name, std::string_view value) {
  for (const Tag& tag : event.tags) {
    if (tag.size() >= 2 && tag[0] == name && tag[1] == value) return true;
  }
  return false;
}

}  // namespace

SentRequest build_request(const Request& request, const SecretKey& client, const PublicKey& wallet,
                          Encryption encryption, std::int64_t created_at,
                          std::optional<std::int64_t> expiration) {
  Tags tags{{"p", wallet.hex()}, {"encryption", std::string(to_string(encryption))}};
  if (expiration) tags.push_back({"expiration", std::to_string(*expiration)});
  Event event = sign(UnsignedEvent{created_at, kRequestKind, std::move(tags),
                                   seal(to_json(request), encryption, client, wallet)},
                     client);
  return SentRequest{std::move(event), method_of(request), encryption};
}

Expected<Response, Error> open_response(const Event& event, const SentRequest& request,
                                        const SecretKey& client, const PublicKey& wallet) {
  constexpr std::string_view what = "response";
  if (event.kind != kResponseKind) {
    return wrong_event(what, "kind " + std::to_string(event.kind) + ", not 23195");
  }
  if (event.pubkey != wallet) return wrong_event(what, "written by another key than the wallet's");
  if (!has_tag(event, "e", to_hex(request.event.id))) {
    return wrong_event(what, "no e tag naming request " + to_hex(request.event.id));
  }
  if (!addressed_to(event, client.public_key())) {
    return wrong_event(what, "its p tag names another client");
  }
  if (auto ok = verify(event); !ok) return unexpected(ok.error());
  auto payload = unseal(event.content, request.encryption, client, wallet);
  if (!payload) return unexpected(payload.error());
  return parse_response(*payload, request.method);
}

Expected<Notification, Error> open_notification(const Event& event, const SecretKey& client,
                                                const PublicKey& wallet) {
  constexpr std::string_view what = "notification";
  Encryption encryption;
  if (event.kind == kNotificationKind) {
    encryption = Encryption::nip44_v2;
  } else if (event.kind == kLegacyNotificationKind) {
    encryption = Encryption::nip04;
  } else {
    return wrong_event(what, "kind " + std::to_string(event.kind) + ", not 23197 or 23196");
  }
  if (event.pubkey != wallet) return wrong_event(what, "written by another key than the wallet's");
  if (!addressed_to(event, client.public_key())) {
    return wrong_event(what, "its p tag names another client");
  }
  if (auto ok = verify(event); !ok) return unexpected(ok.error());
  auto payload = unseal(event.content, encryption, client, wallet);
  if (!payload) return unexpected(payload.error());
  return parse_notification(*payload);
}

Filter response_filter(const SentRequest& request, const PublicKey& wallet) {
  Filter f;
  f.kinds = {kResponseKind};
  f.authors = {wallet};
  f.tags['e'] = {to_hex(request.event.id)};
  return f;
}

Filter notification_filter(const PublicKey& client, const PublicKey& wallet, Encryption encryption,
                           std::optional<std::int64_t> since) {
  Filter f;
  f.kinds = {encryption == Encryption::nip44_v2 ? kNotificationKind : kLegacyNotificationKind};
  f.authors = {wallet};
  f.tags['p'] = {client.hex()};
  f.since = since;
  return f;
}

Expected<ReceivedRequest, Error> open_request(const Event& event, const SecretKey& wallet,
                                              std::int64_t now) {
  constexpr std::string_view what = "request";
  if (event.kind != kRequestKind) {
    return wrong_event(what, "kind " + std::to_string(event.kind) + ", not 23194");
  }
  const std::string* p = event.tag_value("p");
  if (p == nullptr || *p != wallet.public_key().hex()) {
    return wrong_event(what, "its p tag does not name this wallet");
  }
  if (auto ok = verify(event); !ok) return unexpected(ok.error());

  if (const std::string* expiration = event.tag_value("expiration")) {
    std::int64_t at = 0;
    const auto [end, ec] =
        std::from_chars(expiration->data(), expiration->data() + expiration->size(), at);
    if (ec != std::errc() || end != expiration->data() + expiration->size()) {
      return unexpected(
          Error{ErrorCode::malformed_message, "nip47 request: expiration tag is not a unix time"});
    }
    if (now > at) return unexpected(Error{ErrorCode::expired, "nip47 request: expired"});
  }
  Encryption encryption = Encryption::nip04;  // 47.md: no tag means NIP-04
  if (const std::string* scheme = event.tag_value("encryption")) {
    const auto parsed = encryption_from_string(*scheme);
    if (!parsed) {
      return unexpected(Error{ErrorCode::unsupported_encryption,
                              "nip47 request: encryption scheme not supported"});
    }
    encryption = *parsed;
  }
  auto payload = unseal(event.content, encryption, wallet, event.pubkey);
  if (!payload) return unexpected(payload.error());
  auto request = parse_request(*payload);
  if (!request) return unexpected(request.error());
  return ReceivedRequest{*std::move(request), event.pubkey, event.id, encryption};
}

Event build_response(const Response& response, const ReceivedRequest& request,
                     const SecretKey& wallet, std::int64_t created_at) {
  Tags tags{{"p", request.client.hex()}, {"e", to_hex(request.id)}};
  return sign(UnsignedEvent{created_at, kResponseKind, std::move(tags),
                            seal(to_json(response), request.encryption, wallet, request.client)},
              wallet);
}

Event build_notification(const Notification& notification, const SecretKey& wallet,
                         const PublicKey& client, Encryption encryption, std::int64_t created_at) {
  const std::uint16_t kind =
      encryption == Encryption::nip44_v2 ? kNotificationKind : kLegacyNotificationKind;
  return sign(UnsignedEvent{created_at,
                            kind,
                            {{"p", client.hex()}},
                            seal(to_json(notification), encryption, wallet, client)},
              wallet);
}

}  // namespace l402d::nostr::nip47
