// Replays inputs through a fuzz target without libFuzzer, so the GCC builds
// (release, ASan+UBSan) run every target over its checked-in corpus as a
// CTest test: a regression in a parser shows up in ./dev test, not only when
// someone runs ./dev fuzz with clang.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << file << '\n';
    return false;
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  // A copy of exactly `size` bytes, as libFuzzer gives, so ASan sees reads past the end.
  const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.data(), input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " DIR_OR_FILE...\n";
    return 2;
  }
  std::size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    if (std::filesystem::is_directory(arg)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());  // a stable order makes a failure repeatable
      for (const auto& file : files) {
        ok = replay(file) && ok;
        ++count;
      }
    } else {
      ok = replay(arg) && ok;
      ++count;
    }
  }
  std::cout << "replayed " << count << " inputs\n";
  // An empty corpus would make the test pass while checking nothing.
  return ok && count > 0 ? 0 : 1;
}
