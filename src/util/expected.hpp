#pragma once

// A minimal stand-in for C++23 std::expected: a value or an error, never both.
// Protocol code returns these instead of throwing so that rejecting hostile input
// (the common case for a payment gate under attack) costs no stack unwinding.

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace l402d {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}            // NOLINT
  Expected(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& {
    if (has_value()) throw std::logic_error("Expected::error() on a value");
    return std::get<1>(v_);
  }

 private:
  void check() const {
    if (!has_value()) throw std::logic_error("Expected::value() on an error");
  }
  std::variant<T, E> v_;
};

// Void specialisation: success or an error.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> e) : e_(std::move(e.error)), ok_(false) {}  // NOLINT

  bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const E& error() const& {
    if (ok_) throw std::logic_error("Expected::error() on a value");
    return e_;
  }

 private:
  E e_{};
  bool ok_ = true;
};

}  // namespace l402d
