#pragma once

// A real local HTTP server that sells one resource per path with real L402
// challenges: macaroons minted by l402::Minter, invoices signed with
// bolt11::encode (regtest), and a /dev/pay that hands out the preimage
// (idempotently, like l402d's builtin node). Knobs let tests make it misbehave.

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
#include "support/fake_upstream.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

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
  enum class Style { l402, lsat_macaroon, lsat_token, both_lines };

  std::atomic<std::uint64_t> price_sats{21};
  std::atomic<std::int64_t> invoice_expiry{3600};
  std::atomic<std::int64_t> invoice_age{0};  // seconds the invoice's timestamp lies in the past
  std::atomic<bool> mismatch_hash{false};    // macaroon minted for another payment hash
  std::atomic<bool> refuse_payments{false};  // /dev/pay answers 400
  std::atomic<bool> network_mainnet{false};  // sign lnbc instead of lnbcrt

  FakeL402Server() : keys_(secret_bytes(), revocations_), minter_(keys_), verifier_(keys_) {
    node_key_ =
        *from_hex_array<32>("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");
    gated("/api/l402/thing", Style::l402, R"({"content":"the answer"})");
    gated("/api/l402/music", Style::l402, R"({"audioUrl":"/media/song-1.mp3"})");
    gated("/api/lsat", Style::lsat_macaroon, R"({"content":"lsat ok"})");
    gated("/api/lsat-token", Style::lsat_token, R"({"content":"token ok"})");
    gated("/api/both", Style::both_lines, R"({"content":"both ok"})");
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
  std::atomic<bool> reject_next_{false};
  std::atomic<int> pay_calls_{0};
  std::atomic<int> challenges_{0};
  std::atomic<int> served_{0};
};

}  // namespace l402d::client::testing
