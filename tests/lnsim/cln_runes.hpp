#pragma once

// Core Lightning's runes (ccan/rune, lightningd/runes.c), made and checked as
// lightningd does: the rune is the SHA-256 state after the node's secret and
// each restriction, each padded like a SHA-256 end marker, followed by the
// restrictions' text, all base64url. Restrictions are AND-ed lists of OR-ed
// alternatives ("method=invoice|method=listinvoices"); the first is the
// unique id ("=0").
//
// check() is lightningd's checkrune as clnrest calls it: the rune must derive
// from this node's master secret and every restriction must pass for the
// method and its parameters. Failures carry lightningd's codes and messages.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.hpp"

namespace l402d::lnsim {

struct RuneAlternative {
  std::string field;
  char condition = '=';
  std::string value;
};
using RuneRestriction = std::vector<RuneAlternative>;

struct RuneFailure {
  int code = 0;  // 1501 not authorized, 1502 not permitted, -32602 malformed
  std::string message;
};

class RuneMaster {
 public:
  explicit RuneMaster(Bytes secret);  // at most 55 bytes; lightningd's is 16
  ~RuneMaster();
  RuneMaster(const RuneMaster&) = delete;
  RuneMaster& operator=(const RuneMaster&) = delete;

  // createrune: unique id first, then the given restrictions.
  std::string create(std::uint64_t unique_id,
                     const std::vector<RuneRestriction>& restrictions) const;

  // nullopt when `rune` (base64url) allows `method` with `params`.
  std::optional<RuneFailure> check(std::string_view rune, std::string_view method,
                                   const boost::json::object& params) const;

 private:
  Bytes secret_;
};

// The text form of restrictions ("=0&method=invoice|method=getinfo"), escaped
// as ccan/rune writes it; exposed for tests against the library's vectors.
std::string encode_restrictions(const std::vector<RuneRestriction>& restrictions);
// Parses the text form; nullopt when malformed.
std::optional<std::vector<RuneRestriction>> decode_restrictions(std::string_view text);
// The 32-byte authcode of `restrictions` under `secret`.
Hash32 rune_authcode(ByteView secret, const std::vector<RuneRestriction>& restrictions);

}  // namespace l402d::lnsim
