#include "util/json_text.hpp"

#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

namespace l402d {
namespace {

// Lets the serializer write into the string. Only a window past the end is
// made addressable (resize zero-fills it), starting small and doubling while
// one value needs more: a scalar costs a 64-byte window however much spare
// capacity the string has, so appending n values stays linear in their size.
void drain(boost::json::serializer& sr, std::string& out) {
  std::size_t window = 64;
  while (!sr.done()) {
    const std::size_t used = out.size();
    out.resize(used + window);
    const auto written = sr.read(out.data() + used, window);
    out.resize(used + written.size());
    window *= 2;
  }
}

}  // namespace

void append_json(std::string& out, const boost::json::value& value) {
  boost::json::serializer sr;
  sr.reset(&value);
  drain(sr, out);
}

void append_json_string(std::string& out, std::string_view text) {
  boost::json::serializer sr;
  sr.reset(boost::json::string_view(text.data(), text.size()));
  drain(sr, out);
}

}  // namespace l402d
