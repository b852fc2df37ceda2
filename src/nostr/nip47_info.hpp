#pragma once

// The NIP-47 info event (kind 13194): what a wallet service offers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nostr/error.hpp"
#include "nostr/event.hpp"
#include "nostr/filter.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::nip47 {

inline constexpr std::uint16_t kInfoKind = 13194;

enum class Encryption { nip44_v2, nip04 };
std::string_view to_string(Encryption encryption);  // "nip44_v2", "nip04": the tag's words
std::optional<Encryption> encryption_from_string(std::string_view name);

struct WalletInfo {
  std::vector<std::string> capabilities;  // content: methods, and "notifications"
  // From the `encryption` tag, in the wallet's order, unknown schemes left out.
  // No tag means NIP-04 only (47.md), and then this holds just nip04.
  std::vector<Encryption> encryptions;
  bool encryption_tag_present = false;
  std::vector<std::string> notifications;  // the `notifications` tag

  bool supports(std::string_view capability) const;
  // NIP-44 whenever the wallet offers it, else NIP-04 if offered; nullopt when
  // it offers only schemes this library does not speak.
  std::optional<Encryption> choose_encryption() const;
};

// Checks kind 13194, that `wallet` wrote it, and its id and signature.
Expected<WalletInfo, Error> open_info(const Event& event, const PublicKey& wallet);

// The filter a client subscribes with to read `wallet`'s info event.
Filter info_filter(const PublicKey& wallet);

}  // namespace l402d::nostr::nip47
