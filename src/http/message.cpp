#include "http/message.hpp"

#include <type_traits>

namespace l402d::http {

namespace {

template <class Message>
auto& head_of(Message& m) {
  if constexpr (std::is_same_v<std::remove_const_t<Message>, StreamResponse>) {
    return m.head.base();
  } else {
    return m.base();
  }
}

}  // namespace

const beast_http::response_header<>& Response::head() const {
  return std::visit(
      [](const auto& m) -> const beast_http::response_header<>& { return head_of(m); }, message);
}

beast_http::response_header<>& Response::head() {
  return std::visit([](auto& m) -> beast_http::response_header<>& { return head_of(m); }, message);
}

Status Response::status() const {
  return head().result();
}

void Response::set(Field field, std::string_view value) {
  head().set(field, value);
}

std::string_view Response::header(Field field) const {
  const auto& h = head();
  auto it = h.find(field);
  return it == h.end() ? std::string_view{} : std::string_view(it->value());
}

std::uint64_t Response::body_size() const {
  return std::visit(
      [](const auto& m) -> std::uint64_t {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, StreamResponse>) {
          return m.bytes_sent;
        } else {
          auto len = m.payload_size();
          return len ? *len : 0;
        }
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

StreamResponse make_stream_response(const Request& request, Status status, std::string content_type,
                                    BodyProducer producer) {
  StreamResponse res;
  res.head = {status, request.version()};
  res.head.set(Field::server, "l402d");
  res.head.set(Field::content_type, std::move(content_type));
  res.head.keep_alive(request.keep_alive());
  res.producer = std::move(producer);
  return res;
}

}  // namespace l402d::http
