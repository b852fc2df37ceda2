/* The token's life across instances: the hand-written harness. The store's
   transitions above are generated from tests/model/token_table.cpp, the same
   table the store test runs against SQLite and PostgreSQL; nothing here
   decides what a store call does to the token. See docs/store.md, "Model".

   Build flags (spin -D...):
     INSTANCES=2|3  how many l402d instances serve the buyer's retries
     LIVENESS       bounded faults, explicit crashes and the LTL property;
                    without it: unbounded faults and the safety assertions */

#ifndef INSTANCES
#define INSTANCES 2
#endif

#define R 1            /* the buyer's request (the one the token is bound to) */

#define OP_NONE 0
#define OP_CLAIM 1     /* SingleUseRedemption::begin -> TokenLedger::claim_token */
#define OP_COMPLETE 2  /* SingleUseRedemption::finish -> TokenLedger::complete_token */
#define OP_FAIL 3      /* SingleUseRedemption::finish -> TokenLedger::fail_token */

#ifdef LIVENESS
/* Promise (b) can only hold if faults stop: a buyer whose every retry lands on
   a crashing instance, or whose every store call times out, or whose upstream
   always fails, cannot be served. So faults are bounded here, and at least one
   instance never crashes (the buyer's retries reach a live instance). */
#ifndef MAX_TIMEOUTS
#define MAX_TIMEOUTS 2
#endif
#ifndef MAX_WORK_FAILURES
#define MAX_WORK_FAILURES 1
#endif
byte crashes = 0;
byte timeouts = 0;
byte work_failures = 0;
#define CAN_TIME_OUT (timeouts < MAX_TIMEOUTS)
#define CAN_FAIL_WORK (work_failures < MAX_WORK_FAILURES)
#define COUNT(x) x++
/* An instance stops forever here (kill -9, power cut, OOM). Explicit because
   weak fairness would otherwise make every paused instance move again. */
#define CRASH_POINT \
  if :: atomic { crashes < INSTANCES - 1 -> crashes++ }; goto crashed :: true -> skip fi
#else
/* Safety: faults are unbounded. A crash needs no step of its own: spin
   already explores every execution in which an instance never moves again. */
#define CAN_TIME_OUT true
#define CAN_FAIL_WORK true
#define COUNT(x) skip
#define CRASH_POINT skip
#endif

byte late[INSTANCES];  /* a timed-out call whose effect may still land */
byte completions = 0;  /* complete_token calls that answered true */

inline apply(op, out) {
  if
  :: op == OP_CLAIM -> ev_claim(R, out)
  :: op == OP_COMPLETE -> ev_complete(R, out)
  :: op == OP_FAIL -> ev_fail(R, out)
  fi
}

/* One store call: one transaction, atomic in the store (SQLite's write lock,
   PostgreSQL's row lock). It may time out: StoreError `unavailable` after
   busy_timeout_ms, a PostgreSQL session lost after COMMIT was sent. Then the
   caller does not know whether it took effect: it did, it did not, or it
   lands later (a transaction still running on the server). One late call
   per instance at a time; a further timeout while one is pending is decided
   at once. */
inline call(op, out) {
  if
  :: atomic { true -> apply(op, out) }
  :: atomic {
       CAN_TIME_OUT -> COUNT(timeouts);
       if
       :: true -> apply(op, ignored)               /* took effect, the answer was lost */
       :: skip                                     /* never took effect */
       :: late[me] == OP_NONE -> late[me] = op     /* in flight: lands later, or never */
       fi;
       out = O_TIMEOUT
     }
  fi
}

/* An l402d instance serving the buyer, who keeps retrying the same paid
   request until it gets the stored result (PaywallGate::redeem polls `busy`
   every 200 ms and answers 503 after job_timeout + 60 s; a 503 or a failed
   work makes the buyer retry, possibly at another instance). */
proctype Instance(byte me) {
  byte out = O_NONE;
  byte ignored = O_NONE;
retry:
  CRASH_POINT;
  call(OP_CLAIM, out);                   /* PaywallGate::redeem -> SingleUseRedemption::begin */
  if
  :: out == O_CLAIMED -> goto work       /* Redemption::Kind::run */
  :: out == O_REDEEMED -> goto done      /* Kind::replay: the buyer has the stored result */
  :: out == O_BUSY -> goto retry         /* Kind::busy: poll again */
  :: out == O_TIMEOUT -> goto retry      /* store_failure: 503, the buyer retries */
  :: out == O_REQUEST_MISMATCH -> assert(false)  /* the buyer only ever sends R */
  fi;
work:                                    /* PaywallGate::run: the paid work runs here */
  CRASH_POINT;
  if
  :: atomic { CAN_FAIL_WORK -> COUNT(work_failures) }; goto failed_work
  :: true -> skip
  fi;
  CRASH_POINT;
  call(OP_COMPLETE, out);                /* PaywallGate::record -> SingleUseRedemption::finish */
  if
  :: out == O_DONE ->
     completions++;
     assert(completions == 1);           /* promise (a), as the callers see it */
     goto done
  :: else -> goto retry                  /* refused or timed out: the buyer got this answer,
                                            but the token may not be redeemed; it retries */
  fi;
failed_work:
  CRASH_POINT;
  call(OP_FAIL, out);                    /* PaywallGate::record -> SingleUseRedemption::finish */
  goto retry;
done:
end_done:
  skip;
  goto end_crashed;
crashed:
end_crashed:
  skip
}

/* Time, abstracted: any live lease may run out at any moment. This covers any
   lease_seconds, a worker slower than its lease, and clocks that disagree
   between instances (each compares lease_until with its own `now`). */
active proctype Clock() {
end_clock:
  do
  :: atomic { lease_live -> lease_live = false }
  od
}

#define LAND(k) \
  :: atomic { late[k] != OP_NONE -> apply(late[k], ignored); late[k] = OP_NONE } \
  :: atomic { late[k] != OP_NONE -> late[k] = OP_NONE }

/* Timed-out calls still in flight: each lands at some later moment, or never. */
active proctype Network() {
  byte ignored = O_NONE;
end_network:
  do
  LAND(0)
  LAND(1)
#if INSTANCES >= 3
  LAND(2)
#endif
  od
}

init {
  byte ignored = O_NONE;
  atomic {
    /* What the token's row is when the buyer first redeems: SingleUseRedemption
       never records it before the claim (no row), but the store accepts
       issued and paid rows too. */
    if
    :: skip
    :: true -> ev_issue(R, ignored)
    :: true -> ev_pay(R, ignored)
    :: true -> ev_issue(R, ignored); ev_pay(R, ignored)
    fi;
    run Instance(0);
    run Instance(1);
#if INSTANCES >= 3
    run Instance(2);
#endif
  }
}

#ifdef LIVENESS
/* Promise (b): with faults that stop, at least one instance alive and every
   process that can move eventually moving (weak fairness, pan -f), every
   execution reaches redeemed: the paid token is never left unredeemable. */
ltl eventually_redeemed { <> (tok == S_REDEEMED) }
#endif
