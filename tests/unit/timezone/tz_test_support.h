#pragma once
// Test support for the time-zone tests:
//  - byte builders for TZREG (MS-OXOCAL 2.2.1.39) and TZDEFINITION (2.2.1.41) written field by
//    field from the spec's layout, independently of the parser under test;
//  - Windows registry rules of a few real zones (values as Windows' TZI data holds them);
//  - ICU as an independent oracle of UTC offsets;
//  - libical helpers to read a VTIMEZONE back.
#include "support/ical_checks.h"
#include "support/tzdefinition_builder.h"
#include <libical/ical.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "converters/ical/ical_ptr.h"
#include "converters/mapi/time_units.h"

namespace tztest {

using Bytes = std::vector<std::uint8_t>;

// A SYSTEMTIME of a rule: the day-th (5 = last) day_of_week of month at hour:minute.
struct Date {
    std::uint16_t month = 0, day_of_week = 0, day = 0, hour = 0, minute = 0;
    std::uint16_t year = 0;  // non-zero: absolute date
};

struct Rule {
    std::int32_t bias = 0, standard_bias = 0, daylight_bias = 0;
    Date standard, daylight;
};

struct DefRule {
    std::uint16_t year = 0;
    std::uint16_t flags = 0;  // 1 = RECUR_CURRENT_TZREG, 2 = EFFECTIVE_TZREG
    Rule rule;
};

// The blobs are written by the project's one test writer (support/tzdefinition_builder.h).
inline calbridge::testing::tz::SysTime systime(const Date& d) {
    return {d.year, d.month, d.day_of_week, d.day, d.hour, d.minute};
}
inline calbridge::testing::tz::Rule writer_rule(const Rule& r, std::uint16_t year = 0, std::uint16_t flags = 0) {
    calbridge::testing::tz::Rule w;
    w.year = year;
    w.flags = flags;
    w.bias = r.bias;
    w.standard_bias = r.standard_bias;
    w.daylight_bias = r.daylight_bias;
    w.standard_date = systime(r.standard);
    w.daylight_date = systime(r.daylight);
    return w;
}

// PidLidTimeZoneStruct: 48 bytes.
inline Bytes tzreg_bytes(const Rule& r) { return calbridge::testing::tz::tzreg(writer_rule(r)); }

// TZDEFINITION with wFlags = TZDEFINITION_FLAG_VALID_KEYNAME and 66-byte TZRules whose stStart
// is January 1 of wYear.
inline Bytes tzdef_bytes(const std::string& ascii_key, const std::vector<DefRule>& rules) {
    std::vector<calbridge::testing::tz::Rule> written;
    for (const DefRule& r : rules) {
        written.push_back(writer_rule(r.rule, r.year, r.flags));
        written.back().start_month = 1;
        written.back().start_day = 1;
    }
    return calbridge::testing::tz::tzdefinition(ascii_key, written);
}

inline Bytes from_hex(const std::string& hex) {
    Bytes b;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) b.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return b;
}

// ---- Windows registry rules (HKLM\...\Time Zones\<key>\TZI and Dynamic DST) ----------------

// Pacific Standard Time since 2007: DST from the 2nd Sunday of March 2:00 to the 1st Sunday of November 2:00.
inline Rule pacific_2007() { return {480, 0, -60, {11, 0, 1, 2}, {3, 0, 2, 2}}; }
// Before 2007: 1st Sunday of April to the last Sunday of October.
inline Rule pacific_2006() { return {480, 0, -60, {10, 0, 5, 2}, {4, 0, 1, 2}}; }
// W. Europe Standard Time: last Sunday of March 2:00 to last Sunday of October 3:00.
inline Rule west_europe() { return {-60, 0, -60, {10, 0, 5, 3}, {3, 0, 5, 2}}; }
// India Standard Time: UTC+05:30, no DST.
inline Rule india() { return {-330, 0, 0, {}, {}}; }
// AUS Eastern Standard Time: DST from the 1st Sunday of October 2:00 to the 1st Sunday of April 3:00.
inline Rule aus_eastern() { return {-600, 0, -60, {4, 0, 1, 3}, {10, 0, 1, 2}}; }
// UTC.
inline Rule utc() { return {0, 0, 0, {}, {}}; }

// E. South America Standard Time (Brasilia) around the 2019 abolition of DST, one rule per
// year like Windows' Dynamic DST: DST ends on the 3rd Sunday of February at 0:00; it began on
// the 3rd Sunday of October (2017) or the 1st Sunday of November (2018); 2019 starts in DST
// (Windows writes a daylight date of January 1, 0:00) and ends it in February; from 2020 no DST.
inline std::vector<DefRule> brazil_rules() {
    return {
        {2017, 0, {180, 0, -60, {2, 0, 3, 0}, {10, 0, 3, 0}}},
        {2018, 0, {180, 0, -60, {2, 0, 3, 0}, {11, 0, 1, 0}}},
        {2019, 0, {180, 0, -60, {2, 0, 3, 0}, {1, 2, 1, 0}}},  // Jan 1 2019 was a Tuesday (2)
        {2020, 3, {180, 0, -60, {}, {}}},
    };
}

