#include "http/l402_gate.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include "http/json_error.hpp"
#include "l402/headers.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "l402/request_binding.hpp"
#include "util/hex.hpp"
#include "util/json_text.hpp"

namespace l402d::http {

namespace json = boost::json;

namespace {

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_success(unsigned status) {
  return status >= 200 && status < 300;
}

l402::CredentialHeaders credential_headers(const Request& req) {
  l402::CredentialHeaders headers;
  for (const auto& field : req) {
    if (field.name() == Field::authorization) {
      headers.authorization.push_back(field.value());
    } else if (boost::beast::iequals(field.name_string(), "Grpc-Metadata-Macaroon")) {
      headers.grpc_metadata_macaroon.push_back(field.value());
    } else if (boost::beast::iequals(field.name_string(), "Macaroon")) {
      headers.macaroon.push_back(field.value());
    }
  }
  return headers;
}

}  // namespace

L402Gate::L402Gate(GateOptions options, GateDeps deps) : options_(std::move(options)), deps_(deps) {
  if (!options_.now) options_.now = system_now;
  if (deps_.metrics) {
    const Labels service{{"service", options_.service}};
    challenges_issued_ = deps_.metrics->counter("l402d_challenges_issued_total", service);
    payments_redeemed_ = deps_.metrics->counter("l402d_payments_redeemed_total", service);
    sats_earned_ = deps_.metrics->counter("l402d_sats_earned_total", service);
  }
}

void L402Gate::count_rejection(std::string_view code) {
  if (deps_.metrics) {
    deps_.metrics->add_counter("l402d_credentials_rejected_total",
                               {{"service", options_.service}, {"code", std::string(code)}});
  }
}

std::int64_t L402Gate::now() const {
  return options_.now();
}

void L402Gate::add_cors(Response& response) {
  response.set(Field::access_control_allow_origin, "*");
  response.set(Field::access_control_expose_headers, "WWW-Authenticate, Content-Length");
}

void L402Gate::add_preflight_cors(Response& response) {
  add_cors(response);
  response.set(Field::access_control_allow_headers, "Authorization, Content-Type");
  response.set(Field::access_control_allow_methods, "GET, POST, OPTIONS");
}

const Hash32& L402Gate::request_hash_of(Exchange& ex) const {
  if (!ex.request_hash) {
    const auto& req = ex.request;
    const auto method = std::string_view(beast_http::to_string(req.method()));
    ex.request_hash = ex.json_body
                          ? l402::request_hash_of_parsed(method, target_path(req), *ex.json_body)
                          : l402::request_hash(method, target_path(req), req.body());
  }
  return *ex.request_hash;
}

bool L402Gate::expired(std::int64_t stored_at) const {
  return now() - stored_at >= static_cast<std::int64_t>(options_.result_retention_seconds);
}

boost::asio::awaitable<Expected<l402::VerifiedToken, l402::VerifyError>> L402Gate::verify(
    const l402::Credential& credential, const Hash32& request_hash) {
  l402::VerifyContext context{options_.service, now(), request_hash, std::nullopt};
  if (!deps_.verifier.may_block()) co_return deps_.verifier.verify(credential, context);
  co_return co_await deps_.blocking.run([&] { return deps_.verifier.verify(credential, context); });
}

Response L402Gate::replay(const Request& req, const CachedResult& r) const {
  auto res = make_response(req, static_cast<Status>(r.status), r.content_type, r.body);
  res.set("X-L402-Replay", "true");
  res.set(Field::cache_control, "no-store");
  Response out(std::move(res));
  add_cors(out);
  return out;
}

Response L402Gate::result_expired(const Request& req) const {
  Response res = error_response(
      req, Status::gone, "result_expired",
      "This token was already redeemed and its result is past the retention period.");
  add_cors(res);
  return res;
}

std::shared_ptr<const CachedResult> L402Gate::cache_result(const Exchange& ex,
                                                           const store::TokenRecord& token,
                                                           const store::StoredResult& stored) {
  auto cached = std::make_shared<CachedResult>();
  cached->request_hash = token.request_hash;
  cached->status = stored.status;
  cached->content_type = stored.content_type;
  cached->body.assign(stored.body.begin(), stored.body.end());
  cached->stored_at = stored.stored_at;
  if (!deps_.results) return cached;
  if (ex.request.body().size() <= CachedResult::kMaxRequestBody) {
    cached->request_path = std::string(target_path(ex.request));
    cached->request_body = ex.request.body();
  }
  deps_.results->put(token.token_id, cached);
  return cached;
}

std::optional<Response> L402Gate::try_replay(Exchange& ex) {
  if (!deps_.results || deps_.verifier.may_block()) return std::nullopt;
  if (ex.request.find(Field::authorization) == ex.request.end()) return std::nullopt;
  auto credential = l402::parse_credential(credential_headers(ex.request));
  if (!credential) return std::nullopt;
  // The token id picks the cache entry before anything is verified; nothing
  // from the entry is trusted until verify() below has passed.
  const auto view = l402::parse_macaroon_view(credential->macaroon);
  if (!view) return std::nullopt;
  const auto id = l402::decode_identifier(view->identifier);
  if (!id) return std::nullopt;
  auto cached = deps_.results->get(id->token_id);
  if (!cached || expired(cached->stored_at)) return std::nullopt;
  // Same bytes, same hash (request_hash is a function of path and body; the
  // method is fixed by the route): skip parsing and hashing the body.
  if (!ex.request_hash && !cached->request_body.empty() &&
      cached->request_body == ex.request.body() &&
      cached->request_path == target_path(ex.request)) {
    ex.request_hash = cached->request_hash;
  }
  const Hash32& request_hash = request_hash_of(ex);
  if (cached->request_hash != request_hash) return std::nullopt;
  l402::VerifyContext context{options_.service, now(), request_hash, std::nullopt};
  auto verified = deps_.verifier.verify(*credential, context);
  if (!verified || verified->identifier.token_id != id->token_id) return std::nullopt;
  ex.log_note = "token=" + to_hex(ByteView(verified->identifier.token_id).first(4)) + " replay";
  return replay(ex.request, *cached);
}

boost::asio::awaitable<Response> L402ReplayFilter::handle(Exchange& ex, const Handler& next) {
  if (auto res = gate_->try_replay(ex)) co_return std::move(*res);
  co_return co_await next(ex);
}

boost::asio::awaitable<Response> L402Gate::handle(Exchange& ex, const Handler& next) {
  const Hash32 request_hash = request_hash_of(ex);
  auto credential = l402::parse_credential(credential_headers(ex.request));
  if (!credential) {
    if (credential.error().code == l402::VerifyCode::credential_missing) {
      co_return co_await challenge(
          ex, request_hash, "payment_required",
          "Pay the invoice, then repeat this identical request with the header "
          "'Authorization: L402 <macaroon>:<preimage>'.");
    }
    count_rejection(credential.error().code_name());
    co_return co_await challenge(ex, request_hash, credential.error().code_name(),
                                 credential.error().message);
  }

  auto verified = co_await verify(*credential, request_hash);
  if (!verified) {
    count_rejection(verified.error().code_name());
    co_return co_await challenge(ex, request_hash, verified.error().code_name(),
                                 verified.error().message);
  }

  store::TokenRecord token;
  token.token_id = verified->identifier.token_id;
  token.payment_hash = verified->identifier.payment_hash;
  token.service = options_.service;
  token.request_hash = request_hash;
  token.price_msat = options_.price_sats * 1000;
  ex.log_note = "token=" + to_hex(ByteView(token.token_id).first(4));
  co_return co_await redeem(ex, next, token);
}

boost::asio::awaitable<Response> L402Gate::redeem(Exchange& ex, const Handler& next,
                                                  const store::TokenRecord& token) {
  const auto& req = ex.request;
  const auto lease = static_cast<std::int64_t>(options_.job_timeout_seconds) + 30;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(lease + 30);
  for (;;) {
    auto claim =
        co_await deps_.blocking.run([&] { return deps_.store.claim_token(token, now(), lease); });
    switch (claim.outcome) {
      case store::Claim::Outcome::claimed: {
        Response res;
        try {
          res = co_await next(ex);
        } catch (const std::exception& e) {
          res = error_response(req, Status::internal_server_error, "internal_error",
                               "The work failed; your payment is kept: repeat the same request "
                               "with the same credential to try again.");
        }
        auto* body = std::get_if<StringResponse>(&res.message);
        if (is_success(res.status_code()) && body) {
          store::StoredResult result;
          result.status = static_cast<int>(res.status_code());
          result.content_type = std::string(res.header(Field::content_type));
          result.body.assign(body->body().begin(), body->body().end());
          result.stored_at = now();
          const bool stored = co_await deps_.blocking.run(
              [&] { return deps_.store.complete_token(token.token_id, result, now()); });
          if (stored && deps_.results) cache_result(ex, token, result);
          payments_redeemed_.add();
          sats_earned_.add(static_cast<double>(options_.price_sats));
        } else {
          std::string code = "engine_failed";
          if (body) {
            boost::system::error_code jec;
            auto v = json::parse(body->body(), jec);
            if (!jec && v.is_object()) {
              if (const auto* e = v.as_object().if_contains("error"); e && e->is_object()) {
                if (const auto* c = e->as_object().if_contains("code"); c && c->is_string()) {
                  code = std::string(c->as_string());
                }
              }
            }
          }
          co_await deps_.blocking.run(
              [&] { return deps_.store.fail_token(token.token_id, code, now()); });
        }
        co_return res;
      }
      case store::Claim::Outcome::redeemed: {
        const auto& r = *claim.result;
        // The janitor purges old results only every so often.
        if (expired(r.stored_at)) co_return result_expired(req);
        co_return replay(req, *cache_result(ex, token, r));
      }
      case store::Claim::Outcome::expired_result:
        co_return result_expired(req);
      case store::Claim::Outcome::request_mismatch:
        co_return co_await challenge(ex, token.request_hash, "token_request_mismatch",
                                     "This token paid for a different request. Pay the new "
                                     "invoice for this one.");
      case store::Claim::Outcome::busy:
        if (std::chrono::steady_clock::now() > give_up) {
          Response res = error_response(
              req, Status::conflict, "token_busy",
              "This token's job is still running; repeat the request later to get its result.");
          res.set(Field::retry_after, "10");
          add_cors(res);
          co_return res;
        }
        {
          boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                          std::chrono::milliseconds(200));
          co_await timer.async_wait(boost::asio::use_awaitable);
        }
        break;
    }
  }
}

