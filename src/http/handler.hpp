#pragma once

// Handlers and filters. A filter wraps the rest of the chain (Envoy's HTTP
// filter idea in onion form): it may answer on its own (the L402 gate's 402),
// or call `next` and look at what came back (the gate stores a paid result).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "http/message.hpp"

namespace l402d::http {

using Handler = std::function<boost::asio::awaitable<Response>(Exchange&)>;

class Filter {
 public:
  virtual ~Filter() = default;
  virtual boost::asio::awaitable<Response> handle(Exchange& exchange, const Handler& next) = 0;
};

// `filters` run outermost first; the handler runs last.
Handler chain(std::vector<std::shared_ptr<Filter>> filters, Handler handler);

}  // namespace l402d::http
