#include "http/cors.hpp"

#include "util/text.hpp"

namespace l402d::http {

namespace {

bool lists(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim_ows(list.substr(0, comma));
    if (iequals_ascii(item, name)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// `theirs` followed by each of `ours` it does not name already.
std::string merged(std::string_view theirs, std::string_view ours) {
  std::string out(theirs);
  while (!ours.empty()) {
    const auto comma = ours.find(',');
    const auto item = trim_ows(ours.substr(0, comma));
    if (!item.empty() && !lists(theirs, item)) out += (out.empty() ? "" : ", ") + std::string(item);
    if (comma == std::string_view::npos) break;
    ours.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

// A response that already carries CORS fields (a proxied upstream's) keeps
// its origin rule; the fields a page must read to pay are added to its list.
void CorsPolicy::apply(Response& response) const {
  if (response.header(Field::access_control_allow_origin).empty())
    response.set(Field::access_control_allow_origin, allow_origin);
  const auto exposed = response.header(Field::access_control_expose_headers);
  if (exposed.empty()) {
    response.set(Field::access_control_expose_headers, expose_headers);
  } else {
    response.set(Field::access_control_expose_headers, merged(exposed, expose_headers));
  }
}

void CorsPolicy::apply_preflight(Response& response) const {
  apply(response);
  response.set(Field::access_control_allow_headers, allow_headers);
  response.set(Field::access_control_allow_methods, allow_methods);
  response.set(Field::access_control_max_age, max_age);
}

boost::asio::awaitable<Response> CorsFilter::handle(Exchange& exchange, const Handler& next) {
  Response response = co_await next(exchange);
  policy_.apply(response);
  co_return response;
}

Handler preflight_handler(CorsPolicy policy) {
  return [policy = std::move(policy)](Exchange& ex) -> boost::asio::awaitable<Response> {
    Response response(StringResponse{Status::no_content, ex.request.version()});
    policy.apply_preflight(response);
    co_return response;
  };
}

}  // namespace l402d::http
