#include "client/fetcher.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <stdexcept>

#include "bolt11/codec.hpp"
#include "client/exit_codes.hpp"
#include "client/invoice_check.hpp"
#include "client/sats_text.hpp"
#include "l402/headers.hpp"
#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "x402/network.hpp"
#include "x402/payment_payload.hpp"

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

CredentialHeader credential_header(const TokenEntry& entry) {
  if (entry.rail == Rail::l402) return {"Authorization", authorization_value(entry)};
  auto preimage = from_hex_array<32>(entry.preimage);
  if (!preimage) {
    throw std::runtime_error("cached token " + entry.id +
                             " holds an unreadable preimage; inspect it with `l402 tokens list`");
  }
  if (entry.rail == Rail::mpp) {
    return {"Authorization", mpp::format_authorization(entry.mpp_challenge, *preimage)};
  }
  // Both preimage and invoice: the preimage proves payment without asking the
  // seller's node, and the invoice is what invoice-only servers look up.
  return {"PAYMENT-SIGNATURE", x402::format_payment_payload(entry.x402_version, entry.x402_accepted,
                                                            *preimage, entry.invoice)};
}

std::optional<Offer> select_offer(const net::HttpResponse& response) {
  const auto values = www_authenticate_values(response);
  Offer offer;
  // L402 first: its macaroon is a bearer token other L402 clients (lnget,
  // Alby) also take, and l402d redeems any rail alike.
  if (auto challenge = l402::parse_challenge(values)) {
    offer.rail = Rail::l402;
    offer.l402_challenge = std::move(*challenge);
    return offer;
  }
  std::vector<std::string_view> views(values.begin(), values.end());
  for (auto& c : mpp::parse_challenges(views)) {
    if (c.method == mpp::kMethodLightning && c.intent == mpp::kIntentCharge) {
      offer.rail = Rail::mpp;
      offer.mpp_challenge = std::move(c);
      return offer;
    }
  }
  for (const auto& [k, v] : response.headers) {
    if (k != "payment-required") continue;
    if (auto requirements = x402::find_lightning_offer(v)) {
      offer.rail = Rail::x402;
      offer.x402_offer = std::move(*requirements);
      return offer;
    }
  }
  return std::nullopt;
}

