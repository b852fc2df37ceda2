#pragma once

// An invoice store that forwards to a real one, with hooks on the calls: lets a
// test make the store fail, or make another "thread" act at an exact moment.

#include <functional>

#include "store/invoice_store.hpp"

namespace l402d::lightning::fakes {

class DelegatingStore : public store::InvoiceStore {
 public:
  explicit DelegatingStore(store::InvoiceStore& inner) : inner_(inner) {}

  std::function<void(const store::InvoiceRecord&)> before_insert;
  std::function<void(const Hash32&)> before_settle;

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

 private:
  store::InvoiceStore& inner_;
};

}  // namespace l402d::lightning::fakes
