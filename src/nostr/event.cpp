#include "nostr/event.hpp"

#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <boost/json/serialize.hpp>
#include <limits>
#include <stdexcept>

#include "nostr/json_read.hpp"
#include "nostr/secp_context.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::nostr {

namespace json = boost::json;
using detail::field;
using detail::lower_hex_exact;
using detail::secp_context;

const std::string* Event::tag_value(std::string_view name) const {
  for (const Tag& tag : tags) {
    if (tag.size() >= 2 && tag[0] == name) return &tag[1];
  }
  return nullptr;
}

Event sign(UnsignedEvent draft, const SecretKey& key) {
  Event event{
      .id = compute_event_id(key.public_key(), draft.created_at, draft.kind, draft.tags,
                             draft.content),
      .pubkey = key.public_key(),
      .created_at = draft.created_at,
      .kind = draft.kind,
      .tags = std::move(draft.tags),
      .content = std::move(draft.content),
  };
  secp256k1_keypair keypair;
  auto aux = random_array<32>();
  const bool ok = secp256k1_keypair_create(secp_context(), &keypair, key.bytes().data()) == 1 &&
                  secp256k1_schnorrsig_sign32(secp_context(), event.sig.data(), event.id.data(),
                                              &keypair, aux.data()) == 1;
  secure_wipe({reinterpret_cast<std::uint8_t*>(&keypair), sizeof keypair});
  secure_wipe(aux);
  if (!ok) throw std::logic_error("nostr: signing failed with a validated key");
  return event;
}

Expected<void, Error> verify(const Event& event) {
  const EventId id =
      compute_event_id(event.pubkey, event.created_at, event.kind, event.tags, event.content);
  if (id != event.id) {
    return unexpected(
        Error{ErrorCode::event_id_mismatch,
              "event id is not the hash of its contents (expected " + to_hex(id) + ")"});
  }
  secp256k1_xonly_pubkey pubkey;
  if (secp256k1_xonly_pubkey_parse(secp_context(), &pubkey, event.pubkey.bytes().data()) != 1 ||
      secp256k1_schnorrsig_verify(secp_context(), event.sig.data(), event.id.data(),
                                  event.id.size(), &pubkey) != 1) {
    return unexpected(Error{ErrorCode::bad_signature,
                            "signature of event " + to_hex(event.id) + " does not verify"});
  }
  return {};
}

json::value to_json(const Event& event) {
  json::array tags;
  tags.reserve(event.tags.size());
  for (const Tag& tag : event.tags) {
    json::array t;
    t.reserve(tag.size());
    for (const std::string& s : tag)
      t.emplace_back(json::string_view(s.data(), s.size()));
    tags.emplace_back(std::move(t));
  }
  return json::object{
      {"id", to_hex(event.id)},
      {"pubkey", event.pubkey.hex()},
      {"created_at", event.created_at},
      {"kind", event.kind},
      {"tags", std::move(tags)},
      {"content", json::string_view(event.content.data(), event.content.size())},
      {"sig", to_hex(event.sig)},
  };
}

std::string to_json_text(const Event& event) {
  return json::serialize(to_json(event));
}

namespace {

Unexpected<Error> malformed(std::string message) {
  return unexpected(Error{ErrorCode::malformed_event, "event: " + std::move(message)});
}

Expected<Tags, Error> read_tags(const json::value* value) {
  if (value == nullptr || !value->is_array()) return malformed("\"tags\" is not an array");
  Tags tags;
  tags.reserve(value->get_array().size());
  for (const json::value& t : value->get_array()) {
    if (!t.is_array()) return malformed("a tag is not an array");
    Tag tag;
    tag.reserve(t.get_array().size());
    for (const json::value& s : t.get_array()) {
      if (!s.is_string()) return malformed("a tag holds something other than strings");
      tag.emplace_back(s.get_string());
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

}  // namespace

Expected<Event, Error> event_from_json(const json::value& value) {
  if (!value.is_object()) return malformed("not a JSON object");
  const json::object& o = value.get_object();

  const json::value* id = field(o, "id");
  EventId event_id{};
  if (id == nullptr || !id->is_string() || !lower_hex_exact(id->get_string(), event_id)) {
    return malformed("\"id\" is not 64 lowercase hex digits");
  }
  const json::value* pubkey = field(o, "pubkey");
  std::array<std::uint8_t, 32> x{};
  if (pubkey == nullptr || !pubkey->is_string() || !lower_hex_exact(pubkey->get_string(), x)) {
    return malformed("\"pubkey\" is not 64 lowercase hex digits");
  }
  auto key = PublicKey::from_bytes(x);
  if (!key) return malformed("\"pubkey\" is not a point on secp256k1");

  const json::value* created_at = field(o, "created_at");
  const auto created = created_at != nullptr ? detail::as_u64(*created_at) : std::nullopt;
  if (!created || *created > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return malformed("\"created_at\" is not a non-negative integer");
  }
  const json::value* kind = field(o, "kind");
  const auto k = kind != nullptr ? detail::as_u64(*kind) : std::nullopt;
  if (!k || *k > 65535) return malformed("\"kind\" is not an integer from 0 to 65535");

  auto tags = read_tags(field(o, "tags"));
  if (!tags) return unexpected(tags.error());

  const json::value* content = field(o, "content");
  if (content == nullptr || !content->is_string()) return malformed("\"content\" is not a string");

  const json::value* sig = field(o, "sig");
  Signature signature{};
  if (sig == nullptr || !sig->is_string() || !lower_hex_exact(sig->get_string(), signature)) {
    return malformed("\"sig\" is not 128 lowercase hex digits");
  }
  return Event{
      .id = event_id,
      .pubkey = *key,
      .created_at = static_cast<std::int64_t>(*created),
      .kind = static_cast<std::uint16_t>(*k),
      .tags = std::move(*tags),
      .content = std::string(content->get_string()),
      .sig = signature,
  };
}

Expected<Event, Error> parse_event(std::string_view text) {
  auto value = detail::parse_json(text);
  if (!value) return unexpected(value.error());
  return event_from_json(*value);
}

}  // namespace l402d::nostr