// Russian Standard Time (Moscow) 2010-2015, as Windows' Dynamic DST writes it: EU-style DST in
// 2010; in 2011 DST begins in March and never ends (standard date January 1, 0:00); 2012-2013
// UTC+4 without DST; in 2014 "daylight" UTC+4 from January 1 until the return to UTC+3 on
// October 26; from 2015 UTC+3.
inline std::vector<DefRule> moscow_rules() {
    return {
        {2010, 0, {-180, 0, -60, {10, 0, 5, 3}, {3, 0, 5, 2}}},
        {2011, 0, {-180, 0, -60, {1, 6, 1, 0}, {3, 0, 5, 2}}},   // Jan 1 2011 was a Saturday (6)
        {2012, 0, {-240, 0, -60, {}, {}}},
        {2014, 0, {-180, 0, -60, {10, 0, 5, 2}, {1, 3, 1, 0}}},  // Jan 1 2014 was a Wednesday (3)
        {2015, 3, {-180, 0, -60, {}, {}}},
    };
}

// A made-up zone whose standard offset changes where two rules meet: UTC-4 until 2015,
// UTC-3 from 2016 (the first hour of 2016 local time does not exist).
inline std::vector<DefRule> offset_change_rules() {
    return {
        {2015, 0, {240, 0, 0, {}, {}}},
        {2016, 3, {180, 0, 0, {}, {}}},
    };
}

// ---- ICU oracle ---------------------------------------------------------------------------------

class IcuZone {
public:
    explicit IcuZone(const char* iana) {
        UChar id[64];
        int32_t len = 0;
        UErrorCode status = U_ZERO_ERROR;
        u_strFromUTF8(id, 64, &len, iana, -1, &status);
        cal_.reset(ucal_open(id, len, "en_US", UCAL_GREGORIAN, &status));
    }
    int offset_minutes(std::int64_t unix_seconds) const {
        UErrorCode status = U_ZERO_ERROR;
        ucal_setMillis(cal_.get(), static_cast<UDate>(unix_seconds) * 1000.0, &status);
        return (ucal_get(cal_.get(), UCAL_ZONE_OFFSET, &status) + ucal_get(cal_.get(), UCAL_DST_OFFSET, &status)) / 60000;
    }

private:
    struct Close {
        void operator()(UCalendar* c) const { ucal_close(c); }
    };
    std::unique_ptr<UCalendar, Close> cal_;
};

// ---- libical ------------------------------------------------------------------------------------

using calbridge::test::count_xlic_errors;

struct ZoneDeleter {
    void operator()(icaltimezone* z) const { icaltimezone_free(z, 1); }
};
using ZonePtr = std::unique_ptr<icaltimezone, ZoneDeleter>;

// Serialises the VTIMEZONE inside a VCALENDAR, parses the text back with libical and makes an
// icaltimezone of it. Reports X-LIC-ERROR properties through `errors`.
inline ZonePtr libical_zone(const icalcomponent* vtimezone, int& errors, std::string* text_out = nullptr) {
    const std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//tests//EN\r\n" +
                             calbridge::ical::to_ics(vtimezone) + "END:VCALENDAR\r\n";
    if (text_out) *text_out = text;
    calbridge::ical::ComponentPtr cal = calbridge::ical::parse_ics(text);
    if (!cal) {
        errors = -1;
        return nullptr;
    }
    errors = count_xlic_errors(cal.get());
    icalcomponent* vtz = icalcomponent_get_first_component(cal.get(), ICAL_VTIMEZONE_COMPONENT);
    if (!vtz) return nullptr;
    ZonePtr zone(icaltimezone_new());
    icaltimezone_set_component(zone.get(), icalcomponent_new_clone(vtz));
    return zone;
}

inline int libical_offset_minutes(icaltimezone* zone, std::int64_t unix_seconds) {
    icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(unix_seconds), 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight) / 60;
}

inline std::int64_t libical_to_unix(icaltimezone* zone, const calbridge::mapi::CivilDateTime& local) {
    icaltimetype t = icaltime_null_time();
    t.year = local.year;
    t.month = local.month;
    t.day = local.day;
    t.hour = local.hour;
    t.minute = local.minute;
    t.second = local.second;
    return static_cast<std::int64_t>(icaltime_as_timet_with_zone(t, zone));
}

inline calbridge::mapi::CivilDateTime civil(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return {y, mo, d, h, mi, s};
}
inline std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return calbridge::mapi::unix_from_civil(civil(y, mo, d, h, mi, s));
}

}  // namespace tztest
