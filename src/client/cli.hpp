#pragma once

// `l402` command-line wiring (CLI11). Everything the commands touch from the
// outside (streams, data directory, clock, HTTP) comes in through CliEnv so tests
// can run the real command line against a fake server.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "client/budget.hpp"
#include "client/transport.hpp"
#include "client/wallet.hpp"

namespace l402d::client {

struct CliEnv {
  std::ostream* out = nullptr;                // response bodies, decode and list output
  std::ostream* err = nullptr;                // progress, notices, errors
  std::istream* in = nullptr;                 // -d @-
  std::optional<std::filesystem::path> home;  // else --home, $L402_HOME, ~/.l402
  Clock clock = unix_now;
  Transport transport = default_transport();
  Environment environment = process_environment();  // L402_<WALLET>_<SETTING>
};

// `args` without the program name. Returns the exit code (exit_codes.hpp).
int run_cli(const std::vector<std::string>& args, const CliEnv& env);

int main_cli(int argc, char** argv);

}  // namespace l402d::client
