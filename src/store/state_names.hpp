#pragma once

// Text forms of the store's enums. The database keeps states as text (checked by
// the schema) rather than integers so that a row is readable with the sqlite3 or
// psql shell and a reordering of the C++ enum cannot silently change meanings.

#include <optional>
#include <string_view>

#include "store/invoice_store.hpp"
#include "store/job_store.hpp"
#include "store/token_ledger.hpp"

namespace l402d::store {

std::optional<InvoiceState> invoice_state_from_string(std::string_view s);
std::optional<TokenState> token_state_from_string(std::string_view s);

}  // namespace l402d::store
