#include "nostr/nip47_info.hpp"

#include <algorithm>

namespace l402d::nostr::nip47 {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
      ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\n')
      ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string_view to_string(Encryption encryption) {
  return encryption == Encryption::nip44_v2 ? "nip44_v2" : "nip04";
}

std::optional<Encryption> encryption_from_string(std::string_view name) {
  if (name == "nip44_v2") return Encryption::nip44_v2;
  if (name == "nip04") return Encryption::nip04;
  return std::nullopt;
}

bool WalletInfo::supports(std::string_view capability) const {
  return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

std::optional<Encryption> WalletInfo::choose_encryption() const {
  for (const Encryption preferred : {Encryption::nip44_v2, Encryption::nip04}) {
    if (std::find(encryptions.begin(), encryptions.end(), preferred) != encryptions.end()) {
      return preferred;
    }
  }
  return std::nullopt;
}

Expected<WalletInfo, Error> open_info(const Event& event, const PublicKey& wallet) {
  if (event.kind != kInfoKind) {
    return unexpected(Error{ErrorCode::unexpected_event,
                            "nip47 info: kind " + std::to_string(event.kind) + ", not 13194"});
  }
  if (event.pubkey != wallet) {
    return unexpected(
        Error{ErrorCode::unexpected_event, "nip47 info: written by another key than the wallet's"});
  }
  if (auto ok = verify(event); !ok) return unexpected(ok.error());

  WalletInfo info;
  info.capabilities = words(event.content);
  if (const std::string* tag = event.tag_value("encryption")) {
    info.encryption_tag_present = true;
    for (const std::string& name : words(*tag)) {
      const auto e = encryption_from_string(name);
      if (e && std::find(info.encryptions.begin(), info.encryptions.end(), *e) ==
                   info.encryptions.end()) {
        info.encryptions.push_back(*e);
      }
    }
  } else {
    info.encryptions = {Encryption::nip04};
  }
  if (const std::string* tag = event.tag_value("notifications")) info.notifications = words(*tag);
  return info;
}

Filter info_filter(const PublicKey& wallet) {
  Filter f;
  f.kinds = {kInfoKind};
  f.authors = {wallet};
  f.limit = 1;  // replaceable: only the latest counts
  return f;
}

}  // namespace l402d::nostr::nip47
