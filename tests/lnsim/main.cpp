// lnsim: a simulated Lightning network for tests. It is a stand-in, not a
// node: nothing is routed and no bitcoin moves. See tests/lnsim/README.md.

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>

#include "lnsim/simulator.hpp"

int main(int argc, char** argv) {
  using namespace l402d::lnsim;
  CLI::App app{
      "lnsim: a simulated Lightning network (a test stand-in) speaking the REST APIs of LND, "
      "Core Lightning (clnrest), LNbits and phoenixd over one shared ledger"};
  SimulatorOptions options;
  std::string network = "regtest";
  std::uint64_t balance_sat = options.balance_msat / 1000;
  app.add_option("--dir", options.dir, "Directory for credentials and lnsim.json")->required();
  app.add_option("--network", network, "regtest, testnet, signet or mainnet")
      ->check(CLI::IsMember({"regtest", "testnet", "signet", "mainnet"}));
  app.add_option("--latency-ms", options.latency_ms, "Delay every API answer by this much")
      ->check(CLI::Range(0, 600'000));
  app.add_option("--threads", options.threads, "I/O threads")->check(CLI::Range(1, 64));
  app.add_option("--host", options.host, "Address to listen on");
  app.add_option("--fee-base-msat", options.fees.base_msat, "Routing fee: base part");
  app.add_option("--fee-ppm", options.fees.ppm, "Routing fee: parts per million of the amount");
  app.add_option("--balance-sat", balance_sat, "Each node's starting balance");
  CLI11_PARSE(app, argc, argv);
  options.chain = *chain_from_name(network);
  options.balance_msat = balance_sat * 1000;

  // SIGTERM and SIGINT are taken by this thread alone (sigwait below): the
  // I/O threads inherit the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    Simulator simulator(options);
    simulator.start();
    spdlog::info("ready: {}", simulator.info_file().string());
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("stopping on signal {}", received);
    simulator.stop();
  } catch (const std::exception& e) {
    spdlog::error("lnsim: {}", e.what());
    return 1;
  }
  return 0;
}
