#pragma once

// The I/O threads (--threads): one io_context each, shared by every API's
// server. A connection lives on one of them from accept to close, so its
// coroutines never run concurrently and need no strand.

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace l402d::lnsim {

class IoLoops {
 public:
  explicit IoLoops(int threads);
  ~IoLoops();
  IoLoops(const IoLoops&) = delete;
  IoLoops& operator=(const IoLoops&) = delete;

  void start();
  void stop();  // stops every loop and joins the threads; idempotent

  boost::asio::io_context& first() { return loops_.front()->ioc; }
  boost::asio::io_context& next();  // round robin, any thread

 private:
  struct Loop {
    Loop() : guard(boost::asio::make_work_guard(ioc)) {}
    boost::asio::io_context ioc{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
  };
  std::vector<std::unique_ptr<Loop>> loops_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace l402d::lnsim
