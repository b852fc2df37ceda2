#pragma once

// A store that forwards to a real one, with hooks on the invoice calls: lets a
// test make the store fail, or make another "thread" act at an exact moment.

#include <functional>

#include "store/store.hpp"

namespace l402d::lightning::fakes {

class DelegatingStore : public store::Store {
 public:
  explicit DelegatingStore(store::Store& inner) : inner_(inner) {}

  std::function<void(const store::InvoiceRecord&)> before_insert;
  std::function<void(const Hash32&)> before_settle;

  void put_root_key(const Hash32& id, const Hash32& key) override { inner_.put_root_key(id, key); }
  std::optional<Hash32> get_root_key(const Hash32& id) override { return inner_.get_root_key(id); }
  bool delete_root_key(const Hash32& id) override { return inner_.delete_root_key(id); }
  void revoke(const Hash32& id) override { inner_.revoke(id); }
  bool is_revoked(const Hash32& id) override { return inner_.is_revoked(id); }
  std::vector<Hash32> revoked_token_ids() override { return inner_.revoked_token_ids(); }

  void insert_invoice(const store::InvoiceRecord& invoice) override {
    if (before_insert) before_insert(invoice);
    inner_.insert_invoice(invoice);
  }
  std::optional<store::InvoiceRecord> find_invoice(const Hash32& hash) override {
    return inner_.find_invoice(hash);
  }
  bool settle_invoice(const Hash32& hash, std::int64_t settled_at) override {
    if (before_settle) before_settle(hash);
    return inner_.settle_invoice(hash, settled_at);
  }
  bool cancel_invoice(const Hash32& hash) override { return inner_.cancel_invoice(hash); }

  void record_token_issued(const store::TokenRecord& token) override {
    inner_.record_token_issued(token);
  }
  void mark_token_paid(const store::TokenRecord& token, std::int64_t now) override {
    inner_.mark_token_paid(token, now);
  }
  store::Claim claim_token(const store::TokenRecord& token, std::int64_t now,
                           std::int64_t lease_seconds) override {
    return inner_.claim_token(token, now, lease_seconds);
  }
  bool complete_token(const Hash32& id, const store::StoredResult& result,
                      std::int64_t now) override {
    return inner_.complete_token(id, result, now);
  }
  bool fail_token(const Hash32& id, const std::string& error, std::int64_t now) override {
    return inner_.fail_token(id, error, now);
  }
  std::optional<store::TokenRecord> find_token(const Hash32& id) override {
    return inner_.find_token(id);
  }
  std::size_t purge_results(std::int64_t before) override { return inner_.purge_results(before); }
  int schema_version() override { return inner_.schema_version(); }

 private:
  store::Store& inner_;
};

}  // namespace l402d::lightning::fakes
