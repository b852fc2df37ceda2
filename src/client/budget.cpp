#include "client/budget.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "client/file_lock.hpp"
#include "client/sats_text.hpp"
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
  const auto* msat = o.if_contains("spent_msat");
  const auto* sats = o.if_contains("spent_sats");
  if (!day || !day->is_string() || !((msat && msat->is_number()) || (sats && sats->is_number()))) {
    throw std::runtime_error(file_.string() + " lacks day/spent_msat");
  }
  if (std::string_view(day->as_string()) != s.day) return s;
  s.spent_msat = msat && msat->is_number() ? json::value_to<std::uint64_t>(*msat)
                                           : json::value_to<std::uint64_t>(*sats) * 1000;
  return s;
}

void Budget::store(const State& state) const {
  auto text = json::serialize(json::object{{"day", state.day},
                                           {"spent_msat", state.spent_msat},
                                           {"spent_sats", sats_ceil(state.spent_msat)}});
  write_file_durably(file_, as_bytes(text));
}

FileLock Budget::take_lock() const {
  if (file_.has_parent_path()) ensure_private_dir(file_.parent_path());
  return FileLock(file_.string() + ".lock");
}

Budget::Reservation Budget::reserve(std::uint64_t msat) {
  FileLock lock = take_lock();
  State s = load();
  Reservation r{false, s.day, s.spent_msat};
  if (limit_) {
    const std::uint64_t limit_msat = *limit_ * 1000;
    if (s.spent_msat > limit_msat || msat > limit_msat - s.spent_msat) return r;
  }
  s.spent_msat += msat;
  store(s);
  r.granted = true;
  return r;
}

void Budget::release(std::uint64_t msat, const std::string& day) {
  settle(msat, 0, day);
}

void Budget::settle(std::uint64_t reserved_msat, std::uint64_t spent_msat, const std::string& day) {
  FileLock lock = take_lock();
  State s = load();
  if (s.day != day) return;
  s.spent_msat = (s.spent_msat > reserved_msat ? s.spent_msat - reserved_msat : 0) + spent_msat;
  store(s);
}

std::uint64_t Budget::spent_today_msat() const {
  FileLock lock = take_lock();
  return load().spent_msat;
}

}  // namespace l402d::client
