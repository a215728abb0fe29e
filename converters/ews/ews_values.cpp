#include "converters/ews/ews_values.h"

#include <cstdio>
#include <cctype>
#include <cstdlib>

#include "converters/mapi/recurrence/recurrence_blob.h"

namespace calbridge::ews {

namespace {

// Reads exactly `width` digits at text[pos].
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Reads "YYYY-MM-DD" (optionally with a leading '-' for negative years, refused here).
std::optional<mapi::CivilDateTime> date_part(std::string_view text) {
    auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (!y || !m || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (*m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
    return mapi::CivilDateTime{*y, *m, *d, 0, 0, 0};
}

// A zone designator "Z", "+hh:mm" or "-hh:mm" -> seconds east of UTC; "" -> 0.
std::optional<int> zone_offset(std::string_view z) {
    if (z.empty() || z == "Z") return 0;
    if (z.size() != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':') return std::nullopt;
    auto h = digits(z, 1, 2), m = digits(z, 4, 2);
    if (!h || !m) return std::nullopt;
    const int s = (*h * 60 + *m) * 60;
    return z[0] == '-' ? -s : s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

constexpr const char* kDays[7] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr const char* kMonths[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kIndexes[5] = {"First", "Second", "Third", "Fourth", "Last"};

}  // namespace

std::optional<std::int64_t> parse_date_time(std::string_view text) {
    auto date = date_part(text);
    if (!date || text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
    auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!h || !mi || !s || *h > 24 || *mi > 59 || *s > 60) return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    auto offset = zone_offset(text.substr(pos));
    if (!offset) return std::nullopt;
    date->hour = *h;
    date->minute = *mi;
    date->second = *s;
    return mapi::unix_from_civil(*date) - *offset;
}

std::string format_date_time(std::int64_t unix_seconds) {
    const mapi::CivilDateTime t = mapi::civil_from_unix(unix_seconds);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return buf;
}

std::optional<mapi::CivilDateTime> parse_date(std::string_view text) {
    auto date = date_part(text);
    if (!date || !zone_offset(text.substr(10))) return std::nullopt;
    return date;
}

std::string format_date(const mapi::CivilDateTime& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    return std::nullopt;
}

std::optional<mapi::BusyStatus> parse_busy(std::string_view text) {
    using mapi::BusyStatus;
    if (text == "Free") return BusyStatus::Free;
    if (text == "Tentative") return BusyStatus::Tentative;
    if (text == "Busy" || text == "NoData") return BusyStatus::Busy;
    if (text == "OOF") return BusyStatus::OutOfOffice;
    if (text == "WorkingElsewhere") return BusyStatus::WorkingElsewhere;
    return std::nullopt;
}

const char* busy_text(mapi::BusyStatus busy) {
    switch (busy) {
        case mapi::BusyStatus::Free: return "Free";
        case mapi::BusyStatus::Tentative: return "Tentative";
        case mapi::BusyStatus::Busy: return "Busy";
        case mapi::BusyStatus::OutOfOffice: return "OOF";
        case mapi::BusyStatus::WorkingElsewhere: return "WorkingElsewhere";
    }
    return "Busy";
}

std::optional<int> parse_sensitivity(std::string_view text) {
    if (text == "Normal") return 0;
    if (text == "Personal") return 1;
    if (text == "Private") return 2;
    if (text == "Confidential") return 3;
    return std::nullopt;
}

const char* sensitivity_text(int sensitivity) {
    switch (sensitivity) {
        case 1: return "Personal";
        case 2: return "Private";
        case 3: return "Confidential";
        default: return "Normal";
    }
}

std::optional<int> parse_importance(std::string_view text) {
    if (text == "Low") return 0;
    if (text == "Normal") return 1;
    if (text == "High") return 2;
    return std::nullopt;
}

const char* importance_text(int importance) { return importance == 0 ? "Low" : importance == 2 ? "High" : "Normal"; }

int track_status_from_response(std::string_view r) {
    if (r == "Organizer") return 1;
    if (r == "Tentative") return 2;
    if (r == "Accept") return 3;
    if (r == "Decline") return 4;
    if (r == "NoResponseReceived") return 5;
    return 0;  // Unknown
}

const char* response_from_track_status(int track_status) {
    switch (track_status) {
        case 1: return "Organizer";
        case 2: return "Tentative";
        case 3: return "Accept";
        case 4: return "Decline";
        case 5: return "NoResponseReceived";
        default: return "Unknown";
    }
}

std::optional<std::uint32_t> parse_day_mask(std::string_view text) {
    for (int d = 0; d < 7; ++d)
        if (iequals(text, kDays[d])) return 1u << d;
    if (iequals(text, "Day")) return mapi::day_bit::All;
    if (iequals(text, "Weekday")) return mapi::day_bit::Weekdays;
    if (iequals(text, "WeekendDay")) return mapi::day_bit::WeekendDays;
    return std::nullopt;
}

const char* day_name(int day) { return day >= 0 && day < 7 ? kDays[day] : "Sunday"; }

std::optional<int> parse_month(std::string_view text) {
    for (int m = 0; m < 12; ++m)
        if (iequals(text, kMonths[m])) return m + 1;
    return std::nullopt;
}

const char* month_name(int month) { return month >= 1 && month <= 12 ? kMonths[month - 1] : "January"; }

std::optional<std::uint32_t> parse_day_index(std::string_view text) {
    for (std::uint32_t i = 0; i < 5; ++i)
        if (iequals(text, kIndexes[i])) return i + 1;
    return std::nullopt;
}

const char* day_index_text(std::uint32_t nth) { return nth >= 1 && nth <= 5 ? kIndexes[nth - 1] : "First"; }

}  // namespace calbridge::ews

namespace calbridge::ews {

std::optional<mapi::Bytes> parse_base64(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    mapi::Bytes out;
    std::uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {
            ++pad;
            continue;
        }
        if (pad) return std::nullopt;  // data after padding
        const int v = value(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
        }
    }
    if (pad > 2) return std::nullopt;
    return out;
}

}  // namespace calbridge::ews
