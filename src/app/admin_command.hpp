#pragma once

// `l402d admin ...`: the seller's admin API from the command line, over HTTP
// to the configured listener with the token from the data directory, so the
// command and the API cannot disagree (docs/admin.md).

#include <cstdint>
#include <iosfwd>
#include <string>

#include "app/config.hpp"

namespace l402d::app {

struct AdminCommand {
  // services | price | enable | disable | tokens | revoke | revoke-service | revenue
  // | invoices | failures
  std::string action;
  // price, enable, disable, revoke-service; the filter of tokens, invoices, failures
  std::string service;
  std::string token_id;  // revoke
  std::uint64_t price_sats = 0;
  std::string state;  // tokens' filter
  std::size_t limit = 50;
  int days = 30;
  bool json = false;  // print the API's JSON as it is
  std::string url;    // empty: the configured listener
};

// Prints to `out` (errors to `err`); returns the exit status: 0, or 1 when
// the call failed (the API's error is printed).
int run_admin(const Config& config, const AdminCommand& command, std::ostream& out,
              std::ostream& err);

}  // namespace l402d::app
