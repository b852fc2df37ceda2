#pragma once

// Engine work runs here, never on the I/O threads: a fixed set of worker
// threads and a queue. Coroutines `co_await pool.run(f)`: f runs on a worker
// and the coroutine resumes on its own executor with f's result (or exception).
//
// Admission is the caller's choice: a new, unpaid request asks has_capacity()
// before it is offered an invoice (nobody pays for work that cannot start soon),
// while paid work always queues.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace l402d::http {

class WorkerPool {
 public:
  // `queue_limit`: how many jobs may wait beyond those running before
  // has_capacity() says no.
  WorkerPool(int threads, std::size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool has_capacity() const;
  std::size_t queued() const;
  std::size_t running() const;
  int threads() const { return static_cast<int>(threads_.size()); }

  // Runs every queued job, then joins the workers. Idempotent.
  void shutdown();

  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F f) {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
      co_await run([f = std::move(f)]() mutable {
        f();
        return true;
      });
      co_return;
    } else {
      // The value travels as optional<R> so that R need not be default-constructible.
      auto result =
          co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                               void(std::exception_ptr, std::optional<R>)>(
              [this, f = std::move(f)](auto handler) mutable {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                auto guard = std::make_shared<boost::asio::executor_work_guard<
                    boost::asio::associated_executor_t<decltype(handler)>>>(
                    boost::asio::get_associated_executor(*shared));
                enqueue([this, shared, guard, f = std::move(f)]() mutable {
                  std::exception_ptr error;
                  std::optional<R> value;
                  try {
                    value.emplace(f());
                  } catch (...) {
                    error = std::current_exception();
                  }
                  // Counted finished before the caller resumes: a caller that
                  // asks has_capacity() right after must see its slot free.
                  job_finished();
                  auto executor = guard->get_executor();
                  boost::asio::dispatch(executor,
                                        [shared, guard, error, value = std::move(value)]() mutable {
                                          (*shared)(error, std::move(value));
                                          guard->reset();
                                        });
                });
              },
              boost::asio::use_awaitable);
      co_return std::move(*result);
    }
  }

 private:
  // Jobs call job_finished() themselves, before they resume their caller.
  void enqueue(std::function<void()> job);
  void job_finished();
  void work();

  const std::size_t queue_limit_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace l402d::http
