#pragma once
// RFC 4791 9.9 CALDAV:time-range (and the same attributes on expand, limit-recurrence-set,
// limit-freebusy-set, 9.6.5-9.6.7): "date with UTC time" values, YYYYMMDDTHHMMSSZ.
#include <cstdint>
#include <optional>
#include <string_view>

#include <pugixml.hpp>

#include "caldav/filter/calendar_filter.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

// "20060104T000000Z" -> unix seconds; nullopt for anything else (a local time without 'Z', a
// DATE, an out-of-range field).
std::optional<std::int64_t> parse_utc_datetime(std::string_view text) noexcept;

// Reads the start/end attributes of element. A missing attribute is -inf/+inf unless
// both_required. Throws RequestError with `status` (and `condition` if given) when a value is
// not a UTC date-time, when both are missing, or when end <= start (RFC 4791 9.9 requires
// end > start when both are given).
TimeRange parse_time_range(pugi::xml_node element, bool both_required, int status,
                           const std::optional<QName>& condition);

}  // namespace calbridge::caldav::xml
