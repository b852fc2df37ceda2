#pragma once

// lightningd's JSON-RPC conventions, as clnrest passes them through: named
// parameters checked by param() (unknown and missing ones refused with its
// messages, each type with its "should be ..." complaint), results as objects
// and failures as {code, message, data}.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::lnsim::cln {

struct RpcError {
  int code = -1;
  std::string message;
  boost::json::value data = nullptr;
};

inline constexpr int kInvalidParams = -32602;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kLightningd = -1;

using Result = Expected<boost::json::object, RpcError>;

struct ParamSpec {
  std::string_view name;
  bool required = false;
};

// param(): every given name must be known, every required one present.
std::optional<RpcError> check_params(const boost::json::object& params,
                                     std::initializer_list<ParamSpec> specs);

// command_fail_badparam's wording.
RpcError bad_param(std::string_view name, std::string_view complaint);

// The typed readers; nullopt results mean the parameter is absent.
Expected<std::optional<std::string>, RpcError> label_param(const boost::json::object& p,
                                                           std::string_view name);
Expected<std::optional<std::string>, RpcError> string_param(const boost::json::object& p,
                                                            std::string_view name);
Expected<std::optional<std::uint64_t>, RpcError> u64_param(const boost::json::object& p,
                                                           std::string_view name);
Expected<std::optional<std::uint64_t>, RpcError> msat_param(const boost::json::object& p,
                                                            std::string_view name);
Expected<std::optional<bool>, RpcError> bool_param(const boost::json::object& p,
                                                   std::string_view name);
Expected<std::optional<Hash32>, RpcError> sha256_param(const boost::json::object& p,
                                                       std::string_view name);
Expected<std::optional<double>, RpcError> number_param(const boost::json::object& p,
                                                       std::string_view name);

// parse_amount_msat: "1000", "1000msat", "1sat", "0.001btc" (or a JSON integer).
std::optional<std::uint64_t> parse_amount_msat(std::string_view text);
// A parameter's token text as lightningd sees it (strings without quotes).
std::optional<std::string> token_text(const boost::json::value& v);

}  // namespace l402d::lnsim::cln
