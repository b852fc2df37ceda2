#include "admin/admin_routes.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>
#include <optional>
#include <vector>

#include "admin/admin_guard.hpp"
#include "admin/admin_json.hpp"
#include "http/json_error.hpp"
#include "http/query_string.hpp"
#include "store/state_names.hpp"
#include "store/store_error.hpp"
#include "util/hex.hpp"

namespace l402d::admin {

namespace {

namespace json = boost::json;
using http::Exchange;
using http::Response;
using http::Status;
using Answer = boost::asio::awaitable<Response>;

constexpr std::size_t kMaxTokens = 1000;
constexpr int kMaxDays = 3660;

Response json_answer(const http::Request& req, const json::value& body) {
  return http::make_response(req, Status::ok, "application/json", json::serialize(body));
}

Response invalid(const http::Request& req, std::string_view message) {
  return http::error_response(req, Status::bad_request, "admin_invalid_request", message);
}

Response store_unavailable(const http::Request& req) {
  return http::error_response(req, Status::service_unavailable, "store_unavailable",
                              "The database is unavailable; try again shortly.");
}

Response service_unknown(const http::Request& req) {
  return http::error_response(req, Status::not_found, "admin_service_unknown",
                              "No service has this name.");
}

std::optional<std::int64_t> number_of(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) return std::nullopt;
  return v;
}

// The path below /api/admin/, split on '/'.
std::vector<std::string> segments_of(const http::Request& req) {
  auto path = http::target_path(req).substr(kAdminPrefix.size());
  std::vector<std::string> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// Runs a store call on the store pool; empty when the database failed (logged).
template <class F>
boost::asio::awaitable<std::optional<std::invoke_result_t<F>>> on_store(const AdminDeps& d, F f) {
  try {
    auto out = co_await d.store_calls.run(std::move(f));
    co_return std::optional<std::invoke_result_t<F>>(std::move(out));
  } catch (const store::StoreError& e) {
    spdlog::warn("admin: {}", e.what());
  }
  co_return std::nullopt;
}

std::optional<ServiceChange> change_of(const http::Request& req, std::string& error) {
  boost::system::error_code ec;
  const auto body = json::parse(req.body(), ec);
  if (ec || !body.is_object()) {
    error = "Send a JSON object: {\"price_sats\": N} and/or {\"enabled\": true|false}.";
    return std::nullopt;
  }
  ServiceChange change;
  for (const auto& [key, value] : body.as_object()) {
    if (key == "price_sats" && value.is_int64() && value.as_int64() >= 0) {
      change.price_sats = static_cast<std::uint64_t>(value.as_int64());
    } else if (key == "price_sats" && value.is_uint64()) {
      change.price_sats = value.as_uint64();
    } else if (key == "enabled" && value.is_bool()) {
      change.enabled = value.as_bool();
    } else {
      error = "Unknown field or bad value: " + std::string(key) +
              " (price_sats: a whole number of satoshis; enabled: true or false).";
      return std::nullopt;
    }
  }
  if (!change.price_sats && !change.enabled) {
    error = "Nothing to change: send price_sats and/or enabled.";
    return std::nullopt;
  }
  return change;
}

std::optional<store::TokenQuery> token_query_of(const http::Request& req, std::string& error) {
  const auto params = http::query_parameters(req.target());
  store::TokenQuery q;
  for (const auto& [key, value] : params) {
    if (key == "service") {
      q.service = value;
    } else if (key == "state") {
      q.state = store::token_state_from_string(value);
      if (!q.state) error = "state must be issued, paid, in_progress, redeemed or failed.";
    } else if (key == "since" || key == "until" || key == "limit") {
      const auto n = number_of(value);
      if (!n) {
        error = key + " must be a whole number (unix seconds; limit: a count).";
      } else if (key == "since") {
        q.since = *n;
      } else if (key == "until") {
        q.until = *n;
      } else {
        q.limit = std::min<std::size_t>(static_cast<std::size_t>(*n), kMaxTokens);
      }
    } else {
      error = "Unknown parameter: " + key + ".";
    }
    if (!error.empty()) return std::nullopt;
  }
  return q;
}

// ?service=&limit= of the two short lists (invoices, failures).
struct ListQuery {
  std::string service;
  std::size_t limit = 100;
};

std::optional<ListQuery> list_query_of(const http::Request& req, std::string& error) {
  ListQuery q;
  for (const auto& [key, value] : http::query_parameters(req.target())) {
    if (key == "service") {
      q.service = value;
    } else if (key == "limit") {
      const auto n = number_of(value);
      if (!n) error = "limit must be a whole number.";
      q.limit = std::min<std::size_t>(n ? static_cast<std::size_t>(*n) : 0, kMaxTokens);
    } else {
      error = "Unknown parameter: " + key + " (service, limit).";
    }
    if (!error.empty()) return std::nullopt;
  }
  return q;
}

class AdminApi {
 public:
  explicit AdminApi(const AdminDeps& deps) : d_(deps) {}

  Answer dispatch(Exchange& ex) const {
    const auto parts = segments_of(ex.request);
    const auto verb = ex.request.method();
    const auto n = parts.size();
    if (n == 1 && parts[0] == "services" && verb == http::Verb::get) co_return services(ex);
    if (n == 2 && parts[0] == "services" && verb == http::Verb::patch)
      co_return co_await patch_service(ex, parts[1]);
    if (n == 3 && parts[0] == "services" && parts[2] == "revoke" && verb == http::Verb::post)
      co_return co_await revoke_service(ex, parts[1]);
    if (n == 1 && parts[0] == "tokens" && verb == http::Verb::get) co_return co_await tokens(ex);
    if (n == 1 && parts[0] == "invoices" && verb == http::Verb::get) co_return invoices(ex);
    if (n == 1 && parts[0] == "failures" && verb == http::Verb::get)
      co_return co_await failures(ex);
    if (n == 3 && parts[0] == "tokens" && parts[2] == "revoke" && verb == http::Verb::post)
      co_return co_await revoke_token(ex, parts[1]);
    if (n == 1 && parts[0] == "revenue" && verb == http::Verb::get) co_return co_await revenue(ex);
    if (n == 1 && parts[0] == "status" && verb == http::Verb::get)
      co_return json_answer(ex.request, status_json(d_.node));
    co_return http::error_response(ex.request, Status::not_found, "not_found",
                                   "No such admin call; see docs/admin.md.");
  }

 private:
  Response services(const Exchange& ex) const {
    json::array out;
    for (const auto& s : d_.services.list())
      out.push_back(service_json(s));
    return json_answer(ex.request, json::object{{"services", std::move(out)}});
  }

  Answer patch_service(Exchange& ex, const std::string& name) const {
    std::string error;
    const auto change = change_of(ex.request, error);
    if (!change) co_return invalid(ex.request, error);
    if (!d_.services.find(name)) co_return service_unknown(ex.request);
    const auto now = d_.now();
    auto* settings = &d_.services;
    const ServiceChange wanted = *change;
    auto changed = co_await on_store(
        d_, [settings, &name, &wanted, now] { return settings->change(name, wanted, now); });
    if (!changed) co_return store_unavailable(ex.request);
    if (!*changed) co_return service_unknown(ex.request);
    spdlog::info("admin: service {} now {} sats, {}", name, (*changed)->price_sats(),
                 (*changed)->enabled ? "enabled" : "disabled");
    co_return json_answer(ex.request, service_json(**changed));
  }

  Answer revoke_service(Exchange& ex, const std::string& name) const {
    if (!d_.services.find(name)) co_return service_unknown(ex.request);
    const auto& d = d_;
    auto count = co_await on_store(d_, [&d, &name] {
      const auto tokens = d.queries.tokens_of_service(name);
      for (const auto& t : tokens)
        d.revoke(t);
      return tokens.size();
    });
    if (!count) co_return store_unavailable(ex.request);
    spdlog::info("admin: revoked {} tokens of service {}", *count, name);
    co_return json_answer(ex.request, json::object{{"service", name}, {"revoked", *count}});
  }

  Answer tokens(Exchange& ex) const {
    std::string error;
    const auto query = token_query_of(ex.request, error);
    if (!query) co_return invalid(ex.request, error);
    auto* queries = &d_.queries;
    const store::TokenQuery q = *query;
    auto rows = co_await on_store(d_, [queries, &q] { return queries->list_tokens(q); });
    if (!rows) co_return store_unavailable(ex.request);
    json::array out;
    for (const auto& t : *rows)
      out.push_back(token_json(t));
    co_return json_answer(ex.request, json::object{{"tokens", std::move(out)}});
  }

  Answer revoke_token(Exchange& ex, const std::string& id_hex) const {
    const auto id = from_hex_array<32>(id_hex);
    if (!id) co_return invalid(ex.request, "A token id is 64 hex digits.");
    const auto& d = d_;
    const Hash32 token_id = *id;
    auto found = co_await on_store(d_, [&d, &token_id]() -> bool {
      const auto token = d.ledger.find_token(token_id);
      if (!token) return false;
      d.revoke(*token);
      return true;
    });
    if (!found) co_return store_unavailable(ex.request);
    if (!*found) {
      co_return http::error_response(ex.request, Status::not_found, "admin_token_unknown",
                                     "The ledger has no token with this id.");
    }
    // A prefix names the token in the log, as the request log does.
    spdlog::info("admin: revoked token {}", id_hex.substr(0, 8));
    co_return json_answer(ex.request, json::object{{"revoked", id_hex}});
  }

  Answer revenue(Exchange& ex) const {
    const auto params = http::query_parameters(ex.request.target());
    int days = 30;
    if (const auto it = params.find("days"); it != params.end()) {
      const auto n = number_of(it->second);
      if (!n || *n < 1 || *n > kMaxDays) co_return invalid(ex.request, "days must be 1 to 3660.");
      days = static_cast<int>(*n);
    }
    // Whole UTC days: today and the days - 1 before it.
    const auto since = (d_.now() / 86400 - (days - 1)) * 86400;
    auto* queries = &d_.queries;
    auto rows = co_await on_store(d_, [queries, since] { return queries->revenue(since); });
    if (!rows) co_return store_unavailable(ex.request);
    co_return json_answer(ex.request, revenue_json(*rows, days, since));
  }

  // In memory, so answered on the I/O thread.
  Response invoices(const Exchange& ex) const {
    std::string error;
    const auto query = list_query_of(ex.request, error);
    if (!query) return invalid(ex.request, error);
    json::array out;
    if (d_.open_challenges) {
      for (const auto& c : d_.open_challenges->list(query->service, query->limit, d_.now()))
        out.push_back(invoice_json(c));
    }
    return json_answer(ex.request, json::object{{"invoices", std::move(out)}});
  }

  Answer failures(Exchange& ex) const {
    std::string error;
    const auto query = list_query_of(ex.request, error);
    if (!query) co_return invalid(ex.request, error);
    const auto& d = d_;
    const ListQuery q = *query;
    auto rows = co_await on_store(d_, [&d, &q] { return redeemable_failures(d, q); });
    if (!rows) co_return store_unavailable(ex.request);
    json::array out;
    for (const auto& t : *rows)
      out.push_back(token_json(t));
    co_return json_answer(ex.request, json::object{{"failures", std::move(out)}});
  }

  // Revoked and expired tokens are filtered after the query, so it asks for
  // the most rows a listing may have rather than `limit`.
  static std::vector<store::TokenRecord> redeemable_failures(const AdminDeps& d,
                                                             const ListQuery& q) {
    store::TokenQuery tq;
    tq.service = q.service;
    tq.state = store::TokenState::failed;
    tq.limit = kMaxTokens;
    std::vector<store::TokenRecord> out;
    for (auto& t : d.queries.list_tokens(tq)) {
      if (out.size() >= q.limit) break;
      if (!d.redeemable || d.redeemable(t)) out.push_back(std::move(t));
    }
    return out;
  }

  const AdminDeps& d_;
};

}  // namespace

void add_admin_routes(http::Router& router, const AdminDeps& deps) {
  auto api = std::make_shared<AdminApi>(deps);
  auto handler = http::chain({std::make_shared<AdminGuard>(deps.token)},
                             [api](Exchange& ex) { return api->dispatch(ex); });
  for (auto verb : {http::Verb::get, http::Verb::patch, http::Verb::post})
    router.add_prefix(verb, std::string(kAdminPrefix), handler);
}

}  // namespace l402d::admin
