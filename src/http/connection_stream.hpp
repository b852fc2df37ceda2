#pragma once

// The socket a response goes out on: plain TCP or TLS over it, chosen per
// connection. A variant rather than a virtual interface: writing through it is
// a branch, and the server's own request loop is a template that never needs it.

#include <boost/beast/core/tcp_stream.hpp>
#include <variant>

namespace boost::beast {
template <class NextLayer>
class ssl_stream;
}

namespace l402d::http {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using ConnectionStream = std::variant<boost::beast::tcp_stream*, TlsStream*>;

}  // namespace l402d::http
