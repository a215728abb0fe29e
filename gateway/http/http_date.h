#pragma once
// The Date header value (RFC 9110 5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT").
#include <chrono>
#include <string>

namespace calbridge::http {

std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace calbridge::http
