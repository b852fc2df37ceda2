// The serve loop's signals: SIGHUP reloads (the TLS certificate) and keeps
// the server running; SIGTERM and SIGINT end the wait.

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include "app/server_app.hpp"

namespace l402d::app {
namespace {

// Restores the test thread's signal mask, whatever the test blocked.
class SignalMaskGuard {
 public:
  SignalMaskGuard() { pthread_sigmask(SIG_SETMASK, nullptr, &saved_); }
  ~SignalMaskGuard() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

 private:
  sigset_t saved_;
};

TEST(ServerSignals, HangupsRunTheReloadAndTheWaitGoesOnUntilTerm) {
  SignalMaskGuard guard;
  block_termination_signals();
  int hangups = 0;
  pthread_kill(pthread_self(), SIGHUP);
  const int sig = wait_for_termination_signal([&] {
    // The second hang-up arrives after the first was handled; then the end.
    if (++hangups == 2) {
      pthread_kill(pthread_self(), SIGTERM);
    } else {
      pthread_kill(pthread_self(), SIGHUP);
    }
  });
  EXPECT_EQ(sig, SIGTERM);
  EXPECT_EQ(hangups, 2);
}

TEST(ServerSignals, InterruptEndsTheWaitWithoutAReload) {
  SignalMaskGuard guard;
  block_termination_signals();
  bool reloaded = false;
  pthread_kill(pthread_self(), SIGINT);
  EXPECT_EQ(wait_for_termination_signal([&] { reloaded = true; }), SIGINT);
  EXPECT_FALSE(reloaded);
}

}  // namespace
}  // namespace l402d::app
