#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

using Durability = StoreTest;

// The child opens the store, commits a root key, tells the parent and waits to
// be killed. Anything put_root_key left uncommitted or queued dies with it.
TEST_F(Durability, RootKeySurvivesKillNineRightAfterPut) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      SqliteStore store(options());
      store.put_root_key(hash_of("paid-for id"), hash_of("its root key"));
      store.revoke(hash_of("revoked token"));
      if (::write(fds[1], "ok", 2) != 2) code = 2;
    } catch (...) {
      code = 3;
    }
    if (code == 0) {
      // Keep the store open (no orderly close, no checkpoint) until SIGKILL.
      for (;;)
        ::pause();
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  char buf[2] = {};
  const auto got = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_EQ(got, 2) << "child exit status " << status;
  ASSERT_EQ(std::string(buf, 2), "ok");
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  auto store = open();
  EXPECT_EQ(store->get_root_key(hash_of("paid-for id")), hash_of("its root key"));
  EXPECT_TRUE(store->is_revoked(hash_of("revoked token")));
}

TEST_F(Durability, ReopenKeepsInvoicesAndTokens) {
  const auto paid = token("paid");
  const auto done = token("done");
  const auto failed = token("failed");
  {
    auto store = open();
    InvoiceRecord inv;
    inv.payment_hash = hash_of("ph");
    inv.preimage = hash_of("pre");
    inv.bolt11 = "lnbcrt1";
    inv.amount_msat = 5000;
    inv.created_at = 1;
    inv.expires_at = 2;
    store->insert_invoice(inv);
    ASSERT_TRUE(store->settle_invoice(inv.payment_hash, 3));
    store->mark_token_paid(paid, 10);
    ASSERT_EQ(store->claim_token(done, 10, 60).outcome, Claim::Outcome::claimed);
    StoredResult r;
    r.content_type = "text/plain";
    r.body = {'h', 'i'};
    ASSERT_TRUE(store->complete_token(done.token_id, r, 11));
    ASSERT_EQ(store->claim_token(failed, 10, 60).outcome, Claim::Outcome::claimed);
    ASSERT_TRUE(store->fail_token(failed.token_id, "engine_timeout", 12));
  }
  auto store = open();
  auto inv = store->find_invoice(hash_of("ph"));
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->state, InvoiceState::settled);
  EXPECT_EQ(inv->preimage, hash_of("pre"));
  EXPECT_EQ(inv->settled_at, 3);
  EXPECT_EQ(store->find_token(paid.token_id)->state, TokenState::paid);
  auto replay = store->claim_token(done, 20, 60);
  ASSERT_EQ(replay.outcome, Claim::Outcome::redeemed);
  EXPECT_EQ(replay.result->body, (Bytes{'h', 'i'}));
  auto f = store->find_token(failed.token_id);
  EXPECT_EQ(f->state, TokenState::failed);
  EXPECT_EQ(f->last_error, "engine_timeout");
}

// Which writes are FULL is a deliberate choice (docs/store.md); this pins it.
TEST_F(Durability, MoneyWritesCommitWithSynchronousFull) {
  auto store = open();
  std::map<std::string, int> levels;
  store->set_write_observer(
      [&](std::string_view op, int level) { levels[std::string(op)] = level; });
  const auto t = token("a");
  store->put_root_key(hash_of("id"), hash_of("key"));
  store->revoke(hash_of("tok"));
  store->delete_root_key(hash_of("id"));
  InvoiceRecord inv;
  inv.payment_hash = hash_of("ph");
  inv.bolt11 = "lnbcrt1";
  store->insert_invoice(inv);
  store->settle_invoice(inv.payment_hash, 1);
  store->cancel_invoice(inv.payment_hash);
  store->record_token_issued(t);
  store->mark_token_paid(t, 1);
  store->claim_token(t, 2, 60);
  store->fail_token(t.token_id, "x", 3);
  store->claim_token(t, 4, 60);
  store->purge_results(10);
  store->complete_token(t.token_id, StoredResult{}, 5);

  constexpr int kFull = 2, kNormal = 1;
  for (const char* op : {"put_root_key", "revoke", "delete_root_key", "insert_invoice",
                         "settle_invoice", "cancel_invoice", "record_token_issued",
                         "mark_token_paid", "claim_token", "fail_token", "complete_token"}) {
    ASSERT_TRUE(levels.count(op)) << op;
    EXPECT_EQ(levels[op], kFull) << op;
  }
  ASSERT_TRUE(levels.count("purge_results"));
  EXPECT_EQ(levels["purge_results"], kNormal);
}

}  // namespace
}  // namespace l402d::store::testing
