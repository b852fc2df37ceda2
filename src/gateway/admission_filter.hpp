#pragma once

// Nobody pays for work that cannot start soon: while the workers are
// saturated, a request without a credential gets 503 and Retry-After instead
// of an invoice. Requests carrying a credential pass (paid work always
// queues); one whose credential then fails verification gets its fresh
// challenge from the gate as usual.

#include <functional>

#include "http/handler.hpp"

namespace l402d::gateway {

class AdmissionFilter : public http::Filter {
 public:
  explicit AdmissionFilter(std::function<bool()> has_capacity)
      : has_capacity_(std::move(has_capacity)) {}
  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange,
                                                const http::Handler& next) override;

 private:
  std::function<bool()> has_capacity_;
};

}  // namespace l402d::gateway
