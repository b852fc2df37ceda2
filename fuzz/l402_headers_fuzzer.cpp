// L402's header text (src/l402/headers.cpp): the server reads Authorization,
// Grpc-Metadata-Macaroon and Macaroon from anyone; the client reads
// WWW-Authenticate from any server it pays. One header value per line.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_input.hpp"
#include "l402/headers.hpp"
#include "util/base64.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto lines = fuzz::split_lines(text);
  const std::span<const std::string_view> values(lines);

  if (const auto credential = l402::parse_authorization(values)) {
    // What we read back from the header our own client writes is the same credential.
    const auto header = l402::format_authorization(base64_encode(ByteView(credential->macaroon)),
                                                   credential->preimage);
    const auto again = l402::parse_authorization(header);
    fuzz::check(again && *again == *credential);
  }
  (void)l402::parse_authorization(text);
  if (!lines.empty()) (void)l402::parse_macaroon_header(lines.front());

  // The same lines spread over the three headers, as a request may carry them.
  l402::CredentialHeaders headers;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    (i % 3 == 0   ? headers.authorization
     : i % 3 == 1 ? headers.grpc_metadata_macaroon
                  : headers.macaroon)
        .push_back(lines[i]);
  }
  (void)l402::parse_credential(headers);

  if (const auto challenge = l402::parse_challenge(values)) {
    fuzz::check(!challenge->macaroon.empty() && !challenge->invoice.empty());
  }
  (void)l402::parse_challenge(text);
  return 0;
}
