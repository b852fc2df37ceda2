#pragma once

// `l402 tokens list|rm`: the credentials and receipts in the token cache, what
// they were bought for and what they cost (price and fee). Macaroons, invoices
// and preimages only with show_secrets.

#include <boost/json/object.hpp>
#include <cstdint>
#include <ostream>
#include <string>

#include "client/token_cache.hpp"

namespace l402d::client {

struct TokensListOptions {
  bool json = false;
  bool show_secrets = false;
};

// One entry as `tokens list --json` shows it: what was bought, when and for
// how much, never the macaroon, invoice or preimage.
boost::json::object receipt_json(const TokenEntry& entry);

void list_tokens(const TokenCache& cache, const TokensListOptions& options, std::ostream& out);

// Removes one entry (by id or unique prefix) or, with `all`, every entry. Returns
// the exit code; messages go to `out` / `err`.
int remove_tokens(TokenCache& cache, const std::string& id, bool all, std::ostream& out,
                  std::ostream& err);

}  // namespace l402d::client