boost::asio::awaitable<Response> L402Gate::challenge(Exchange& ex, const Hash32& request_hash,
                                                     std::string_view code,
                                                     std::string_view message) {
  const auto& req = ex.request;
  if (!deps_.engines.has_capacity()) {
    Response res = error_response(req, Status::service_unavailable, "server_busy",
                                  "All workers are busy; no invoice was issued. Retry in a few "
                                  "seconds.");
    res.set(Field::retry_after, "5");
    add_cors(res);
    co_return res;
  }
  struct Minted {
    lightning::CreatedInvoice invoice;
    std::string macaroon;
  };
  auto mint = [&] {
    lightning::CreateInvoiceRequest ir;
    ir.amount_msat = options_.price_sats * 1000;
    ir.description = "L402 " + options_.service;
    ir.expiry_seconds = options_.invoice_expiry_seconds;
    auto invoice = deps_.lightning.create_invoice(ir);
    l402::MintOptions mo;
    mo.service = options_.service;
    mo.valid_until = now() + options_.token_validity_seconds;
    mo.request_hash = request_hash;
    auto token = deps_.minter.mint(invoice.payment_hash, mo);
    return Minted{std::move(invoice), std::move(token.base64)};
  };
  Minted minted;
  try {
    if (deps_.lightning.create_invoice_blocks() || deps_.minter.may_block()) {
      minted = co_await deps_.blocking.run(mint);
    } else {
      minted = mint();
    }
  } catch (const lightning::BackendError& e) {
    Response res = error_response(req, Status::service_unavailable, "lightning_unavailable",
                                  "The Lightning node could not create an invoice; retry "
                                  "shortly. No payment was requested.");
    res.set(Field::retry_after, "10");
    add_cors(res);
    co_return res;
  }

  // Written out rather than built as a json::object: a dozen allocations
  // fewer on the path every unpaid request takes.
  std::string body;
  body.reserve(256 + message.size() + minted.invoice.bolt11.size() + minted.macaroon.size());
  body += R"({"error":{"code":)";
  append_json_string(body, code);
  body += R"(,"message":)";
  append_json_string(body, message);
  body += R"(},"service":)";
  append_json_string(body, options_.service);
  body += R"(,"price_sats":)";
  body += std::to_string(options_.price_sats);
  body += R"(,"invoice":)";
  append_json_string(body, minted.invoice.bolt11);
  body += R"(,"macaroon":)";
  append_json_string(body, minted.macaroon);
  body += R"(,"payment_hash":")";
  append_hex(body, minted.invoice.payment_hash);
  body += R"(","expires_at":)";
  body += std::to_string(minted.invoice.expires_at);
  body += '}';
  auto res = make_response(req, Status::payment_required, "application/json", std::move(body));
  res.set(Field::www_authenticate, l402::format_challenge(minted.macaroon, minted.invoice.bolt11));
  res.set(Field::cache_control, "no-store");
  Response out(std::move(res));
  add_cors(out);
  challenges_issued_.add();
  co_return out;
}

}  // namespace l402d::http
