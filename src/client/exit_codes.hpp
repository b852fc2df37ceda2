#pragma once

// The `l402` exit codes. Scripts branch on them, so they are stable and
// documented in docs/client.md.

namespace l402d::client {

enum ExitCode : int {
  kExitOk = 0,             // 2xx
  kExitUsage = 1,          // bad arguments, bad config file, unreadable input
  kExitNetwork = 2,        // no HTTP response (connect, timeout, TLS, ...)
  kExitHttp = 3,           // a 4xx/5xx other than a challenge we handled
  kExitRefused = 4,        // we refused to pay: price, budget, invalid invoice, hash mismatch
  kExitPaymentFailed = 5,  // the wallet failed, or the outcome is unknown (rerun resolves it)
  kExitDryRun = 6,         // --dry-run showed the price and stopped
};

}  // namespace l402d::client
