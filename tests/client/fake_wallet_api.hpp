#pragma once

// A wallet's REST API as a scripted Transport: answers by method and path
// (query left out) with the bodies the real API sends, records every request
// so tests can check what a wallet sent (headers, body, TLS trust, time
// limits), and can drop the connection after a request went out.

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "client/transport.hpp"

namespace l402d::client::testing {

inline net::HttpResponse http_response(long status, std::string body,
                                       std::string content_type = "application/json") {
  net::HttpResponse r;
  r.status = status;
  r.headers = {{"content-type", std::move(content_type)}};
  r.body = std::move(body);
  return r;
}

// What a transport does when the connection breaks after the request was sent.
inline net::HttpResponse dropped_connection(const net::HttpRequest&) {
  throw net::HttpError(net::HttpError::Kind::timeout, "simulated: no answer within the time limit");
}

// What a transport does when nothing could be sent: no connection, or a TLS
// handshake that failed (the pinned certificate is not the server's).
inline net::HttpResponse refused_connection(const net::HttpRequest&) {
  throw net::HttpError(net::HttpError::Kind::connect, "simulated: Couldn't connect to server");
}
inline net::HttpResponse pin_mismatch(const net::HttpRequest&) {
  throw net::HttpError(net::HttpError::Kind::tls,
                       "simulated: TLS: the server's public key is not the pinned certificate's");
}

class FakeWalletApi {
 public:
  using Handler = std::function<net::HttpResponse(const net::HttpRequest&)>;

  // Answers METHOD path with `handler` from now on.
  void on(const std::string& method, const std::string& path, Handler handler) {
    routes_[{method, path}] = {std::move(handler)};
  }
  // Answers with these responses in turn, the last one again once they run out.
  void reply(const std::string& method, const std::string& path, long status, std::string body) {
    replies(method, path, {http_response(status, std::move(body))});
  }
  void replies(const std::string& method, const std::string& path,
               std::vector<net::HttpResponse> responses) {
    auto queue =
        std::make_shared<std::deque<net::HttpResponse>>(responses.begin(), responses.end());
    on(method, path, [queue](const net::HttpRequest&) {
      auto r = queue->front();
      if (queue->size() > 1) queue->pop_front();
      return r;
    });
  }

  Transport transport() {
    return [this](const net::HttpRequest& r) {
      requests_.push_back(r);
      auto it = routes_.find({r.method, path_of(r.url)});
      if (it == routes_.end()) {
        ADD_FAILURE() << "unexpected request " << r.method << " " << r.url;
        return http_response(599, "no such route in the test");
      }
      return it->second(r);
    };
  }

  const std::vector<net::HttpRequest>& requests() const { return requests_; }
  int calls(const std::string& method, const std::string& path) const {
    int n = 0;
    for (const auto& r : requests_)
      n += r.method == method && path_of(r.url) == path;
    return n;
  }
  const net::HttpRequest& last(const std::string& method, const std::string& path) const {
    for (auto it = requests_.rbegin(); it != requests_.rend(); ++it) {
      if (it->method == method && path_of(it->url) == path) return *it;
    }
    throw std::logic_error("no request " + method + " " + path);
  }

  static std::string path_of(const std::string& url) {
    auto scheme = url.find("://");
    auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    std::string path = slash == std::string::npos ? "/" : url.substr(slash);
    return path.substr(0, path.find('?'));
  }

 private:
  std::map<std::pair<std::string, std::string>, Handler> routes_;
  std::vector<net::HttpRequest> requests_;
};

inline std::string header_of(const net::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return {};
}

}  // namespace l402d::client::testing
