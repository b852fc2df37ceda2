// The token transition table (tests/model/token_table.hpp) against the real
// stores: every row is set up, run and checked on SQLite and PostgreSQL. The
// spin model is generated from the same table, so a change to the SQL or to
// claim_rules.cpp that the table does not follow fails here, and so does a
// change to the table (and hence the model) that the code does not follow.

#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "model/token_table.hpp"
#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

namespace m = l402d::model;

constexpr std::int64_t kStart = 1000;  // the setup's claim
constexpr std::int64_t kLease = 100;   // so a setup lease runs until 1100

// One concrete situation: a row in `from`, a call at `now` by a caller whose
// request matches the row's binding or not.
struct Case {
  m::State from = m::State::absent;
  m::Lease lease = m::Lease::expired;  // what lease_until > now is at the call
  m::Request request = m::Request::match;
  bool unbound = false;  // the row has no request (issued and paid only)
  std::int64_t now = 0;
  std::string label = {};
};

// Every situation a store can be put in through its own interface. Rows that
// were never claimed, and rows that complete_token or fail_token wrote, have
// lease_until = 0, so only in_progress has a live lease.
std::vector<Case> cases() {
  using S = m::State;
  using L = m::Lease;
  using R = m::Request;
  std::vector<Case> out;
  out.push_back({S::absent, L::expired, R::match, false, 1200, "absent"});
  for (auto s : {S::issued, S::paid}) {
    out.push_back({s, L::expired, R::match, true, 1200, "unbound"});
    out.push_back({s, L::expired, R::match, false, 1200, "same"});
    out.push_back({s, L::expired, R::mismatch, false, 1200, "other"});
  }
  for (auto r : {R::match, R::mismatch}) {
    const std::string req = r == R::match ? "same" : "other";
    out.push_back({S::in_progress, L::live, r, false, 1050, req + ", lease live"});
    // lease_until > now is strict: at lease_until the lease has run out.
    out.push_back(
        {S::in_progress, L::expired, r, false, kStart + kLease, req + ", lease ends now"});
    out.push_back({S::in_progress, L::expired, r, false, 1200, req + ", lease over"});
    out.push_back({S::redeemed, L::expired, r, false, 1200, req});
    out.push_back({S::failed, L::expired, r, false, 1200, req});
  }
  return out;
}

std::string body_of(const StoredResult& r) {
  return std::string(r.body.begin(), r.body.end());
}

m::State state_of(const std::optional<TokenRecord>& row) {
  if (!row) return m::State::absent;
  switch (row->state) {
    case TokenState::issued:
      return m::State::issued;
    case TokenState::paid:
      return m::State::paid;
    case TokenState::in_progress:
      return m::State::in_progress;
    case TokenState::redeemed:
      return m::State::redeemed;
    case TokenState::failed:
      return m::State::failed;
  }
  return m::State::absent;
}

m::Outcome outcome_of(Claim::Outcome o) {
  switch (o) {
    case Claim::Outcome::claimed:
      return m::Outcome::claimed;
    case Claim::Outcome::busy:
      return m::Outcome::busy;
    case Claim::Outcome::redeemed:
      return m::Outcome::redeemed;
    case Claim::Outcome::request_mismatch:
      return m::Outcome::request_mismatch;
    case Claim::Outcome::expired_result:
      break;  // no row: results are never purged here
  }
  return m::Outcome::none;
}

// Puts the token into `c.from` through the store's own calls, bound to
// `bound_to` (or unbound). A redeemed token's result body is "first".
void set_up(TokenLedger& store, const Case& c, const TokenRecord& bound_to) {
  switch (c.from) {
    case m::State::absent:
      return;
    case m::State::issued:
      store.record_token_issued(bound_to);
      return;
    case m::State::paid:
      store.mark_token_paid(bound_to, kStart);
      return;
    case m::State::in_progress:
    case m::State::redeemed:
    case m::State::failed:
      ASSERT_EQ(store.claim_token(bound_to, kStart, kLease).outcome, Claim::Outcome::claimed);
      if (c.from == m::State::redeemed) {
        ASSERT_TRUE(store.complete_token(bound_to.token_id, result("first"), kStart + 10));
      }
      if (c.from == m::State::failed) {
        ASSERT_TRUE(store.fail_token(bound_to.token_id, "boom", kStart + 10));
      }
      return;
  }
}

m::Outcome run(TokenLedger& store, m::Event event, const TokenRecord& caller, std::int64_t now) {
  switch (event) {
    case m::Event::issue: {
      auto t = caller;
      t.created_at = now;
      store.record_token_issued(t);
      return m::Outcome::none;
    }
    case m::Event::pay:
      store.mark_token_paid(caller, now);
      return m::Outcome::none;
    case m::Event::claim:
      return outcome_of(store.claim_token(caller, now, kLease).outcome);
    case m::Event::complete:
      return store.complete_token(caller.token_id, result("second"), now) ? m::Outcome::done
                                                                          : m::Outcome::refused;
    case m::Event::fail:
      return store.fail_token(caller.token_id, "again", now) ? m::Outcome::done
                                                             : m::Outcome::refused;
  }
  return m::Outcome::none;
}

