#include "gateway/admission_filter.hpp"

#include "gateway/credential_headers.hpp"
#include "http/json_error.hpp"

namespace l402d::gateway {

boost::asio::awaitable<http::Response> AdmissionFilter::handle(http::Exchange& ex,
                                                               const http::Handler& next) {
  if (!has_capacity_() && !carries_credential(ex.request)) {
    auto res = http::error_response(
        ex.request, http::Status::service_unavailable, "server_busy",
        "All workers are busy; no invoice was issued. Retry in a few seconds.");
    res.set(http::Field::retry_after, "5");
    co_return res;
  }
  co_return co_await next(ex);
}

}  // namespace l402d::gateway
