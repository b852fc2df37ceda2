// The TOML configuration (src/app/config.cpp): read from a string, applied
// over the embedded defaults and checked. Bad input must end in a
// ConfigError naming the key, never in a crash or another exception.
#include <cstddef>
#include <cstdint>

#include "app/config.hpp"
#include "fuzz_input.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto config = app::default_config();
  try {
    app::apply_toml(config, fuzz::as_text(data, size), "fuzz.toml");
    app::finalize(config);
    (void)app::listen_scheme(config);
  } catch (const app::ConfigError&) {
  }
  return 0;
}
