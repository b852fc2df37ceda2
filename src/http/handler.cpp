#include "http/handler.hpp"

namespace l402d::http {

Handler chain(std::vector<std::shared_ptr<Filter>> filters, Handler handler) {
  Handler next = std::move(handler);
  for (auto it = filters.rbegin(); it != filters.rend(); ++it) {
    next = [filter = *it,
            inner = std::move(next)](Exchange& ex) -> boost::asio::awaitable<Response> {
      co_return co_await filter->handle(ex, inner);
    };
  }
  return next;
}

}  // namespace l402d::http
