#pragma once

// A small HTTP/1.1 server on 127.0.0.1, plain or TLS, for the client's tests.
// Unlike FakeUpstream it counts the TCP connections it accepts (the proof of
// keep-alive) and serves TLS with a test certificate. Keep-alive is honoured;
// handlers run on the server's one thread.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/test_cert.hpp"

namespace l402d::net::testing {

class LocalServer {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  using Handler = std::function<Response(const Request&)>;

  explicit LocalServer(Handler handler);               // http://
  LocalServer(Handler handler, const TestCert& cert);  // https://, presenting `cert`
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  // http(s)://127.0.0.1:<port><path>
  std::string url(std::string_view path = "/") const;
  std::size_t accepted_connections() const;
  std::vector<std::string> targets() const;  // of the requests read, in order

  static Response reply(const Request& request, unsigned status, std::string body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::net::testing