namespace {

// An offer whose invoice passed check_invoice and whose own statements
// (amount, payment hash, network) agree with it: what is paid and cached.
struct CheckedOffer {
  Offer offer;
  std::string scheme;
  std::string invoice;  // BOLT11 text
  std::string id;       // the cache id
  CheckedInvoice checked;
};

auto refuse(CheckError code, std::string message) {
  return unexpected(CheckFailure{code, std::move(message)});
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Expected<CheckedOffer, CheckFailure> check_l402_offer(Offer offer, const InvoicePolicy& policy,
                                                      std::int64_t now) {
  auto checked = check_challenge(offer.l402_challenge, policy, now);
  if (!checked) return unexpected(checked.error());
  CheckedOffer out;
  out.scheme = offer.l402_challenge.scheme;
  out.invoice = offer.l402_challenge.invoice;
  out.id = to_hex(checked->identifier.token_id).substr(0, 16);
  out.checked = {std::move(checked->invoice), checked->amount_msat, checked->amount_sats};
  out.offer = std::move(offer);
  return out;
}

// The JSON is not signed, the invoice is: a server stating one price and
// invoicing another is not paid, whichever way they differ.
Expected<CheckedOffer, CheckFailure> with_stated_amount(CheckedOffer out, std::uint64_t stated_msat,
                                                        std::string_view what) {
  if (stated_msat != out.checked.amount_msat) {
    return refuse(CheckError::offer_mismatch, std::string(what) + sats_text(stated_msat) +
                                                  " sats, but its invoice is for " +
                                                  sats_text(out.checked.amount_msat) + " sats");
  }
  out.id = to_hex(out.checked.invoice.payment_hash).substr(0, 16);
  return out;
}

Expected<CheckedOffer, CheckFailure> check_mpp_offer(Offer offer, const InvoicePolicy& policy,
                                                     std::int64_t now) {
  auto request = mpp::decode_charge_request(offer.mpp_challenge.request);
  if (!request) {
    return refuse(CheckError::invalid_offer,
                  "the MPP charge request does not parse: " + request.error());
  }
  auto checked = check_invoice(request->invoice, policy, now);
  if (!checked) return unexpected(checked.error());
  const auto hash = to_hex(checked->invoice.payment_hash);
  if (!request->payment_hash_hex.empty() && lower(request->payment_hash_hex) != hash) {
    return refuse(CheckError::hash_mismatch, "the MPP request's payment hash " +
                                                 request->payment_hash_hex +
                                                 " is not its invoice's " + hash);
  }
  const auto invoice_network = std::string(network_name(checked->invoice.network));
  if (!request->network.empty() && request->network != invoice_network) {
    return refuse(CheckError::offer_mismatch, "the MPP request names the " + request->network +
                                                  " network, but its invoice is for " +
                                                  invoice_network);
  }
  // Paying after the challenge expired buys a credential the server refuses.
  if (auto expires = parse_iso_time(offer.mpp_challenge.expires);
      expires && now + policy.min_remaining_seconds >= *expires) {
    return refuse(CheckError::expired, "the MPP challenge has expired (or expires within " +
                                           std::to_string(policy.min_remaining_seconds) + " s)");
  }
  // Overflow-safe: a stated amount this large cannot equal any invoice's.
  const auto stated_msat = request->amount_sats > std::numeric_limits<std::uint64_t>::max() / 1000
                               ? 0
                               : request->amount_sats * 1000;
  CheckedOffer out;
  out.invoice = request->invoice;
  out.scheme = std::string(mpp::kScheme);
  out.checked = std::move(*checked);
  out.offer = std::move(offer);
  return with_stated_amount(std::move(out), stated_msat, "the MPP request asks ");
}

Expected<CheckedOffer, CheckFailure> check_x402_offer(Offer offer, const InvoicePolicy& policy,
                                                      std::int64_t now) {
  auto checked = check_invoice(offer.x402_offer.invoice, policy, now);
  if (!checked) return unexpected(checked.error());
  const auto* network = offer.x402_offer.accepted.if_contains("network");
  if (network && network->is_string()) {
    auto named = x402::network_from_caip2(network->get_string());
    if (named && *named != checked->invoice.network) {
      return refuse(CheckError::offer_mismatch,
                    "the x402 offer names the " + std::string(network_name(*named)) +
                        " network, but its invoice is for " +
                        std::string(network_name(checked->invoice.network)));
    }
  }
  const auto stated_msat = offer.x402_offer.amount_msat;
  CheckedOffer out;
  out.invoice = offer.x402_offer.invoice;
  out.scheme = "x402";
  out.checked = std::move(*checked);
  out.offer = std::move(offer);
  return with_stated_amount(std::move(out), stated_msat, "the x402 offer asks ");
}

Expected<CheckedOffer, CheckFailure> check_offer(Offer offer, const InvoicePolicy& policy,
                                                 std::int64_t now) {
  switch (offer.rail) {
    case Rail::l402:
      return check_l402_offer(std::move(offer), policy, now);
    case Rail::mpp:
      return check_mpp_offer(std::move(offer), policy, now);
    case Rail::x402:
      return check_x402_offer(std::move(offer), policy, now);
  }
  return refuse(CheckError::invalid_offer, "unknown payment rail");
}

constexpr std::string_view kCredentialHeaders[] = {"authorization", "payment-signature",
                                                   "x-payment"};

bool is_success(long status) {
  return status >= 200 && status < 300;
}

net::HttpRequest with_credential(const net::HttpRequest& request, const TokenEntry& entry) {
  net::HttpRequest out = request;
  // A credential the user passed by hand would make the server see two
  // different ones and take the wrong one (it reads one credential per
  // request, L402 first) or refuse both.
  std::erase_if(out.headers, [](const auto& h) {
    const auto name = lower(h.first);
    return std::find(std::begin(kCredentialHeaders), std::end(kCredentialHeaders), name) !=
           std::end(kCredentialHeaders);
  });
  auto header = credential_header(entry);
  // Not a well-known secret header to net/credentials.cpp: named here so
  // that no redirect carries it elsewhere.
  if (entry.rail == Rail::x402) out.secret_headers.push_back(header.name);
  out.headers.emplace_back(std::move(header.name), std::move(header.value));
  return out;
}

std::string short_hash(const std::string& hex) {
  return hex.substr(0, 16);
}

Quote make_quote(const CheckedOffer& c) {
  Quote q;
  q.rail = c.offer.rail;
  q.scheme = c.scheme;
  q.amount_msat = c.checked.amount_msat;
  q.amount_sats = c.checked.amount_sats;
  q.description = c.checked.invoice.description.value_or("");
  q.payment_hash = to_hex(c.checked.invoice.payment_hash);
  q.network = std::string(network_name(c.checked.invoice.network));
  q.expires_at = static_cast<std::int64_t>(c.checked.invoice.expires_at());
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
    if (!select_offer(*r.response)) return r;
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
    r.response = transport_(with_credential(request, entry));
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
  auto offer = select_offer(challenge_response);
  if (!offer) {
    r.status = FetchStatus::http_error;
    r.response = challenge_response;
    r.message =
        "HTTP 402 without an L402 or LSAT challenge, an MPP Lightning charge or an x402 "
        "Lightning offer";
    return r;
  }
  InvoicePolicy policy;
  policy.network = options_.network ? options_.network : wallet_.network();
  policy.min_remaining_seconds = options_.min_invoice_remaining_seconds;
  auto checked = check_offer(std::move(*offer), policy, clock_());
  if (!checked) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: " + checked.error().message;
    return r;
  }
  Quote quote = make_quote(*checked);
  const std::string id = checked->id;
  r.token_id = id;
  const bolt11::Invoice& invoice = checked->checked.invoice;
  if (auto wallet_net = wallet_.network(); wallet_net && *wallet_net != invoice.network) {
    r.status = FetchStatus::refused;
    r.response = challenge_response;
    r.message = "refused to pay: the invoice is for " + quote.network + ", but the " +
                wallet_.name() + " wallet pays on " + std::string(network_name(*wallet_net));
    return r;
  }
  auto fee_limit = wallet_.fee_limit_msat(checked->invoice, invoice, options_.max_fee_sats * 1000);
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
  entry.rail = checked->offer.rail;
  entry.scheme = checked->scheme;
  // Everything the credential echoes is in the intent, so that a run
  // resolving an interrupted payment can still send it.
  switch (entry.rail) {
    case Rail::l402:
      entry.macaroon = checked->offer.l402_challenge.macaroon;
      break;
    case Rail::mpp:
      entry.mpp_challenge = checked->offer.mpp_challenge;
      break;
    case Rail::x402:
      entry.x402_accepted = checked->offer.x402_offer.accepted;
      entry.x402_version = checked->offer.x402_offer.x402_version;
      break;
  }
  entry.invoice = checked->invoice;
  entry.payment_hash = quote.payment_hash;
  entry.amount_sats = checked->checked.amount_sats;
  entry.amount_msat = checked->checked.amount_msat;
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
    paid = wallet_.pay(entry.invoice, invoice, entry.fee_limit_msat);
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
