#pragma once

#include <string>
#include <string_view>

namespace l402d::util {

enum class PercentStyle {
  // RFC 3986 unreserved characters pass; everything else, space included,
  // becomes %XX. Safe in a path segment and in a query value.
  uri_component,
  // application/x-www-form-urlencoded as browsers and Phoenixd's form parser
  // expect it: space is '+', and '*' passes while '~' does not.
  form,
};

std::string percent_encoded(std::string_view text,
                            PercentStyle style = PercentStyle::uri_component);

}  // namespace l402d::util
