#pragma once
// Date formats of WebDAV properties and headers.
#include <cstdint>
#include <string>

namespace calbridge::caldav {

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 5.6.7): Last-Modified and
// DAV:getlastmodified (RFC 4918 15.7).
std::string http_date(std::int64_t unix_seconds);

// RFC 3339 date-time in UTC, "1994-11-06T08:49:37Z": DAV:creationdate (RFC 4918 15.1).
std::string rfc3339_date(std::int64_t unix_seconds);

}  // namespace calbridge::caldav
