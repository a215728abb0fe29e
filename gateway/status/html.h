#pragma once
// HTML text for the status page: every value that comes from a calendar, a file name or a user
// is escaped on its way into the page (HTML Living Standard 13.1.2.6: in text and in quoted
// attribute values, escaping & < > " ' is enough; the page never puts a value anywhere else,
// e.g. into a script, style or unquoted attribute).
#include <cstdint>
#include <string>
#include <string_view>

namespace calbridge::status {

// & < > " ' as character references. Bytes that are not valid UTF-8 become U+FFFD, and C0
// controls other than tab/LF/CR are dropped, so a hostile SUMMARY cannot break the page's
// encoding either.
std::string escape(std::string_view text);

// "2026-11-27 07:14:21 UTC" (unix seconds); "never" for 0.
std::string format_time(std::int64_t unix_seconds);

}  // namespace calbridge::status
