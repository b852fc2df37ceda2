#include "client/fetcher.hpp"

#include <algorithm>

#include "bolt11/codec.hpp"
#include "client/exit_codes.hpp"
#include "client/invoice_check.hpp"
#include "client/sats_text.hpp"
#include "l402/headers.hpp"
#include "util/hex.hpp"

namespace l402d::client {

int FetchResult::exit_code() const {
  switch (status) {
    case FetchStatus::ok:
      return kExitOk;
    case FetchStatus::http_error:
      return kExitHttp;
    case FetchStatus::network_error:
      return kExitNetwork;
    case FetchStatus::refused:
      return kExitRefused;
    case FetchStatus::payment_failed:
      return kExitPaymentFailed;
    case FetchStatus::dry_run:
      return kExitDryRun;
  }
  return kExitUsage;
}

std::vector<std::string> www_authenticate_values(const net::HttpResponse& response) {
  std::vector<std::string> out;
  for (const auto& [k, v] : response.headers) {
    if (k == "www-authenticate") out.push_back(v);
  }
  return out;
}

std::string authorization_value(const TokenEntry& entry) {
  std::string scheme = entry.scheme;
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (scheme != "LSAT") scheme = "L402";
  return scheme + " " + entry.macaroon + ":" + entry.preimage;
}

namespace {

bool is_success(long status) {
  return status >= 200 && status < 300;
}

net::HttpRequest with_authorization(const net::HttpRequest& request, const TokenEntry& entry) {
  net::HttpRequest out = request;
  // A credential the user passed by hand would make the server see two
  // different ones and refuse both.
  std::erase_if(out.headers, [](const auto& h) {
    std::string name = h.first;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name == "authorization";
  });
  out.headers.emplace_back("Authorization", authorization_value(entry));
  return out;
}

std::string short_hash(const std::string& hex) {
  return hex.substr(0, 16);
}

Quote make_quote(const CheckedChallenge& c) {
  Quote q;
  q.scheme = c.challenge.scheme;
  q.amount_msat = c.amount_msat;
  q.amount_sats = c.amount_sats;
  q.description = c.invoice.description.value_or("");
  q.payment_hash = to_hex(c.invoice.payment_hash);
  q.network = std::string(network_name(c.invoice.network));
  q.expires_at = static_cast<std::int64_t>(c.invoice.expires_at());
  return q;
}

// "the price 21 sats plus up to 10 sats in fees"
std::string price_text(const Quote& q) {
  std::string out = "the price " + sats_text(q.amount_msat) + " sats";
  if (q.fee_limit_msat) out += " plus up to " + sats_text(q.fee_limit_msat) + " sats in fees";
  return out;
}

}  // namespace

Fetcher::Fetcher(Transport transport, Wallet& wallet, TokenCache& cache, Budget& budget,
                 FetchOptions options, Clock clock, Notice notice)
    : transport_(std::move(transport)),
      wallet_(wallet),
      cache_(cache),
      budget_(budget),
      options_(options),
      clock_(std::move(clock)),
      notice_(std::move(notice)) {}

void Fetcher::say(const std::string& text) const {
  if (notice_) notice_(text);
}

FetchResult Fetcher::fetch(const net::HttpRequest& request) {
  const CacheKey key = make_cache_key(request.url, request.method, request.body);
  std::optional<TokenEntry> cached = cache_.find(key);

  if (options_.dry_run && cached) {
    FetchResult r;
    r.status = FetchStatus::dry_run;
    r.token_id = cached->id;
    r.message = "a credential for this request is already " +
                std::string(to_string(cached->state)) + " (token " + cached->id + ", " +
                sats_text(cached->amount_msat) +
                " sats); without --dry-run it is used and nothing new is paid";
    return r;
  }
  if (cached && cached->state == TokenState::paying) {
    auto resolved = resolve(*cached);
    if (auto* done = std::get_if<FetchResult>(&resolved)) return std::move(*done);
    cached = std::get<std::optional<TokenEntry>>(resolved);
  }

  if (cached) {
    say("using the cached credential " + cached->id + " (paid " + sats_text(cached->amount_msat) +
        " sats earlier)");
    FetchResult r = send_with(request, *cached);
    r.used_cached = true;
    if (r.status == FetchStatus::network_error || !r.response || r.response->status != 402) {
      return r;
    }
    auto challenge = l402::parse_challenge(www_authenticate_values(*r.response));
    if (!challenge) return r;
    // The server no longer takes it (expired, revoked, another request): keep
    // it as a receipt, never send it again, and consider the new challenge.
    keep_receipt(*cached, TokenState::rejected);
    say("the server refused cached credential " + cached->id + "; it is kept as rejected");
    FetchResult paid = pay_challenge(request, key, *r.response);
    paid.used_cached = true;
    return paid;
  }

  net::HttpResponse response;
  try {
    response = transport_(request);
  } catch (const net::HttpError& e) {
    FetchResult r;
    r.status = FetchStatus::network_error;
    r.message = e.what();
    return r;
  }
  if (response.status != 402) {
    FetchResult r;
    r.status = is_success(response.status) ? FetchStatus::ok : FetchStatus::http_error;
    r.response = std::move(response);
    return r;
  }
  return pay_challenge(request, key, response);
}

std::variant<std::optional<TokenEntry>, FetchResult> Fetcher::resolve(TokenEntry entry) {
  FetchResult r;
  r.token_id = entry.id;
  if (entry.wallet != wallet_.name()) {
    // Another wallet knows nothing of this payment and would call it "never
    // sent": asking it could lead to paying twice.
    r.status = FetchStatus::payment_failed;
    r.message = "the interrupted payment " + short_hash(entry.payment_hash) +
                "… was made with the " + entry.wallet +
                " wallet; run the same command with --wallet " + entry.wallet +
                " to learn how it ended (or remove it with `l402 tokens rm " + entry.id + "`)";
    return r;
  }
  auto decoded = bolt11::decode(entry.invoice);
  if (!decoded) {
    r.status = FetchStatus::payment_failed;
    r.message = "cached token " + entry.id +
                " holds an unreadable invoice; inspect it with "
                "`l402 tokens list` and remove it with `l402 tokens rm " +
                entry.id + "`";
    return r;
  }
  say("a payment of " + sats_text(entry.amount_msat) + " sats (payment hash " +
      short_hash(entry.payment_hash) + "…) was interrupted; asking the " + wallet_.name() +
      " wallet how it ended");
  PayResult paid;
  try {
    paid = wallet_.status(entry.invoice, *decoded);
  } catch (const std::exception& e) {
    paid.status = PayResult::Status::unknown;
    paid.message = e.what();
  }
  switch (paid.status) {
    case PayResult::Status::succeeded:
      record_payment(entry, paid);
      return std::optional<TokenEntry>(std::move(entry));
    case PayResult::Status::failed:
      budget_.release(entry.reserved_msat, entry.budget_day);
      cache_.remove(entry.id);
      say("it was not paid (" + paid.message + "); starting over");
      return std::optional<TokenEntry>();
    case PayResult::Status::unknown:
      break;
  }
  r.status = FetchStatus::payment_failed;
  r.message = "the outcome of the interrupted payment " + short_hash(entry.payment_hash) +
              "… is still unknown (" + paid.message +
              "); nothing new was paid. Run the same command again later";
  return r;
}

void Fetcher::record_payment(TokenEntry& entry, const PayResult& paid) {
  entry.preimage = to_hex(paid.preimage);
  entry.state = TokenState::paid;
  entry.paid_at = clock_();
  // A wallet that does not say what it charged is taken at its limit.
  entry.fee_msat = paid.fee_msat.value_or(entry.fee_limit_msat);
  cache_.put(entry);
  budget_.settle(entry.reserved_msat, entry.amount_msat + entry.fee_msat, entry.budget_day);
  if (entry.fee_msat > entry.fee_limit_msat) {
    say("the " + entry.wallet + " wallet charged " + sats_text(entry.fee_msat) +
        " sats in fees, above the limit of " + sats_text(entry.fee_limit_msat) + " sats");
  }
}

void Fetcher::keep_receipt(TokenEntry entry, TokenState state) {
  entry.state = state;
  if (state == TokenState::used) entry.used_at = clock_();
  cache_.put(entry);
  cache_.prune_receipts(options_.receipts, clock_());
}

std::string Fetcher::refusal_for(const Quote& q) const {
  const std::uint64_t cost_msat = q.amount_msat + q.fee_limit_msat;
  if (cost_msat > options_.max_sats * 1000) {
    return price_text(q) + " is above --max-sats " + std::to_string(options_.max_sats);
  }
  if (const auto& limit = budget_.limit()) {
    const std::uint64_t limit_msat = *limit * 1000;
    auto spent = budget_.spent_today_msat();
    if (spent > limit_msat || cost_msat > limit_msat - spent) {
      return price_text(q) + " would exceed today's budget (" + sats_text(spent) + " of " +
             std::to_string(*limit) + " sats spent)";
    }
  }
  return {};
}

FetchResult Fetcher::send_with(const net::HttpRequest& request, TokenEntry entry) {
  FetchResult r;
  r.token_id = entry.id;
  try {
    r.response = transport_(with_authorization(request, entry));
  } catch (const net::HttpError& e) {
    r.status = FetchStatus::network_error;
    r.message = std::string(e.what()) + "; the paid credential " + entry.id +
                " is cached: run the same command again to use it";
    return r;
  }
  long status = r.response->status;
  if (is_success(status)) {
    r.status = FetchStatus::ok;
    // Used: the server has done the work it was bought for. What remains is a
    // receipt, never sent again.
    keep_receipt(entry, TokenState::used);
  } else {
    r.status = FetchStatus::http_error;
    if (status != 402) {
      r.message = "HTTP " + std::to_string(status) + " with a paid credential; it stays cached (" +
                  entry.id + ") for the next identical request";
    }
  }
  return r;
}

FetchResult Fetcher::pay_challenge(const net::HttpRequest& request, const CacheKey& key,
                                   const net::HttpResponse& challenge_response) {
  FetchResult r;
  auto challenge = l402::parse_challenge(www_authenticate_values(challenge_response));
  if (!challenge) {
    r.status = FetchStatus::http_error;
    r.response = challenge_response;
    r.message = "HTTP 402 without an L402 or LSAT challenge";
    return r;
  }
  InvoicePolicy policy;
  policy.network = options_.network ? options_.network : wallet_.network();
  policy.min_remaining_seconds = options_.min_invoice_remaining_seconds;
  auto checked = check_challenge(*challenge, policy, clock_());
  if (!checked) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: " + checked.error().message;
    return r;
  }
  Quote quote = make_quote(*checked);
  const std::string id = to_hex(checked->identifier.token_id).substr(0, 16);
  r.token_id = id;
  if (auto wallet_net = wallet_.network(); wallet_net && *wallet_net != checked->invoice.network) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: the invoice is for " + quote.network + ", but the " +
                wallet_.name() + " wallet pays on " + std::string(network_name(*wallet_net));
    return r;
  }
  auto fee_limit =
      wallet_.fee_limit_msat(challenge->invoice, checked->invoice, options_.max_fee_sats * 1000);
  if (fee_limit) {
    quote.fee_limit_msat = *fee_limit;
    quote.refusal = refusal_for(quote);
  } else {
    quote.refusal =
        fee_limit.error() + " (--max-fee-sats " + std::to_string(options_.max_fee_sats) + ")";
  }
  r.quote = quote;
  if (options_.dry_run) {
    r.status = FetchStatus::dry_run;
    r.message = quote.refusal.empty() ? "would pay" : "would refuse: " + quote.refusal;
    return r;
  }
  if (!quote.refusal.empty()) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: " + quote.refusal;
    return r;
  }
  // Counted before paying, under the budget's lock: a concurrent run cannot
  // pass the same check with the same sats.
  const std::uint64_t cost_msat = quote.amount_msat + quote.fee_limit_msat;
  auto reservation = budget_.reserve(cost_msat);
  if (!reservation.granted) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: " + price_text(quote) + " would exceed today's budget (" +
                sats_text(reservation.spent_before_msat) + " of " +
                std::to_string(budget_.limit().value_or(0)) + " sats spent)";
    return r;
  }

  TokenEntry entry;
  entry.id = id;
  entry.key = key;
  entry.state = TokenState::paying;
  entry.scheme = challenge->scheme;
  entry.macaroon = challenge->macaroon;
  entry.invoice = challenge->invoice;
  entry.payment_hash = quote.payment_hash;
  entry.amount_sats = checked->amount_sats;
  entry.amount_msat = checked->amount_msat;
  entry.fee_limit_msat = quote.fee_limit_msat;
  entry.reserved_msat = cost_msat;
  entry.budget_day = reservation.day;
  entry.wallet = wallet_.name();
  entry.created_at = clock_();
  entry.invoice_expires_at = quote.expires_at;
  try {
    cache_.put(entry);
  } catch (...) {
    budget_.release(entry.reserved_msat, entry.budget_day);
    throw;
  }

  say("paying " + sats_text(entry.amount_msat) + " sats" +
      (entry.fee_limit_msat ? " (fees up to " + sats_text(entry.fee_limit_msat) + " sats)" : "") +
      " with the " + wallet_.name() + " wallet (payment hash " + short_hash(entry.payment_hash) +
      "…" + (quote.description.empty() ? "" : ", \"" + quote.description + "\"") + ")");
  PayResult paid;
  try {
    paid = wallet_.pay(entry.invoice, checked->invoice, entry.fee_limit_msat);
  } catch (const std::exception& e) {
    paid.status = PayResult::Status::unknown;
    paid.message = e.what();
  }
  if (paid.status == PayResult::Status::failed) {
    budget_.release(entry.reserved_msat, entry.budget_day);
    cache_.remove(entry.id);
    r.status = FetchStatus::payment_failed;
    r.message = "payment failed: " + paid.message;
    return r;
  }
  if (paid.status == PayResult::Status::unknown) {
    r.status = FetchStatus::payment_failed;
    r.message = "the payment's outcome is unknown (" + paid.message +
                "); run the same command again: it asks the wallet and never pays twice";
    return r;
  }
  record_payment(entry, paid);

  FetchResult retry = send_with(request, entry);
  retry.paid = true;
  retry.quote = quote;
  if (retry.response && retry.response->status == 402) {
    // Freshly paid and still refused: never pay again in this run, and do not
    // loop on it in the next one either.
    keep_receipt(entry, TokenState::rejected);
    retry.message = "the server refused the credential it was just paid for (token " + entry.id +
                    " kept as rejected)";
  }
  return retry;
}

}  // namespace l402d::client
