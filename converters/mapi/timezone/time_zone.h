#pragma once
// TimeZone: an Outlook time zone (TZDEFINITION or TZREG, timezone_blob.h) as a model that
// converts between UTC and local wall-clock time, names itself with an IANA id where CLDR can,
// and writes itself as an iCalendar VTIMEZONE.
//
// Windows semantics, which Outlook uses (MS-OXOCAL 2.2.1.39, 2.2.1.41.1):
//  - UTC = local + lBias + lStandardBias in standard time, + lDaylightBias in daylight time.
//  - Daylight time begins at stDaylightDate, read in local standard time; standard time begins
//    at stStandardDate, read in local daylight time. A relative SYSTEMTIME (wYear 0) is the
//    wDay-th wDayOfWeek of wMonth, wDay 5 meaning the last one; an absolute one (wYear != 0) is
//    taken as that month and day in every year its rule covers. wMilliseconds is ignored, so
//    Windows' "23:59:59.999" switches happen at 23:59:59.
//  - No DST when either date's wMonth is 0, or when the two biases are equal.
//  - When daylight time begins later in the year than standard time (southern hemisphere),
//    daylight time spans the new year.
//  - A TZDEFINITION's rules form eras: a rule holds from January 1 (local standard time of that
//    rule) of its wYear until the next rule's; the first rule also holds for all earlier years
//    (MS-OXOCAL 2.2.1.41.1; TZDEFINITION remarks). Each year's switch dates are computed from
//    the rule of the era holding that year, as GetTimeZoneInformationForYear does.
//
// Local times that do not exist or exist twice (to_unix) resolve as Windows resolves them
// (TzSpecificLocalTimeToSystemTime[Ex], Win32 docs: "If the specified local time is ambiguous
// or invalid, the function treats it as daylight saving time and applies the daylight saving
// time bias"), since Outlook computed the UTC times stored in the file that way:
//  - in a gap (clocks jump forward: 2021-03-14 02:30 in Pacific time) the local time is read
//    with the offset after the gap (daylight): 02:30 PDT = 09:30Z, which to_local() shows as
//    01:30 PST. libical reads such times the same way; RFC 5545 3.3.5 would read them with the
//    offset before the gap (10:30Z).
//  - in an overlap (clocks fall back: 2021-11-07 01:30) the daylight reading, which is the
//    first occurrence: 01:30 PDT = 08:30Z. RFC 5545 3.3.5 agrees; libical 3.0 does not (it
//    takes the standard reading, 09:30Z) - see tests/unit/timezone/test_vtimezone.cpp.
//  Gaps and overlaps that come from a change of rule rather than DST: the offset after the
//  gap, the first occurrence.
// Valid for years 1601..9999 (SYSTEMTIME's range); outside them, results follow the nearest era.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "converters/ical/ical_ptr.h"
#include "converters/mapi/time_units.h"
#include "converters/mapi/timezone/timezone_blob.h"

namespace calbridge::mapi {

class TimeZone {
public:
    // A change of UTC offset.
    struct Transition {
        std::int64_t at = 0;       // unix seconds: the first instant of the new offset
        int offset_before = 0;     // minutes east of UTC
        int offset_after = 0;
        bool to_daylight = false;  // the new offset is the rule's daylight offset
        friend bool operator==(const Transition&, const Transition&) = default;
    };

    // From any of the three PidLidAppointmentTimeZoneDefinition* properties. The Windows id is
    // the key name; tzid() is its CLDR IANA id. With no key name, the effective rule (or the
    // newest) is matched against CLDR's Windows zones for its year, as from_tzreg does.
    // Throws BlobError if the definition has no rule or a rule tzreg_problem() rejects.
    static TimeZone from_definition(const TimeZoneDefinition& definition);

    // From PidLidTimeZoneStruct and PidLidTimeZoneDescription (a display string such as
    // "(UTC-08:00) Pacific Time (US & Canada)", never a key). The rule holds in every year.
    // The Windows zone is found by ical::windows_zone_matching() comparing the rule with CLDR's
    // zones in `reference_year` (the year of the item; the current UTC year if omitted), the
    // description breaking ties. Throws BlobError if tzreg_problem() rejects the rule.
    static TimeZone from_tzreg(const TzReg& reg, std::string description,
                               std::optional<int> reference_year = std::nullopt);

    // UTC itself: tzid "UTC", Windows id "UTC".
    static TimeZone utc();

