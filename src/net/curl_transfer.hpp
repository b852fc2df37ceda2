#pragma once

// One exchange on an easy handle: every option the request needs, the body and
// header callbacks, and libcurl's failures turned into HttpError.

#include <curl/curl.h>

#include "net/http_types.hpp"
#include "net/tls_trust.hpp"

namespace l402d::net {

struct TransferSettings {
  TlsTrust trust;
  bool follow_redirects = false;
  const AddressFilter* allow_address = nullptr;  // null: any address
};

// `handle` must carry no options of an earlier transfer (new or reset).
HttpResponse run_transfer(CURL* handle, const HttpRequest& request,
                          const TransferSettings& settings, const BodySink& sink);

}  // namespace l402d::net
