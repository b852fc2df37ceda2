#pragma once

// The builtin development node's invoices: all it keeps beyond its key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/invoice_state.hpp"
#include "util/bytes.hpp"

namespace l402d::store {

struct InvoiceRecord {
  Hash32 payment_hash{};
  Hash32 preimage{};
  std::string bolt11;
  std::uint64_t amount_msat = 0;  // at most INT64_MAX, else std::invalid_argument
  std::string description;
  std::int64_t created_at = 0;  // unix seconds
  std::int64_t expires_at = 0;
  InvoiceState state = InvoiceState::open;
  std::optional<std::int64_t> settled_at;
};

class InvoiceStore {
 public:
  virtual ~InvoiceStore() = default;

  // StoreError(constraint) if the payment hash is already known.
  virtual void insert_invoice(const InvoiceRecord& invoice) = 0;
  virtual std::optional<InvoiceRecord> find_invoice(const Hash32& payment_hash) = 0;
  // open -> settled. False if the invoice is unknown or not open.
  virtual bool settle_invoice(const Hash32& payment_hash, std::int64_t settled_at) = 0;
  // open -> cancelled. False if the invoice is unknown or not open.
  virtual bool cancel_invoice(const Hash32& payment_hash) = 0;
};

}  // namespace l402d::store
