#pragma once
// Test helper (header-only): Outlook time-zone blobs written field by field from the layout of
// MS-OXOCAL 2.2.1.41 (TZDEFINITION, the value of PidLidAppointmentTimeZoneDefinitionRecur,
// ...StartDisplay and ...EndDisplay) and 2.2.1.39 (TZREG, PidLidTimeZoneStruct), independently
// of the parsers under test, so any test can give an appointment a time zone.
//
//   using namespace calbridge::testing::tz;
//   Bytes recur_zone = pacific_tzdefinition();  // == the MS-OXOCAL 4.1.4 example bytes
//
// The Pacific values are Windows' "Pacific Standard Time" registry rules: bias 480 min,
// daylight bias -60; 2006 and before: DST from the 1st Sunday of April 2:00 to the last Sunday
// of October 2:00; from 2007: the 2nd Sunday of March 2:00 to the 1st Sunday of November 2:00.
#include <cstdint>
#include <string>
#include <vector>

namespace calbridge::testing::tz {

using Bytes = std::vector<std::uint8_t>;

// SYSTEMTIME (MS-DTYP 2.3.13) as a rule uses it: year 0 = "the day-th (5 = last)
// day_of_week of month", recurring yearly.
struct SysTime {
    std::uint16_t year = 0, month = 0, day_of_week = 0, day = 0, hour = 0, minute = 0;
};

// One TZRule (MS-OXOCAL 2.2.1.41.1).
struct Rule {
    std::uint16_t year = 0;   // stStart.wYear: the rule holds from January 1 of this year
    std::uint16_t flags = 0;  // 0x0001 TZRULE_FLAG_RECUR_CURRENT_TZREG, 0x0002 TZRULE_FLAG_EFFECTIVE_TZREG
    std::int32_t bias = 0, standard_bias = 0, daylight_bias = 0;
    SysTime standard_date, daylight_date;
    // stStart's wMonth and wDay: 0 as in the MS-OXOCAL 4.1.4 example; some writers put
    // January 1 there (both mean the same to a reader).
    std::uint16_t start_month = 0, start_day = 0;
};

inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v & 0xFF));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void put32(Bytes& b, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>((u >> (8 * i)) & 0xFF));
}
// wYear wMonth wDayOfWeek wDay wHour wMinute wSecond wMilliseconds.
inline void put_systemtime(Bytes& b, const SysTime& t) {
    for (std::uint16_t v : {t.year, t.month, t.day_of_week, t.day, t.hour, t.minute, std::uint16_t{0}, std::uint16_t{0}})
        put16(b, v);
}

// TZDEFINITION: bMajorVersion 2, bMinorVersion 1, cbHeader, wFlags = TZDEFINITION_FLAG_VALID_KEYNAME,
// cchKeyName + KeyName (UTF-16LE, ASCII keys only here), cRules, then TZRules of cbRule 0x3E
// whose stStart is written as MS-OXOCAL 4.1.4 shows it (wYear, the other fields zero).
inline Bytes tzdefinition(const std::string& ascii_key, const std::vector<Rule>& rules) {
    Bytes b;
    b.push_back(0x02);
    b.push_back(0x01);
    put16(b, static_cast<std::uint16_t>(2 + 2 + 2 * ascii_key.size() + 2));  // cbHeader
    put16(b, 0x0002);
    put16(b, static_cast<std::uint16_t>(ascii_key.size()));
    for (char c : ascii_key) put16(b, static_cast<std::uint16_t>(static_cast<unsigned char>(c)));
    put16(b, static_cast<std::uint16_t>(rules.size()));
    for (const Rule& r : rules) {
        b.push_back(0x02);
        b.push_back(0x01);
        put16(b, 0x003E);  // cbRule
        put16(b, r.flags);
        put_systemtime(b, SysTime{r.year, r.start_month, 0, r.start_day, 0, 0});
        put32(b, r.bias);
        put32(b, r.standard_bias);
        put32(b, r.daylight_bias);
        put_systemtime(b, r.standard_date);
        put_systemtime(b, r.daylight_date);
    }
    return b;
}

// TZREG (48 bytes): lBias, lStandardBias, lDaylightBias, wStandardYear, stStandardDate,
// wDaylightYear, stDaylightDate.
inline Bytes tzreg(const Rule& r) {
    Bytes b;
    put32(b, r.bias);
    put32(b, r.standard_bias);
    put32(b, r.daylight_bias);
    put16(b, r.standard_date.year);
    put_systemtime(b, r.standard_date);
    put16(b, r.daylight_date.year);
    put_systemtime(b, r.daylight_date);
    return b;
}

inline Rule pacific_rule_2006() { return {2006, 0x0000, 480, 0, -60, {0, 10, 0, 5, 2, 0}, {0, 4, 0, 1, 2, 0}}; }
inline Rule pacific_rule_2007() { return {2007, 0x0002, 480, 0, -60, {0, 11, 0, 1, 2, 0}, {0, 3, 0, 2, 2, 0}}; }

// "Pacific Standard Time" with its 2006 and 2007 rules, the latter effective (MS-OXOCAL 4.1.4).
inline Bytes pacific_tzdefinition() {
    return tzdefinition("Pacific Standard Time", {pacific_rule_2006(), pacific_rule_2007()});
}

// PidLidTimeZoneStruct of Pacific time since 2007 (MS-OXOCAL 4.1.5).
inline Bytes pacific_tzreg() { return tzreg(pacific_rule_2007()); }

}  // namespace calbridge::testing::tz