    // From a Windows zone id alone ("W. Europe Standard Time"), as EWS names zones
    // (StartTimeZone/@Id, MS-OXWSCORE TimeZoneDefinitionType): the rule is ICU's rule for the
    // zone's CLDR golden IANA zone in force near mid-`reference_year`
    // (icu::BasicTimeZone::getSimpleRulesNear), turned into a TZREG (bias, the two yearly
    // switch dates as relative SYSTEMTIMEs in Windows' wall-clock conventions). One era: the
    // rule holds in every year, like from_tzreg. tzid() is the IANA id, windows_id() the given
    // id. nullopt when CLDR does not know the id or ICU has no rule expressible as a TZREG
    // (implemented in time_zone_icu.cpp).
    static std::optional<TimeZone> from_windows_id(std::string_view windows_id, int reference_year);

    // The IANA id when CLDR maps the zone ("America/Los_Angeles"); else the Windows key name;
    // else a stable id built from the rules, e.g. "Outlook UTC-0800 DST M3.2.0/0200 M11.1.0/0200"
    // (POSIX-TZ-like: month.week.weekday/hhmm, week 5 = last), with " #<hash>" when several
    // eras differ. Contains no character RFC 5545 forbids in a TZID parameter.
    std::string tzid() const { return tzid_; }
    // The Windows key name ("Pacific Standard Time"), matched or given; "" when unknown.
    std::string windows_id() const { return windows_id_; }
    // PidLidTimeZoneDescription when built from a TZREG; "" otherwise.
    const std::string& description() const { return description_; }
    // Offset 0 at all times (UTC, GMT without DST, ...): times can be written as UTC.
    bool is_utc() const { return is_utc_; }

    // Minutes east of UTC at an instant.
    int utc_offset_minutes_at(std::int64_t unix_seconds) const { return offset_at(unix_seconds); }
    bool is_daylight_at(std::int64_t unix_seconds) const { return state_at(unix_seconds).daylight; }
    CivilDateTime to_local(std::int64_t unix_seconds) const;
    // Gaps and overlaps resolve as the header comment says.
    std::int64_t to_unix(const CivilDateTime& local) const;

    // The offset changes in [from, to) (unix seconds), in time order.
    std::vector<Transition> transitions(std::int64_t from, std::int64_t to) const;

    // VTIMEZONE with TZID=tzid(): per era overlapping [from_year, to_year], a DAYLIGHT and a
    // STANDARD sub-component whose DTSTART is the era's first switch (in from_year - 1 when the
    // era began earlier, so the whole of from_year is covered) and whose RRULE is
    // FREQ=YEARLY;BYMONTH=m;BYDAY=nDD (-1DD for "last"; BYMONTHDAY for absolute dates), with
    // UNTIL at the era's last switch unless the era is the newest. An era without DST is one
    // STANDARD sub-component; a change of offset where eras meet gets its own sub-component.
    // libical reads it back without X-LIC-ERROR and converts as this model does for
    // years from_year..to_year (and on, for the newest era), local times in an overlap
    // excepted (libical takes the standard reading). Swapped bounds are put in order.
    ical::ComponentPtr to_vtimezone(int from_year, int to_year) const;

private:
    TimeZone() = default;  // through the factories only: a zone always has an era

    struct Switches {             // one year's two switches, unix seconds
        std::int64_t to_daylight, to_standard;
    };
    struct Era {
        int first_year = 0;       // ignored for the first era, which holds for all earlier years
        std::int64_t begins = 0;  // unix seconds of first_year-01-01T00:00 local standard time
        TzReg rule;
        bool dst = false;         // the rule switches (observes_dst and the biases differ)
        int cached_from = 0;      // switches of years cached_from.. precomputed (DST eras)
        std::vector<Switches> cached;
    };
    struct State {
        int offset = 0;           // minutes east of UTC
        bool daylight = false;
    };

    static TimeZone from_eras(std::vector<TzRule> rules);
    void name_by_rules(std::string_view description, int year);
    std::string synthetic_id() const;

    std::size_t era_index_at(std::int64_t unix_seconds) const;
    int era_last_year(std::size_t k) const;
    Switches switches(const Era& era, int year) const;
    State state_in_era(std::size_t k, std::int64_t unix_seconds) const;
    State state_at(std::int64_t unix_seconds) const { return state_in_era(era_index_at(unix_seconds), unix_seconds); }
    int offset_at(std::int64_t unix_seconds) const { return state_at(unix_seconds).offset; }

    std::vector<Era> eras_;  // oldest first, never empty
    std::string tzid_;
    std::string windows_id_;
    std::string description_;
    bool is_utc_ = false;
};

}  // namespace calbridge::mapi
