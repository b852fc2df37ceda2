#pragma once

// A plain TCP client for tests that look at the bytes: chunked framing, where a
// body ends, when the server closes. Every read has a deadline, so a server
// that hangs fails the test instead of hanging it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace l402d::testing {

class RawClient {
 public:
  // `receive_buffer` > 0: a small socket buffer, so that a client that stops
  // reading pushes back on the server soon.
  explicit RawClient(std::uint16_t port, int receive_buffer = 0)
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket");
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(0x7f000001U);  // 127.0.0.1
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect");
    }
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void write(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send");
      sent += static_cast<std::size_t>(n);
    }
  }

  // The status line and headers, through the blank line; nullopt if the
  // connection closed first.
  std::optional<std::string> read_head() {
    if (!fill_until("\r\n\r\n")) return std::nullopt;
    return take(buffer_.find("\r\n\r\n") + 4);
  }

  // One chunk's data; "" for the last chunk (trailers are not used);
  // nullopt if the connection closed (or broke the framing) first.
  std::optional<std::string> read_chunk() {
    if (!fill_until("\r\n")) return std::nullopt;
    const auto line = take(buffer_.find("\r\n") + 2);
    std::size_t size = 0;
    try {
      size = std::stoul(line, nullptr, 16);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (size == 0) {
      if (!fill_until("\r\n")) return std::nullopt;
      take(2);
      return std::string();
    }
    while (buffer_.size() < size + 2) {
      if (!read_more()) return std::nullopt;
    }
    auto data = take(size);
    if (take(2) != "\r\n") return std::nullopt;
    return data;
  }

  // Everything until the server closes (an HTTP/1.0 body).
  std::string read_to_close() {
    while (read_more()) {
    }
    return take(buffer_.size());
  }

  // True if the server closes the connection with nothing more to read.
  bool closed_by_server() { return buffer_.empty() && !read_more(); }

  // How long reads wait for data before failing the test.
  std::chrono::milliseconds deadline{5000};

 private:
  bool fill_until(std::string_view delimiter) {
    while (buffer_.find(delimiter) == std::string::npos) {
      if (!read_more()) return false;
    }
    return true;
  }

  // False on close or reset; throws when no byte comes within the deadline.
  bool read_more() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(deadline.count())) != 1) {
      throw std::runtime_error("no data from the server within the deadline");
    }
    char chunk[16 * 1024];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  std::string take(std::size_t n) {
    auto out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return out;
  }

  int fd_;
  std::string buffer_;
};

}  // namespace l402d::testing
