#pragma once

// Events signed by other implementations and published, byte for byte as their
// sources print them (JSON escapes included).

#include <string_view>

namespace l402d::nostr::test {

// The "Example NIP-47 info event" in the appendix of nostr-protocol/nips 47.md
// (at db5fe3de). Its content and tags were edited after it was signed: no
// subset of its capabilities with any of its tags hashes to its id. It serves
// as the spec's shape of an info event and as an event that must not verify.
inline constexpr std::string_view kNip47InfoEvent = R"({
  "id": "df467db0a9f9ec77ffe6f561811714ccaa2e26051c20f58f33c3d66d6c2b4d1c",
  "pubkey": "c04ccd5c82fc1ea3499b9c6a5c0a7ab627fbe00a0116110d4c750faeaecba1e2",
  "created_at": 1713883677,
  "kind": 13194,
  "tags": [
    [ "encryption", "nip44_v2 nip04" ],
    [
      "notifications",
      "payment_received payment_sent"
    ]
  ],
  "content": "pay_invoice pay_keysend get_balance get_info make_invoice lookup_invoice list_transactions multi_pay_invoice multi_pay_keysend sign_message notifications",
  "sig": "31f57b369459b5306a5353aa9e03be7fbde169bc881c3233625605dd12f53548179def16b9fe1137e6465d7e4d5bb27ce81fd6e75908c46b06269f4233c845d8"
})";

// Relay messages carrying fiatjaf's events, from nbd-wtf/nostr-tools
// fakejson.test.ts (there inside JS template literals, where \" reads as ";
// here the JSON escape the relay sent). The metadata event is kind 0 as
// fiatjaf signed it; the nostr-tools test changed it to 12720 for its own
// kind-matching test, which the id shows (kind 0 hashes to it, 12720 does not).
inline constexpr std::string_view kFiatjafNoteMessage =
    R"(["EVENT","nostril-query",{"tags":[],"content":"so did we cut all corners and p2p stuff in order to make a decentralized social network that was fast and worked, but in the end what we got was a lot of very slow clients that can't handle the traffic of one jack dorsey tweet?","sig":"ca62629d189edebb8f0811cfa0ac53015013df5f305dcba3f411ba15cfc4074d8c2d517ee7d9e81c9eb72a7328bfbe31c9122156397565ac55e740404e2b1fe7","id":"fef2a50f7d9d3d5a5f38ee761bc087ec16198d3f0140df6d1e8193abf7c2b146","kind":1,"pubkey":"3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d","created_at":1671150419}])";
inline constexpr std::string_view kFiatjafQuotesEvent =
    R"({"content":"a bunch of mfs interacted with my post using what I assume were \"likes\": https://nostr.build/i/964.png","created_at":1672506879,"id":"f40bdd0905137ad60482537e260890ab50b0863bf16e67cf9383f203bd26c96f","kind":1,"pubkey":"3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d","sig":"8b825d2d4096f0643b18ca39da59ec07a682cd8a3e717f119c845037573d98099f5bea94ec7ddedd5600c8020144a255ed52882a911f7f7ada6d6abb3c0a1eb4","tags":[]})";
inline constexpr std::string_view kFiatjafMetadataEvent =
    R"({"content":"{\"name\":\"fiatjaf\",\"about\":\"buy my merch at fiatjaf store\",\"picture\":\"https://fiatjaf.com/static/favicon.jpg\",\"nip05\":\"_@fiatjaf.com\"}","created_at":1671217411,"id":"b52f93f6dfecf9d81f59062827cd941412a0e8398dda60baf960b17499b88900","kind":0,"pubkey":"3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d","sig":"fc1ea5d45fa5ed0526faed06e8fc7a558e60d1b213e9714f440828584ee999b93407092f9b04deea7e504fa034fc0428f31f7f0f95417b3280ebe6004b80b470","tags":[]})";

// A kind-1 reply with e and p tags, non-ASCII text sent as \u escapes (a
// surrogate pair per emoji) and blank lines: the docstring example of
// fulminologylabs/nostar-scrape types/event.py.
inline constexpr std::string_view kReplyWithEmojiEvent = R"({
  "id": "cd720b23163210ebddec88bc4e74d83c9667cdf11b95d376865315c686ed34eb", "pubkey": "11d0b66747887ba9a6d34b23eb31287374b45b1a1b161eac54cb183c53e00ef7",
  "created_at": 1684947090,
  "kind": 1,
  "tags": [
    ["e", "f9f30e37adffe3afe12fda2f8db4502ece334f261273a9a0be7e8adb29b35145"],
    ["p", "9eefd04d32ab5da8de12d7b83201578ea095a676acf3a692ec1b0b202ae4e16f"]
  ],
  "content": "I'll take a large lill\u00f6rdag please.\n\n\ud83d\ude0e\ud83e\udd19\ud83d\udc47\ud83c\udf7b\n\nnostr:nevent1qqs0nucwx7kllca0uyha5tudk3gzan3nfunpyuaf5zl8azkm9xe4z3gpzamhxue69uhhyetvv9ujumn0wd68ytnzv9hxgtczyz0wl5zdx244m2x7zttmsvsp2782p9dxw6k08f5jasdskgp2unsk7qcyqqqqqqgncdx20",
  "sig": "6c66e42dd481a0769148be33932a643672710f0ed83eeaaf4af5fe0f53e52b810a924ba2498354b8b00a54f065f4de0d92c42c70fdb39a2da67ac97baf4f9ae0"
})";

}  // namespace l402d::nostr::test
