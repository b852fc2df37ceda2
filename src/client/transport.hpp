#pragma once

#include <functional>

#include "net/http_client.hpp"

namespace l402d::client {

// One HTTP exchange. The command line passes net::perform (with a progress
// reporter around it); tests pass fakes that count, delay or "crash" (throw).
// Transport failures throw net::HttpError; any status is a response.
using Transport = std::function<net::HttpResponse(const net::HttpRequest&)>;

inline Transport default_transport() {
  return [](const net::HttpRequest& r) { return net::perform(r); };
}

}  // namespace l402d::client
