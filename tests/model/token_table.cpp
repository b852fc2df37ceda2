#include "model/token_table.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace l402d::model {
namespace {

using S = State;
using E = Event;
using L = Lease;
using R = Request;
using O = Outcome;
using LE = LeaseEffect;

// Where each transition is decided and written. claim_token and
// mark_token_paid / record_token_issued read the row, ask claim_rules.cpp and
// write what it says in one transaction (SqliteStore: BEGIN IMMEDIATE;
// PostgresStore: SELECT ... FOR UPDATE); complete_token and fail_token are one
// `UPDATE ... WHERE state = 'in_progress'` in each store.
constexpr std::string_view kClaimNew =
    "claim_rules.cpp:decide_claim (no row: insert); sqlite_store.cpp, "
    "postgres_store.cpp:claim_token";
constexpr std::string_view kClaimMismatch =
    "claim_rules.cpp:decide_claim (bound to another request, checked first)";
constexpr std::string_view kClaimStart =
    "claim_rules.cpp:decide_claim (issued/paid/failed: leased)";
constexpr std::string_view kClaimBusy =
    "claim_rules.cpp:decide_claim (in_progress, lease_until > now: busy)";
constexpr std::string_view kClaimTakeover =
    "claim_rules.cpp:decide_claim (in_progress, lease ran out: take over, attempts++)";
constexpr std::string_view kClaimReplay =
    "claim_rules.cpp:decide_claim (redeemed: load the stored result)";
constexpr std::string_view kComplete =
    "sqlite_store.cpp, postgres_store.cpp:complete_token (UPDATE ... WHERE state = "
    "'in_progress', then the result row)";
constexpr std::string_view kCompleteRefused =
    "sqlite_store.cpp, postgres_store.cpp:complete_token (no row updated: false)";
constexpr std::string_view kFail =
    "sqlite_store.cpp, postgres_store.cpp:fail_token (UPDATE ... WHERE state = 'in_progress')";
constexpr std::string_view kFailRefused =
    "sqlite_store.cpp, postgres_store.cpp:fail_token (no row updated: false)";
constexpr std::string_view kIssueNew = "claim_rules.cpp:decide_issued (no row: insert)";
constexpr std::string_view kIssueKeep = "claim_rules.cpp:decide_issued (known: never backwards)";
constexpr std::string_view kPayNew = "claim_rules.cpp:decide_paid (no row: insert as paid)";
constexpr std::string_view kPayAdvance = "claim_rules.cpp:decide_paid (issued -> paid, bind)";
constexpr std::string_view kPayAdvanceBound =
    "claim_rules.cpp:decide_paid (issued -> paid, bound elsewhere: no bind)";
constexpr std::string_view kPayKeep =
    "claim_rules.cpp:decide_paid (further along, or bound elsewhere: no bind)";

std::vector<Transition> build() {
  std::vector<Transition> t;
  // record_token_issued
  t.push_back(
      {S::absent, E::issue, L::any, R::any, S::issued, O::none, LE::keep, true, false, kIssueNew});
  for (auto s : {S::issued, S::paid, S::in_progress, S::redeemed, S::failed}) {
    t.push_back({s, E::issue, L::any, R::any, s, O::none, LE::keep, false, false, kIssueKeep});
  }
  // mark_token_paid
  t.push_back(
      {S::absent, E::pay, L::any, R::any, S::paid, O::none, LE::keep, true, false, kPayNew});
  t.push_back(
      {S::issued, E::pay, L::any, R::match, S::paid, O::none, LE::keep, true, false, kPayAdvance});
  t.push_back({S::issued, E::pay, L::any, R::mismatch, S::paid, O::none, LE::keep, false, false,
               kPayAdvanceBound});
  t.push_back(
      {S::paid, E::pay, L::any, R::match, S::paid, O::none, LE::keep, true, false, kPayAdvance});
  t.push_back(
      {S::paid, E::pay, L::any, R::mismatch, S::paid, O::none, LE::keep, false, false, kPayKeep});
  for (auto s : {S::in_progress, S::redeemed, S::failed}) {
    t.push_back({s, E::pay, L::any, R::any, s, O::none, LE::keep, false, false, kPayKeep});
  }
  // claim_token
  t.push_back({S::absent, E::claim, L::any, R::any, S::in_progress, O::claimed, LE::grant, true,
               false, kClaimNew});
  for (auto s : {S::issued, S::paid, S::failed}) {
    t.push_back({s, E::claim, L::any, R::match, S::in_progress, O::claimed, LE::grant, true, false,
                 kClaimStart});
  }
  t.push_back({S::in_progress, E::claim, L::live, R::match, S::in_progress, O::busy, LE::keep,
               false, false, kClaimBusy});
  t.push_back({S::in_progress, E::claim, L::expired, R::match, S::in_progress, O::claimed,
               LE::grant, true, false, kClaimTakeover});
  t.push_back({S::redeemed, E::claim, L::any, R::match, S::redeemed, O::redeemed, LE::keep, false,
               false, kClaimReplay});
  for (auto s : {S::issued, S::paid, S::in_progress, S::redeemed, S::failed}) {
    t.push_back({s, E::claim, L::any, R::mismatch, s, O::request_mismatch, LE::keep, false, false,
                 kClaimMismatch});
  }
  // complete_token and fail_token carry no lease identity: a worker whose
  // lease was taken over may still finish first (docs/store.md).
  t.push_back({S::in_progress, E::complete, L::any, R::any, S::redeemed, O::done, LE::clear, false,
               true, kComplete});
  t.push_back({S::in_progress, E::fail, L::any, R::any, S::failed, O::done, LE::clear, false, false,
               kFail});
  for (auto s : {S::absent, S::issued, S::paid, S::redeemed, S::failed}) {
    t.push_back(
        {s, E::complete, L::any, R::any, s, O::refused, LE::keep, false, false, kCompleteRefused});
    t.push_back({s, E::fail, L::any, R::any, s, O::refused, LE::keep, false, false, kFailRefused});
  }
  return t;
}

Transition& row(std::vector<Transition>& table, State from, Event event, Lease lease,
                Request request) {
  auto it = std::find_if(table.begin(), table.end(), [&](const Transition& t) {
    return t.from == from && t.event == event && t.lease == lease && t.request == request;
  });
  if (it == table.end()) throw std::logic_error("mutated_transitions: no such row");
  return *it;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

std::string guard(const Transition& t) {
  std::string g = "tok == S_" + upper(name(t.from));
  if (t.lease == Lease::live) g += " && lease_live";
  if (t.lease == Lease::expired) g += " && !lease_live";
  if (t.request == Request::match) g += " && (bound == 0 || bound == req)";
  if (t.request == Request::mismatch) g += " && (bound != 0 && bound != req)";
  return g;
}

std::string effects(const Transition& t) {
  std::string e;
  if (t.stores_result) {
    // Promise (a): a result is written once and never replaced, so at most one
    // complete_token ever returns true for a token.
    e += "assert(results == 0); results++; ";
  }
  if (t.to != t.from) e += "tok = S_" + upper(name(t.to)) + "; ";
  if (t.lease_effect == LeaseEffect::grant) e += "lease_live = true; ";
  if (t.lease_effect == LeaseEffect::clear) e += "lease_live = false; ";
  if (t.binds) e += "bound = req; ";
  e += "out = O_" + upper(name(t.outcome));
  return e;
}

}  // namespace

const std::vector<Transition>& token_transitions() {
  static const std::vector<Transition> table = build();
  return table;
}

std::vector<Transition> mutated_transitions(std::string_view mutation) {
  auto table = token_transitions();
  if (mutation == "complete-any-state") {
    auto& r = row(table, State::redeemed, Event::complete, Lease::any, Request::any);
    r.outcome = Outcome::done;
    r.stores_result = true;
    r.code = "MUTATION: complete_token without WHERE state = 'in_progress'";
  } else if (mutation == "no-takeover") {
    auto& r = row(table, State::in_progress, Event::claim, Lease::expired, Request::match);
    r.outcome = Outcome::busy;
    r.lease_effect = LeaseEffect::keep;
    r.binds = false;
    r.code = "MUTATION: decide_claim never takes over an expired lease";
  } else {
    throw std::invalid_argument("unknown mutation: " + std::string(mutation));
  }
  return table;
}

bool matches(const Transition& t, State from, Event event, Lease lease, Request request) {
  return t.from == from && t.event == event && (t.lease == Lease::any || t.lease == lease) &&
         (t.request == Request::any || t.request == request);
}

std::string_view name(State s) {
  switch (s) {
    case State::absent:
      return "absent";
    case State::issued:
      return "issued";
    case State::paid:
      return "paid";
    case State::in_progress:
      return "in_progress";
    case State::redeemed:
      return "redeemed";
    case State::failed:
      return "failed";
  }
  return "?";
}

std::string_view name(Event e) {
  switch (e) {
    case Event::issue:
      return "issue";
    case Event::pay:
      return "pay";
    case Event::claim:
      return "claim";
    case Event::complete:
      return "complete";
    case Event::fail:
      return "fail";
  }
  return "?";
}

std::string_view name(Lease l) {
  switch (l) {
    case Lease::any:
      return "any";
    case Lease::live:
      return "live";
    case Lease::expired:
      return "expired";
  }
  return "?";
}

std::string_view name(Request r) {
  switch (r) {
    case Request::any:
      return "any";
    case Request::match:
      return "match";
    case Request::mismatch:
      return "mismatch";
  }
  return "?";
}

std::string_view name(Outcome o) {
  switch (o) {
    case Outcome::none:
      return "none";
    case Outcome::claimed:
      return "claimed";
    case Outcome::busy:
      return "busy";
    case Outcome::redeemed:
      return "redeemed";
    case Outcome::request_mismatch:
      return "request_mismatch";
    case Outcome::done:
      return "done";
    case Outcome::refused:
      return "refused";
  }
  return "?";
}

std::string_view name(LeaseEffect e) {
  switch (e) {
    case LeaseEffect::keep:
      return "keep";
    case LeaseEffect::grant:
      return "grant";
    case LeaseEffect::clear:
      return "clear";
  }
  return "?";
}

std::string promela_transitions(const std::vector<Transition>& table) {
  std::ostringstream out;
  out << "/* GENERATED by gen_token_model from tests/model/token_table.cpp: do not edit.\n"
         "   One inline per store call; each `if` option is one row of the table. */\n\n";
  int i = 0;
  for (auto s : {State::absent, State::issued, State::paid, State::in_progress, State::redeemed,
                 State::failed}) {
    out << "#define S_" << upper(name(s)) << " " << i++ << "\n";
  }
  i = 0;
  for (auto o : {Outcome::none, Outcome::claimed, Outcome::busy, Outcome::redeemed,
                 Outcome::request_mismatch, Outcome::done, Outcome::refused}) {
    out << "#define O_" << upper(name(o)) << " " << i++ << "\n";
  }
  out << "#define O_TIMEOUT " << i << "  /* not a row: the caller's store call timed out */\n\n"
      << "byte tok = S_ABSENT;     /* tokens.state, or no row */\n"
         "bool lease_live = false; /* tokens.lease_until > now (time is abstract: see Clock) */\n"
         "byte bound = 0;          /* tokens.request_hash: 0 unbound, else a request id */\n"
         "byte results = 0;        /* token_results rows ever written for the token */\n\n";
  for (auto e : {Event::issue, Event::pay, Event::claim, Event::complete, Event::fail}) {
    out << "inline ev_" << name(e) << "(req, out) {\n  if\n";
    for (const auto& t : table) {
      if (t.event != e) continue;
      out << "  /* " << name(t.from) << " --" << name(t.event) << " [lease " << name(t.lease)
          << ", request " << name(t.request) << "]--> " << name(t.to) << ": " << t.code << " */\n"
          << "  :: " << guard(t) << " -> " << effects(t) << "\n";
    }
    out << "  :: else -> assert(false) /* no row of the table: a gap */\n  fi\n}\n\n";
  }
  return out.str();
}

}  // namespace l402d::model
