#include "util/json_text.hpp"

#include <algorithm>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

namespace l402d {
namespace {

// Lets the serializer write into the string's spare room, growing it as needed.
void drain(boost::json::serializer& sr, std::string& out) {
  while (!sr.done()) {
    const std::size_t used = out.size();
    out.resize(std::max(out.capacity(), used + 64));
    const auto written = sr.read(out.data() + used, out.size() - used);
    out.resize(used + written.size());
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
