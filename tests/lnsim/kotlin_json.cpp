#include "lnsim/kotlin_json.hpp"

#include <boost/json/serialize.hpp>

namespace l402d::lnsim {

namespace json = boost::json;

namespace {

void indent(std::string& out, int level) {
  out.append(static_cast<std::size_t>(level) * 4, ' ');
}

void write(std::string& out, const json::value& v, int level) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : v.as_object()) {
      if (member.is_null()) continue;
      out += first ? "\n" : ",\n";
      first = false;
      indent(out, level + 1);
      out += json::serialize(json::value(key));
      out += ": ";
      write(out, member, level + 1);
    }
    out += '\n';
    indent(out, level);
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& element : v.as_array()) {
      out += first ? "\n" : ",\n";
      first = false;
      indent(out, level + 1);
      write(out, element, level + 1);
    }
    out += '\n';
    indent(out, level);
    out += ']';
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

std::string kotlin_pretty_json(const json::value& value) {
  std::string out;
  write(out, value, 0);
  return out;
}

}  // namespace l402d::lnsim
