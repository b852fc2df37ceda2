#pragma once

// The bearer secret of the admin API: 32 random bytes, written as 64 hex
// digits to <data_dir>/admin.token (mode 0600) at the first start, so that
// the operator (and `l402d admin`) can read it and nobody else can.

#include <filesystem>
#include <string>
#include <string_view>

namespace l402d::admin {

inline constexpr std::string_view kAdminTokenFile = "admin.token";

// Reads the token, or creates the file when there is none. Throws
// std::runtime_error naming the file when it is unreadable, malformed, or
// readable by group or others.
std::string load_or_create_admin_token(const std::filesystem::path& data_dir);

// Reads an existing token (the command line never creates one).
std::string read_admin_token(const std::filesystem::path& data_dir);

// Whether `presented` is the token, in time independent of where they differ.
bool admin_token_matches(std::string_view expected, std::string_view presented);

}  // namespace l402d::admin
