#pragma once

// A plain TCP socket to a server on 127.0.0.1, for tests that must send bytes
// no HTTP client would (trickled heads, smuggling shapes) or hold connections
// open without a client library's pooling.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace l402d::testing {

// The connected descriptor, with a receive timeout of `recv_timeout_s`
// seconds; -1 when the connection fails.
inline int connect_loopback(std::uint16_t port, int recv_timeout_s = 5) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval tv{recv_timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace l402d::testing
