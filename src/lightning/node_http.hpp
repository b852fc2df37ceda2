#pragma once

// What every backend that talks to its node over HTTP needs besides its own
// API: a call whose transport failures become BackendErrors, the node's error
// text made safe to log, and the credential read as the text a header
// carries.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "lightning/secret_source.hpp"
#include "net/async_http_client.hpp"

namespace l402d::lightning {

// One exchange. A deadline passing is BackendError(timeout), anything else
// that keeps an answer from arriving (refused connection, TLS, reset) is
// unavailable; the message starts with `node` and names no credential. Any
// HTTP status is an answer.
boost::asio::awaitable<net::HttpResponse> call_node(net::AsyncHttpClient& client,
                                                    net::HttpRequest request,
                                                    std::string_view node);

// How a node knows us: one header (Grpc-Metadata-macaroon, Rune, X-Api-Key,
// Authorization) and its value.
struct NodeCredential {
  std::string header;
  std::string value;
};

// One call to a node: the credential header (marked secret, so it is never
// logged or sent on after a redirect), `content_type` only with a body,
// `timeout` for the whole exchange and at most 10 s of it to connect.
net::HttpRequest node_request(std::string method, std::string url, const NodeCredential& credential,
                              std::string body, std::string_view content_type,
                              std::chrono::milliseconds timeout);

// `text` (the node's own words, to be logged) with every occurrence of
// `secret` replaced, in case an API echoes what it was sent. Also cut to 300
// bytes: an HTML error page is not a message.
std::string redact(std::string text, std::string_view secret);

// A credential that travels as text (a rune, an API key, a password): the
// secret without surrounding whitespace (files end with a newline). Throws
// BackendError(unauthorized), naming `what`, when it is empty or holds a
// control character, which would break the header it goes in.
std::string as_token(const std::string& secret, const std::string& what);
// as_token(read_secret(source)).
std::string read_token(const SecretSource& source);

// "ws://" or "wss://" for an "http://" or "https://" base URL.
std::string websocket_url(std::string_view http_base);

}  // namespace l402d::lightning
