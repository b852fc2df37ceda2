#pragma once

// A real local HTTP server that sells one resource per path with real L402
// challenges: macaroons minted by l402::Minter, invoices signed with
// bolt11::encode (regtest), and a /dev/pay that hands out the preimage
// (idempotently, like l402d's builtin node). Knobs let tests make it misbehave.
// Some paths offer an MPP Lightning charge or an x402 Lightning offer on the
// same invoice, alone or next to L402 (as l402d does), and take those
// credentials only when they echo exactly what was offered.

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "bolt11/codec.hpp"
#include "l402/headers.hpp"
#include "l402/minter.hpp"
#include "l402/request_binding.hpp"
#include "l402/verifier.hpp"
#include "mpp/challenge.hpp"
#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "support/fake_upstream.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "x402/network.hpp"
#include "x402/payment_payload.hpp"
#include "x402/payment_required.hpp"

namespace l402d::client::testing {

namespace http = l402d::http;

class MemoryRevocations final : public l402::RevocationList {
 public:
  void revoke(const Hash32& id) override {
    std::lock_guard lock(m_);
    ids_.insert(id);
  }
  bool is_revoked(const Hash32& id) override {
    std::lock_guard lock(m_);
    return ids_.count(id) != 0;
  }

 private:
  std::mutex m_;
  std::set<Hash32> ids_;
};

inline std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class FakeL402Server {
 public:
  // What the challenge looks like.
  enum class Style { l402, lsat_macaroon, lsat_token, both_lines, mpp, x402, all_rails };

  std::atomic<std::uint64_t> price_sats{21};
  std::atomic<std::int64_t> invoice_expiry{3600};
  std::atomic<std::int64_t> invoice_age{0};  // seconds the invoice's timestamp lies in the past
  std::atomic<bool> mismatch_hash{false};    // macaroon minted for another payment hash
  std::atomic<bool> refuse_payments{false};  // /dev/pay answers 400
  std::atomic<bool> network_mainnet{false};  // sign lnbc instead of lnbcrt
  // What the MPP request (sats) and the x402 offer (msat) state on top of the
  // invoice's amount: a lying server.
  std::atomic<std::int64_t> mpp_amount_delta_sats{0};
  std::atomic<std::int64_t> x402_amount_delta_msat{0};

  FakeL402Server() : keys_(secret_bytes(), revocations_), minter_(keys_), verifier_(keys_) {
    node_key_ =
        *from_hex_array<32>("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");
    gated("/api/l402/thing", Style::l402, R"({"content":"the answer"})");
    gated("/api/l402/music", Style::l402, R"({"audioUrl":"/media/song-1.mp3"})");
    gated("/api/lsat", Style::lsat_macaroon, R"({"content":"lsat ok"})");
    gated("/api/lsat-token", Style::lsat_token, R"({"content":"token ok"})");
    gated("/api/both", Style::both_lines, R"({"content":"both ok"})");
    gated("/api/mpp", Style::mpp, R"({"content":"mpp ok"})");
    gated("/api/x402", Style::x402, R"({"content":"x402 ok"})");
    gated("/api/rails", Style::all_rails, R"({"content":"rails ok"})");
    up_.on(http::Verb::post, "/api/broken", [](const http::Request& req) {
      return testing_json(req, http::Status::internal_server_error,
                          R"({"error":{"code":"boom","message":"it broke"}})");
    });
    up_.on(http::Verb::get, "/media/song-1.mp3", [](const http::Request& req) {
      return http::make_response(req, http::Status::ok, "audio/mpeg", "ID3-fake-mp3-bytes");
    });
    up_.on(http::Verb::post, "/dev/pay", [this](const http::Request& req) { return pay(req); });
    up_.start();
  }

  ~FakeL402Server() { up_.stop(); }  // before the state its handlers use goes away
  FakeL402Server(const FakeL402Server&) = delete;
  FakeL402Server& operator=(const FakeL402Server&) = delete;

  std::string url(std::string_view path = "") const { return up_.url(path); }
  void set_delay(std::chrono::milliseconds d) { up_.set_delay(d); }

  int pay_calls() const { return pay_calls_; }
  int challenges() const { return challenges_; }
  int served() const { return served_; }
  std::size_t distinct_invoices_paid() const {
    std::lock_guard lock(m_);
    return paid_.size();
  }
  std::vector<std::string> authorizations() const {
    std::lock_guard lock(m_);
    return authorizations_;
  }
  std::vector<std::string> payment_signatures() const {
    std::lock_guard lock(m_);
    return payment_signatures_;
  }
  // What the last 402 offered, to compare the echoes with.
  mpp::ChallengeParams last_mpp_challenge() const {
    std::lock_guard lock(m_);
    return last_mpp_;
  }
  boost::json::object last_x402_accepted() const {
    std::lock_guard lock(m_);
    return last_x402_;
  }
  // The next credential is answered with a fresh challenge, as after a
  // revocation or a secret rotation.
  void reject_next_credential() { reject_next_ = true; }

  static http::Response testing_json(const http::Request& req, http::Status s, std::string body) {
    return http::make_response(req, s, "application/json", std::move(body));
  }

 private:
  struct Pending {
    Hash32 preimage;
    std::int64_t expires_at;
  };
  // An MPP challenge or x402 offer as issued, for the request it was for.
  struct Issued {
    Hash32 payment_hash;
    Hash32 request_hash;
    mpp::ChallengeParams mpp;
    boost::json::object accepted;
  };

  static Bytes secret_bytes() {
    auto a = random_array<32>();
    return Bytes(a.begin(), a.end());
  }

  void gated(std::string path, Style style, std::string ok_body) {
    up_.on(http::Verb::post, path, [this, style, path, ok_body](const http::Request& req) {
      return handle(req, path, style, ok_body);
    });
    up_.on(http::Verb::get, path, [this, style, path, ok_body](const http::Request& req) {
      return handle(req, path, style, ok_body);
    });
  }

  http::Response handle(const http::Request& req, const std::string& path, Style style,
                        const std::string& ok_body) {
    auto service = "svc";
    auto rh = l402::request_hash(std::string_view(http::beast_http::to_string(req.method())),
                                 http::target_path(req), req.body());
    auto auth = req[http::Field::authorization];
    auto signature = req["PAYMENT-SIGNATURE"];
    if (!signature.empty()) {
      {
        std::lock_guard lock(m_);
        payment_signatures_.push_back(std::string(signature));
      }
      bool reject = reject_next_.exchange(false);
      auto payload = x402::parse_payment_payload(signature);
      if (payload && payload->preimage && !reject &&
          redeemable(payload->accepted_invoice, *payload->preimage, rh,
                     [&](const Issued& i) { return i.accepted == payload->accepted; })) {
        ++served_;
        return testing_json(req, http::Status::ok, ok_body);
      }
      return challenge(req, path, style, rh);
    }
    if (auth.starts_with("Payment ")) {
      {
        std::lock_guard lock(m_);
        authorizations_.push_back(std::string(auth));
      }
      bool reject = reject_next_.exchange(false);
      std::string_view value(auth);
      auto found = mpp::find_credential(std::span<const std::string_view>(&value, 1));
      if (found && *found && !reject &&
          redeemable((*found)->challenge.id, (*found)->preimage, rh,
                     [&](const Issued& i) { return i.mpp == (*found)->challenge; })) {
        ++served_;
        return testing_json(req, http::Status::ok, ok_body);
      }
      return challenge(req, path, style, rh);
    }
    if (!auth.empty()) {
      {
        std::lock_guard lock(m_);
        authorizations_.push_back(std::string(auth));
      }
      auto cred = l402::parse_authorization(std::string_view(auth));
      bool reject = reject_next_.exchange(false);
      if (cred && !reject) {
        l402::VerifyContext ctx{service, now_seconds(), rh, std::nullopt};
        if (verifier_.verify(*cred, ctx)) {
          ++served_;
          return testing_json(req, http::Status::ok, ok_body);
        }
      }
    }
    return challenge(req, path, style, rh);
  }

  // Issued under `key` (MPP: the challenge id; x402: the invoice), echoed as
  // `echoes` says, for this request, and paid with this preimage.
  template <class Echoes>
  bool redeemable(const std::string& key, const Hash32& preimage, const Hash32& rh, Echoes echoes) {
    std::lock_guard lock(m_);
    auto it = issued_.find(key);
    return it != issued_.end() && echoes(it->second) && it->second.request_hash == rh &&
           sha256(preimage) == it->second.payment_hash;
  }

  http::Response challenge(const http::Request& req, const std::string&, Style style,
                           const Hash32& rh) {
    ++challenges_;
    auto preimage = random_array<32>();
    bolt11::Invoice inv;
    inv.network = network_mainnet ? bolt11::Network::mainnet : bolt11::Network::regtest;
    inv.amount_msat = price_sats.load() * 1000;
    inv.timestamp = static_cast<std::uint64_t>(now_seconds() - invoice_age.load());
    inv.payment_hash = sha256(preimage);
    inv.payment_secret = random_array<32>();
    inv.description = "L402 svc";
    inv.expiry_seconds = static_cast<std::uint64_t>(invoice_expiry.load());
    std::string invoice = bolt11::encode(inv, node_key_);
    {
      std::lock_guard lock(m_);
      pending_[inv.payment_hash] = {preimage, static_cast<std::int64_t>(inv.expires_at())};
    }
    l402::MintOptions mo;
    mo.service = "svc";
    mo.valid_until = now_seconds() + 3600;
    mo.request_hash = rh;
    Hash32 minted_for = mismatch_hash ? random_array<32>() : inv.payment_hash;
    auto token = minter_.mint(minted_for, mo);
    http::StringResponse res =
        http::make_response(req, http::Status::payment_required, "application/json",
                            R"({"error":{"code":"payment_required","message":"pay"}})");
    switch (style) {
      case Style::l402:
        res.insert(http::Field::www_authenticate, l402::format_challenge(token.base64, invoice));
        break;
      case Style::lsat_macaroon:
        res.insert(http::Field::www_authenticate,
                   l402::format_lsat_challenge(token.base64, invoice));
        break;
      case Style::lsat_token:
        res.insert(http::Field::www_authenticate,
                   "LSAT token=\"" + token.base64 + "\", invoice=\"" + invoice + "\"");
        break;
      case Style::both_lines:
        res.insert(http::Field::www_authenticate,
                   l402::format_lsat_challenge(token.base64, invoice));
        res.insert(http::Field::www_authenticate, l402::format_challenge(token.base64, invoice));
        break;
      case Style::mpp:
      case Style::x402:
      case Style::all_rails:
        break;
    }
    if (style == Style::all_rails) {
      res.insert(http::Field::www_authenticate, l402::format_challenge(token.base64, invoice));
    }
    if (style == Style::mpp || style == Style::all_rails) {
      mpp::ChargeRequest charge;
      charge.amount_sats = static_cast<std::uint64_t>(static_cast<std::int64_t>(price_sats.load()) +
                                                      mpp_amount_delta_sats.load());
      charge.description = "L402 svc";
      charge.external_id = token.base64;
      charge.invoice = invoice;
      charge.payment_hash_hex = to_hex(inv.payment_hash);
      charge.network = network_mainnet ? "mainnet" : "regtest";
      mpp::ChallengeParams params;
      params.id = to_hex(random_array<16>());
      params.realm = "127.0.0.1";
      params.method = "lightning";
      params.intent = "charge";
      params.request = mpp::encode_charge_request(charge);
      params.expires = iso_time(now_seconds() + 3600);
      res.insert(http::Field::www_authenticate, mpp::format_challenge(params));
      std::lock_guard lock(m_);
      issued_[params.id] = {inv.payment_hash, rh, params, {}};
      last_mpp_ = params;
    }
    if (style == Style::x402 || style == Style::all_rails) {
      x402::LightningOffer offer;
      offer.resource_url = "http://127.0.0.1/api";
      offer.description = "L402 svc";
      offer.network = std::string(x402::caip2_network(inv.network));
      offer.amount_msat = static_cast<std::uint64_t>(static_cast<std::int64_t>(*inv.amount_msat) +
                                                     x402_amount_delta_msat.load());
      offer.max_timeout_seconds = 3600;
      offer.invoice = invoice;
      offer.extra["macaroon"] = token.base64;
      auto header = x402::format_payment_required(offer);
      res.set("PAYMENT-REQUIRED", header);
      std::lock_guard lock(m_);
      last_x402_ = x402::find_lightning_offer(header)->accepted;
      issued_[invoice] = {inv.payment_hash, rh, {}, last_x402_};
    }
    return res;
  }

  http::Response pay(const http::Request& req) {
    ++pay_calls_;
    auto v = boost::json::parse(req.body());
    std::string invoice(v.as_object().at("invoice").as_string());
    auto inv = bolt11::decode(invoice);
    if (!inv || refuse_payments) {
      return testing_json(req, http::Status::bad_request,
                          R"({"error":{"code":"refused","message":"no"}})");
    }
    std::lock_guard lock(m_);
    auto it = pending_.find(inv->payment_hash);
    if (it == pending_.end()) {
      return testing_json(req, http::Status::bad_request,
                          R"({"error":{"code":"foreign","message":"not ours"}})");
    }
    if (!paid_.count(inv->payment_hash) && now_seconds() >= it->second.expires_at) {
      return testing_json(req, http::Status::gone,
                          R"({"error":{"code":"expired","message":"expired"}})");
    }
    paid_.insert(inv->payment_hash);
    return testing_json(
        req, http::Status::ok,
        boost::json::serialize(boost::json::object{{"preimage", to_hex(it->second.preimage)}}));
  }

  MemoryRevocations revocations_;
  l402::DerivedRootKeys keys_;
  l402::Minter minter_;
  l402::Verifier verifier_;
  bolt11::SecretKey node_key_{};
  l402d::testing::FakeUpstream up_;
  mutable std::mutex m_;
  std::map<Hash32, Pending> pending_;
  std::set<Hash32> paid_;
  std::vector<std::string> authorizations_;
  std::vector<std::string> payment_signatures_;
  std::map<std::string, Issued> issued_;
  mpp::ChallengeParams last_mpp_;
  boost::json::object last_x402_;
  std::atomic<bool> reject_next_{false};
  std::atomic<int> pay_calls_{0};
  std::atomic<int> challenges_{0};
  std::atomic<int> served_{0};
};

}  // namespace l402d::client::testing
