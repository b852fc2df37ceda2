#include "client/purchaser.hpp"

#include <utility>

#include "client/url.hpp"

namespace l402d::client {

Purchaser::Purchaser(PurchaseSettings settings, Transport transport, Environment environment,
                     Clock clock)
    : settings_(std::move(settings)),
      wallet_(settings_.wallet.empty() ? settings_.config.wallet : settings_.wallet),
      transport_(std::move(transport)),
      environment_(std::move(environment)),
      clock_(std::move(clock)),
      cache_(settings_.home / "tokens.json"),
      budget_(settings_.home / "budget.json",
              settings_.daily_budget_sats ? settings_.daily_budget_sats
                                          : settings_.config.daily_budget_sats,
              clock_) {}

FetchOptions Purchaser::default_options() const {
  const Config& c = settings_.config;
  FetchOptions options;
  options.max_sats = c.max_sats;
  options.max_fee_sats = c.max_fee_sats;
  options.network = c.network;
  options.receipts.max_age_days = c.receipt_days;
  options.receipts.max_count = c.max_receipts;
  return options;
}

void Purchaser::check_wallet() const {
  WalletContext context;
  context.server_origin = "http://127.0.0.1";
  context.transport = transport_;
  context.environment = environment_;
  make_wallet(wallet_, settings_.config, context);
}

FetchResult Purchaser::buy(const net::HttpRequest& request, const FetchOptions& options,
                           Fetcher::Notice notice) {
  WalletContext context;
  // The development wallet pays through the server's own /dev/pay.
  context.server_origin = parse_url(request.url).origin();
  context.transport = transport_;
  context.environment = environment_;
  const auto wallet = make_wallet(wallet_, settings_.config, context);
  Fetcher fetcher(transport_, *wallet, cache_, budget_, options, clock_, std::move(notice));
  return fetcher.fetch(request);
}

}  // namespace l402d::client
