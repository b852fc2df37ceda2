#pragma once

// The token's transitions as one table: (state, event, guards) -> (state,
// outcome, effects). Two things are built from it and nothing else, so they
// cannot drift apart:
//   * the Promela model of the token's life across instances
//     (gen_token_model writes its transitions; docs/store.md, "Model"), and
//   * the store test that runs every row against SQLite and PostgreSQL
//     (tests/store/contract_token_table_test.cpp).
// Changing the SQL or claim_rules.cpp without the table fails that test;
// changing the table without the code fails it too; the model only ever sees
// the table.

#include <string>
#include <string_view>
#include <vector>

namespace l402d::model {

// The row's state, plus "no row yet" (claim_token and mark_token_paid create it).
enum class State { absent, issued, paid, in_progress, redeemed, failed };

// The store calls of store::TokenLedger that move a token.
enum class Event { issue, pay, claim, complete, fail };

// Whether the row's lease_until > now at the call. `any`: the row does not look.
enum class Lease { any, live, expired };

// The caller's request against the row's binding. match: unbound, or bound to
// the caller's request; mismatch: bound to another request.
enum class Request { any, match, mismatch };

// What the caller learns. `none`: the call returns nothing (issue, pay).
enum class Outcome { none, claimed, busy, redeemed, request_mismatch, done, refused };

// What the call does to lease_until.
enum class LeaseEffect { keep, grant, clear };

struct Transition {
  State from = State::absent;
  Event event = Event::claim;
  Lease lease = Lease::any;
  Request request = Request::any;
  State to = State::absent;
  Outcome outcome = Outcome::none;
  LeaseEffect lease_effect = LeaseEffect::keep;
  bool binds = false;          // afterwards the row is bound to the caller's request
  bool stores_result = false;  // writes the token_results row
  std::string_view code = {};  // the code path the row stands for (file:function)
};

// The table the code must follow.
const std::vector<Transition>& token_transitions();

// A deliberately wrong table, to prove the model checker catches the bug:
//   "complete-any-state": complete_token without `WHERE state = 'in_progress'`
//                         also acts on a redeemed token (a second completion).
//   "no-takeover":        a claim never takes over an expired lease, so a
//                         crashed worker strands the payment.
// Throws std::invalid_argument for another name.
std::vector<Transition> mutated_transitions(std::string_view mutation);

// Every (state, event, lease, request) with concrete guard values, each of
// which must match exactly one row (checked by the table's own test).
bool matches(const Transition& t, State from, Event event, Lease lease, Request request);

std::string_view name(State s);
std::string_view name(Event e);
std::string_view name(Lease l);
std::string_view name(Request r);
std::string_view name(Outcome o);
std::string_view name(LeaseEffect e);

// The Promela text of the transitions: state and outcome constants, the
// variables they touch, and one inline per event (`ev_claim(req, out)` etc.).
std::string promela_transitions(const std::vector<Transition>& table);

}  // namespace l402d::model
