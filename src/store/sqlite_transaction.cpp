#include "store/sqlite_transaction.hpp"

namespace l402d::store {

Transaction::Transaction(SqliteConnection& connection, Synchronous durability)
    : connection_(connection) {
  // The level is set outside the transaction: SQLite reads it at commit, but
  // changing it is only documented as safe between transactions.
  connection_.set_synchronous(durability);
  connection_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (done_ || !connection_.in_transaction()) return;
  try {
    connection_.prepare("ROLLBACK").run();
  } catch (...) {
    // Nothing better to do while unwinding; SQLite rolls back a transaction left
    // open when the next BEGIN fails or the connection closes.
  }
}

void Transaction::commit() {
  connection_.prepare("COMMIT").run();
  done_ = true;
}

}  // namespace l402d::store
