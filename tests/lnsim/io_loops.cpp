#include "lnsim/io_loops.hpp"

#include <algorithm>

namespace l402d::lnsim {

IoLoops::IoLoops(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i)
    loops_.push_back(std::make_unique<Loop>());
}

IoLoops::~IoLoops() {
  stop();
}

void IoLoops::start() {
  for (auto& loop : loops_)
    threads_.emplace_back([l = loop.get()] { l->ioc.run(); });
}

void IoLoops::stop() {
  for (auto& loop : loops_) {
    loop->guard.reset();
    loop->ioc.stop();
  }
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

boost::asio::io_context& IoLoops::next() {
  return loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]->ioc;
}

}  // namespace l402d::lnsim
