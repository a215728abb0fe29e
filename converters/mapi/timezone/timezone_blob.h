#pragma once
// Outlook's time-zone blobs, parsed into plain structs:
//  - TZREG, the value of PidLidTimeZoneStruct (MS-OXOCAL 2.2.1.39): one rule (bias plus the
//    two yearly switch dates), as the Windows registry's TZI value holds it;
//  - TZDEFINITION, the value of PidLidAppointmentTimeZoneDefinitionStartDisplay, ...EndDisplay
//    and ...Recur (MS-OXOCAL 2.2.1.41): the Windows key name plus a list of TZRULEs, one per
//    year in which the zone's rule changed (MS-OXOCAL 2.2.1.41.1).
// Both parsers are bounds-checked and throw BlobError naming the field and byte offset; they
// also reject rules no conversion could use (a month of 13, a bias of days), so everything
// that parses can be given to TimeZone (time_zone.h).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "converters/mapi/blob_reader.h"

namespace calbridge::mapi {

// SYSTEMTIME (MS-DTYP 2.3.13) as a time-zone rule uses it (MS-OXOCAL 2.2.1.39):
//  - month == 0: the zone has no daylight saving time;
//  - year == 0: a relative date that recurs yearly: the day-th (1..5, 5 = last) day_of_week
//    (0 = Sunday) of month, at hour:minute:second local time;
//  - year != 0: an absolute date, day = day of the month.
struct SystemTime {
    std::uint16_t year = 0, month = 0, day_of_week = 0, day = 0;
    std::uint16_t hour = 0, minute = 0, second = 0, milliseconds = 0;
    friend bool operator==(const SystemTime&, const SystemTime&) = default;
};

// One rule of Windows time: UTC = local + bias + (standard_bias or daylight_bias), in minutes.
// standard_date says when standard time begins (in local daylight time), daylight_date when
// daylight time begins (in local standard time).
struct TzReg {
    std::int32_t bias = 0;
    std::int32_t standard_bias = 0;
    std::int32_t daylight_bias = 0;
    SystemTime standard_date;
    SystemTime daylight_date;

    // MS-OXOCAL 2.2.1.39: "If the time zone does not support daylight saving time, the wMonth
    // member in the SYSTEMTIME structure MUST be zero". Either month 0 means no DST, as in Windows.
    bool observes_dst() const { return standard_date.month != 0 && daylight_date.month != 0; }
    // Minutes east of UTC (the iCalendar sign, opposite to the bias).
    int standard_offset_minutes() const { return -(bias + standard_bias); }
    int daylight_offset_minutes() const { return -(bias + daylight_bias); }

    // The fields MS-OXOCAL 2.2.1.41 compares to decide whether PidLidTimeZoneStruct and
    // PidLidAppointmentTimeZoneDefinitionRecur agree.
    friend bool operator==(const TzReg&, const TzReg&) = default;
};

// TZRule (MS-OXOCAL 2.2.1.41.1).
struct TzRule {
    static constexpr std::uint16_t kRecurCurrentTzReg = 0x0001;  // TZRULE_FLAG_RECUR_CURRENT_TZREG
    static constexpr std::uint16_t kEffectiveTzReg = 0x0002;     // TZRULE_FLAG_EFFECTIVE_TZREG

    std::uint16_t flags = 0;
    // stStart. MS-OXOCAL names its first word wYear ("the rule remains in effect from January 1
    // of its wYear until January 1 of the next rule's wYear") and calls the rest zero; Outlook
    // writes January 1 of that year there, which is what the Outlook API docs call stStart.
    SystemTime start;
    TzReg reg;

    int year() const { return start.year; }
    bool effective() const { return (flags & kEffectiveTzReg) != 0; }
    bool recur_current() const { return (flags & kRecurCurrentTzReg) != 0; }
};

// TZDEFINITION (MS-OXOCAL 2.2.1.41; field layout as in "About persisting TZDEFINITION to a
// stream", Outlook auxiliary reference: the "Reserved" word is wFlags).
struct TimeZoneDefinition {
    static constexpr std::uint16_t kValidGuid = 0x0001;     // TZDEFINITION_FLAG_VALID_GUID
    static constexpr std::uint16_t kValidKeyName = 0x0002;  // TZDEFINITION_FLAG_VALID_KEYNAME

    std::uint8_t minor_version = 1;
    std::uint16_t flags = kValidKeyName;
    std::optional<std::array<std::uint8_t, 16>> guid;  // Outlook 2007 betas only
    std::string key_name;  // UTF-8; the Windows registry key, e.g. "Pacific Standard Time"; may be empty
    std::vector<TzRule> rules;  // at least one, oldest first (as stored)

    // The rule flagged TZRULE_FLAG_EFFECTIVE_TZREG (the first one if several are); if none is
    // flagged, the newest rule. Never null: a parsed definition has at least one rule.
    const TzRule* effective_rule() const;
};

// MS-OXOCAL 2.2.1.39. Throws BlobError ("TZREG: ...") when shorter than 48 bytes or when a rule
// field is out of range. Bytes after the 48 are ignored.
TzReg parse_tzreg(std::span<const std::uint8_t> blob);

// MS-OXOCAL 2.2.1.41. Throws BlobError ("TZDEFINITION: ...") on truncation, a major version
// other than 2, a header whose cbHeader does not hold its fields, no rules, a cbRule too small
// for a TZRule, or a rule field out of range. Data the minor version may append to the header
// (cbHeader) or to a rule (cbRule) is skipped, as the format asks of readers.
TimeZoneDefinition parse_tzdefinition(std::span<const std::uint8_t> blob);

// Why a rule cannot be used for conversion, or nullopt if it can: biases beyond +-24 h, or,
// when the rule has DST, a SYSTEMTIME out of range (month 1..12, day_of_week 0..6, day 1..5 for
// a relative date or 1..31 for an absolute one, hour 0..23, minute and second 0..59,
// milliseconds 0..999). The text names the field, e.g. "stDaylightDate.wDay is 6 (expected 1..5)".
std::optional<std::string> tzreg_problem(const TzReg& reg);

}  // namespace calbridge::mapi
