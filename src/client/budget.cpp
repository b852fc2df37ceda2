#include "client/budget.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "client/file_lock.hpp"
#include "util/clock.hpp"
#include "util/secret_file.hpp"

namespace l402d::client {

namespace json = boost::json;

Budget::Budget(std::filesystem::path file, std::optional<std::uint64_t> daily_limit_sats,
               Clock clock)
    : file_(std::move(file)), limit_(daily_limit_sats), clock_(std::move(clock)) {}

std::string Budget::today() const {
  // The date part of the RFC 3339 form: YYYY-MM-DD, the UTC day.
  return iso_time(clock_()).substr(0, 10);
}

Budget::State Budget::load() const {
  State s{today(), 0};
  auto text = read_file_if_exists(file_);
  if (!text) return s;
  json::error_code ec;
  auto v = json::parse(*text, ec);
  // A corrupt budget file must not silently reset spending to zero.
  if (ec || !v.is_object()) throw std::runtime_error(file_.string() + " is not valid JSON");
  const auto& o = v.as_object();
  const auto* day = o.if_contains("day");
  const auto* spent = o.if_contains("spent_sats");
  if (!day || !day->is_string() || !spent || !spent->is_number()) {
    throw std::runtime_error(file_.string() + " lacks day/spent_sats");
  }
  if (std::string_view(day->as_string()) == s.day) s.spent = json::value_to<std::uint64_t>(*spent);
  return s;
}

void Budget::store(const State& state) const {
  auto text = json::serialize(json::object{{"day", state.day}, {"spent_sats", state.spent}});
  write_file_durably(file_, as_bytes(text));
}

FileLock Budget::take_lock() const {
  if (file_.has_parent_path()) ensure_private_dir(file_.parent_path());
  return FileLock(file_.string() + ".lock");
}

Budget::Reservation Budget::reserve(std::uint64_t sats) {
  FileLock lock = take_lock();
  State s = load();
  Reservation r{false, s.day, s.spent};
  if (limit_ && (s.spent > *limit_ || sats > *limit_ - s.spent)) return r;
  s.spent += sats;
  store(s);
  r.granted = true;
  return r;
}

void Budget::release(std::uint64_t sats, const std::string& day) {
  FileLock lock = take_lock();
  State s = load();
  if (s.day != day) return;
  s.spent = s.spent > sats ? s.spent - sats : 0;
  store(s);
}

std::uint64_t Budget::spent_today() const {
  FileLock lock = take_lock();
  return load().spent;
}

}  // namespace l402d::client
