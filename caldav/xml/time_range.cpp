#include "caldav/xml/time_range.h"

#include <string>

#include "caldav/xml/error.h"
#include "converters/ical/civil_days.h"

namespace calbridge::caldav::xml {
namespace {

bool digits(std::string_view s, std::size_t from, std::size_t count, int& out) noexcept {
    int v = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

bool leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<std::int64_t> parse_utc_datetime(std::string_view t) noexcept {
    // RFC 4791 9.9: "date with UTC time" (RFC 5545 3.3.5 FORM #2), e.g. 20060104T000000Z.
    if (t.size() != 16 || t[8] != 'T' || t[15] != 'Z') return std::nullopt;
    int y, mo, d, h, mi, s;
    if (!digits(t, 0, 4, y) || !digits(t, 4, 2, mo) || !digits(t, 6, 2, d) || !digits(t, 9, 2, h) ||
        !digits(t, 11, 2, mi) || !digits(t, 13, 2, s))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    if (s == 60) s = 59;   // a leap second (RFC 5545 3.3.12) is the last second of its minute here
    return ical::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

TimeRange parse_time_range(pugi::xml_node element, bool both_required, int status,
                           const std::optional<QName>& condition) {
    auto fail = [&](const std::string& why) -> void {
        throw RequestError(status, std::string("CALDAV:") + element.name() + ": " + why, condition);
    };
    TimeRange range;
    const pugi::xml_attribute start = element.attribute("start");
    const pugi::xml_attribute end = element.attribute("end");
    if (!start && !end) fail("needs a start or an end attribute (RFC 4791 9.9)");
    if (both_required && (!start || !end)) fail("needs both start and end attributes (RFC 4791 9.6)");
    if (start) {
        const auto v = parse_utc_datetime(start.value());
        if (!v) fail(std::string("start=\"") + start.value() + "\" is not a UTC date-time like 20060104T000000Z (RFC 4791 9.9)");
        range.start = *v;
    }
    if (end) {
        const auto v = parse_utc_datetime(end.value());
        if (!v) fail(std::string("end=\"") + end.value() + "\" is not a UTC date-time like 20060105T000000Z (RFC 4791 9.9)");
        range.end = *v;
    }
    if (start && end && range.end <= range.start) fail("end must be later than start (RFC 4791 9.9)");
    return range;
}

}  // namespace calbridge::caldav::xml
