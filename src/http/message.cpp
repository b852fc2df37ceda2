#include "http/message.hpp"

namespace l402d::http {

Status Response::status() const {
  return std::visit([](const auto& m) { return m.result(); }, message);
}

void Response::set(Field field, std::string_view value) {
  std::visit([&](auto& m) { m.set(field, value); }, message);
}

std::string_view Response::header(Field field) const {
  return std::visit(
      [&](const auto& m) {
        auto it = m.find(field);
        return it == m.end() ? std::string_view{} : std::string_view(it->value());
      },
      message);
}

std::uint64_t Response::body_size() const {
  return std::visit(
      [](const auto& m) -> std::uint64_t {
        auto len = m.payload_size();
        return len ? *len : 0;
      },
      message);
}

std::string_view target_path(const Request& request) {
  std::string_view target = request.target();
  auto q = target.find_first_of("?#");
  return q == std::string_view::npos ? target : target.substr(0, q);
}

StringResponse make_response(const Request& request, Status status, std::string content_type,
                             std::string body) {
  StringResponse res{status, request.version()};
  res.set(Field::server, "l402d");
  res.set(Field::content_type, std::move(content_type));
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace l402d::http
