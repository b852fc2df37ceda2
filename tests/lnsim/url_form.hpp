#pragma once

// Request targets and form bodies: the path, the query parameters and
// application/x-www-form-urlencoded fields, percent-decoded ('+' is a space).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace l402d::lnsim {

using FormFields = std::vector<std::pair<std::string, std::string>>;

std::string_view target_path(std::string_view target);
std::string_view target_query(std::string_view target);  // after '?', or empty

// nullopt on a malformed %-escape.
// `plus_is_space`: query and form rules; paths keep a '+'.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);
std::optional<FormFields> parse_form(std::string_view text);

// The first value of `name`, or nullopt.
std::optional<std::string> form_value(const FormFields& fields, std::string_view name);
bool form_has(const FormFields& fields, std::string_view name);

// "/a/b/c" with prefix "/a/": "b/c"; nullopt when `path` does not start with it.
std::optional<std::string_view> path_rest(std::string_view path, std::string_view prefix);

}  // namespace l402d::lnsim
