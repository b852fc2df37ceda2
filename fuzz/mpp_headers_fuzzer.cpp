// The Payment scheme's header text (src/mpp): the server reads the
// Authorization credential and its echoed challenge and charge request; the
// client reads WWW-Authenticate challenges. One header value per line.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_input.hpp"
#include "mpp/challenge.hpp"
#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto lines = fuzz::split_lines(text);
  const std::span<const std::string_view> values(lines);

  static const mpp::ChallengeBinder binder(as_bytes("fuzz-challenge-secret"));
  for (const auto& challenge : mpp::parse_challenges(values)) {
    (void)binder.verify(challenge);
    // A challenge we read must survive our own writer and reader unchanged.
    const auto again = mpp::parse_challenges(mpp::format_challenge(challenge));
    fuzz::check(again.size() == 1 && again.front() == challenge);
    (void)mpp::decode_charge_request(challenge.request);
  }
  (void)mpp::parse_challenges(text);

  if (const auto found = mpp::find_credential(values); found && *found) {
    (void)binder.verify((*found)->challenge);
    (void)mpp::decode_charge_request((*found)->challenge.request);
  }
  (void)mpp::decode_charge_request(text);
  return 0;
}
