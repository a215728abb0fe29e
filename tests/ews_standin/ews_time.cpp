#include "ews_standin/ews_time.h"

#include "converters/ical/civil_days.h"

#include <cstdio>

namespace calbridge::ews_standin {

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// Hinnant's civil_from_days.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}
}  // namespace

std::optional<std::int64_t> parse_date_days(std::string_view t) {
    int y, mo, d;
    if (!digits(t, 0, 4, y) || t.size() < 10 || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' || !digits(t, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    return ical::days_from_civil(y, mo, d);
}

std::optional<std::int64_t> parse_datetime(std::string_view t) {
    auto days = parse_date_days(t);
    int h, mi, s;
    if (!days || t.size() < 19 || t[10] != 'T' || !digits(t, 11, 2, h) || t[13] != ':' || !digits(t, 14, 2, mi) ||
        t[16] != ':' || !digits(t, 17, 2, s))
        return std::nullopt;
    std::size_t pos = 19;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    }
    std::int64_t offset = 0;
    if (pos < t.size()) {
        if (t[pos] == 'Z') {
            ++pos;
        } else if (t[pos] == '+' || t[pos] == '-') {
            int oh, om;
            if (!digits(t, pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' || !digits(t, pos + 4, 2, om))
                return std::nullopt;
            offset = (oh * 60 + om) * 60 * (t[pos] == '-' ? -1 : 1);
            pos += 6;
        }
    }
    if (pos != t.size()) return std::nullopt;
    return *days * 86400 + h * 3600 + mi * 60 + s - offset;
}

Civil civil_from_unix(std::int64_t u) {
    std::int64_t days = u >= 0 ? u / 86400 : (u - 86399) / 86400;
    std::int64_t rem = u - days * 86400;
    Civil c;
    civil_from_days(days, c.year, c.month, c.day);
    c.hour = static_cast<int>(rem / 3600);
    c.minute = static_cast<int>(rem % 3600 / 60);
    c.second = static_cast<int>(rem % 60);
    return c;
}

std::string format_utc(std::int64_t u) {
    Civil c = civil_from_unix(u);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

std::string format_date(std::int64_t days) {
    Civil c = civil_from_unix(days * 86400);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
}

}  // namespace calbridge::ews_standin