const m::Transition* only_row(const std::vector<m::Transition>& table, m::State from,
                              m::Event event, m::Lease lease, m::Request request) {
  const m::Transition* found = nullptr;
  for (const auto& t : table) {
    if (!m::matches(t, from, event, lease, request)) continue;
    if (found) return nullptr;
    found = &t;
  }
  return found;
}

constexpr m::State kStates[] = {m::State::absent,      m::State::issued,   m::State::paid,
                                m::State::in_progress, m::State::redeemed, m::State::failed};
constexpr m::Event kEvents[] = {m::Event::issue, m::Event::pay, m::Event::claim, m::Event::complete,
                                m::Event::fail};

// The model needs a total, deterministic table: every store call in every
// situation has exactly one answer.
TEST(TokenTableShape, EverySituationHasExactlyOneRow) {
  const auto& table = m::token_transitions();
  for (auto s : kStates) {
    for (auto e : kEvents) {
      for (auto l : {m::Lease::live, m::Lease::expired}) {
        for (auto r : {m::Request::match, m::Request::mismatch}) {
          EXPECT_NE(only_row(table, s, e, l, r), nullptr)
              << m::name(s) << " " << m::name(e) << " lease " << m::name(l) << " request "
              << m::name(r) << ": no row or more than one";
        }
      }
    }
  }
}

TEST(TokenTableShape, TheModelIsGeneratedFromEveryRow) {
  const auto& table = m::token_transitions();
  const auto pml = m::promela_transitions(table);
  for (const auto& t : table)
    EXPECT_NE(pml.find(t.code), std::string::npos) << t.code;
  // The mutations used by model.token_life.catches_* really change the table.
  for (auto mutation : {"complete-any-state", "no-takeover"}) {
    EXPECT_NE(m::promela_transitions(m::mutated_transitions(mutation)), pml) << mutation;
  }
}

TEST_P(TokenTable, EveryRowHoldsInTheStore) {
  const auto& table = m::token_transitions();
  std::map<const m::Transition*, int> exercised;
  int n = 0;
  auto store = open();
  for (const auto& c : cases()) {
    for (auto event : kEvents) {
      // A token of its own per situation, so one database serves them all.
      const std::string label = "t" + std::to_string(n++);
      const auto caller = token(label, "mine");
      const auto bound_to = token(label, c.unbound                        ? ""
                                         : c.request == m::Request::match ? "mine"
                                                                          : "theirs");
      const auto* row = only_row(table, c.from, event, c.lease, c.request);
      std::ostringstream where;
      where << m::name(c.from) << " (" << c.label << ") --" << m::name(event) << "--> ";
      ASSERT_NE(row, nullptr) << where.str() << "no single row";
      where << m::name(row->to) << " [" << row->code << "]";
      SCOPED_TRACE(where.str());
      ++exercised[row];

      set_up(*store, c, bound_to);
      if (::testing::Test::HasFatalFailure()) return;
      const auto before = store->find_token(caller.token_id);
      ASSERT_EQ(state_of(before), c.from);

      EXPECT_EQ(m::name(run(*store, event, caller, c.now)), m::name(row->outcome));
      const auto after = store->find_token(caller.token_id);
      ASSERT_EQ(m::name(state_of(after)), m::name(row->to));
      if (!after) continue;

      const auto lease_before = before ? before->lease_until : 0;
      switch (row->lease_effect) {
        case m::LeaseEffect::keep:
          EXPECT_EQ(after->lease_until, lease_before);
          break;
        case m::LeaseEffect::grant:
          EXPECT_EQ(after->lease_until, c.now + kLease);
          break;
        case m::LeaseEffect::clear:
          EXPECT_EQ(after->lease_until, 0);
          break;
      }
      if (row->binds) {
        EXPECT_EQ(after->request_hash, caller.request_hash) << "not bound to the caller";
      } else {
        EXPECT_EQ(after->request_hash, before->request_hash) << "binding changed";
      }
      if (row->to == m::State::redeemed) {
        // The stored result: written by this call, or the first one kept.
        auto replayer = caller;
        replayer.request_hash = after->request_hash;
        const auto replay = store->claim_token(replayer, c.now + 1, kLease);
        ASSERT_EQ(replay.outcome, Claim::Outcome::redeemed);
        ASSERT_TRUE(replay.result);
        EXPECT_EQ(body_of(*replay.result), row->stores_result ? "second" : "first");
      } else {
        EXPECT_FALSE(row->stores_result);
      }
    }
  }
  for (const auto& t : table) {
    EXPECT_GT(exercised[&t], 0) << "row never run: " << m::name(t.from) << " --" << m::name(t.event)
                                << "--> " << m::name(t.to) << " [" << t.code << "]";
  }
}

}  // namespace
}  // namespace l402d::store::testing
