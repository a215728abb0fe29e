#include "caldav/calendar_access/free_busy_url_range.h"

#include <optional>

#include "caldav/xml/time_range.h"

namespace calbridge::caldav {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::string_view kForm = "a UTC date-time YYYYMMDDTHHMMSSZ, e.g. 20240301T000000Z";

// Values are echoed in the 400 body: at most 40 bytes of them, control bytes as '?'.
std::string shown(std::string_view value) {
    std::string out;
    for (char c : value.substr(0, 40)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    if (value.size() > 40) out += "...";
    return out;
}

}  // namespace

std::string_view target_query(std::string_view target) {
    const auto q = target.find('?');
    return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

std::variant<TimeRange, FreeBusyRangeError> free_busy_url_range(std::string_view query, std::int64_t now) {
    std::optional<std::int64_t> start, end;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view field = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = field.find('=');
        const std::string_view name = field.substr(0, eq);
        if (name != "start" && name != "end") continue;
        std::optional<std::int64_t>& slot = name == "start" ? start : end;
        if (slot) return FreeBusyRangeError{std::string(name) + " is given twice"};
        const std::string_view value = eq == std::string_view::npos ? std::string_view() : field.substr(eq + 1);
        slot = xml::parse_utc_datetime(value);
        if (!slot)
            return FreeBusyRangeError{std::string(name) + ": '" + shown(value) + "' is not " + std::string(kForm)};
    }
    TimeRange range;
    if (start && end) {
        range = {*start, *end};
    } else if (start) {
        range = {*start, *start + (kFreeBusyUrlDaysBefore + kFreeBusyUrlDaysAfter) * kDay};
    } else if (end) {
        range = {*end - (kFreeBusyUrlDaysBefore + kFreeBusyUrlDaysAfter) * kDay, *end};
    } else {
        range = {now - kFreeBusyUrlDaysBefore * kDay, now + kFreeBusyUrlDaysAfter * kDay};
    }
    if (range.end <= range.start) return FreeBusyRangeError{"end must be after start"};
    if (range.end - range.start > kMaxFreeBusyUrlDays * kDay)
        return FreeBusyRangeError{"the range is longer than " + std::to_string(kMaxFreeBusyUrlDays) +
                                  " days: ask for at most that much at a time"};
    return range;
}

}  // namespace calbridge::caldav
