#pragma once
// Windows time-zone names (the registry key names Outlook stores, "Pacific Standard Time")
// and IANA zone ids ("America/Los_Angeles"), through ICU's copy of CLDR's windowsZones.xml:
// no hand-kept table here, the mapping follows the ICU on the system.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::ical {

// The IANA id CLDR gives a Windows zone for a territory ("001" = the zone's golden zone, the one
// CLDR lists first). Ids are the ones ICU returns, which are CLDR's canonical ids: "Asia/Calcutta",
// not "Asia/Kolkata". nullopt when CLDR does not know the Windows name.
std::optional<std::string> iana_from_windows(std::string_view windows_id, std::string_view region = "001");

// The Windows zone CLDR maps an IANA id (or any of its aliases) to; nullopt if none.
std::optional<std::string> windows_from_iana(std::string_view iana_id);

// What a zone does during one calendar year (UTC): its offset when the year begins and each
// change of offset within the year. Offsets are minutes east of UTC.
struct OffsetYear {
    struct Change {
        std::int64_t at = 0;     // unix seconds
        int offset_after = 0;    // minutes east of UTC from `at` on
        friend bool operator==(const Change&, const Change&) = default;
    };
    int year = 0;
    int offset_at_start = 0;     // at year-01-01T00:00:00Z
    std::vector<Change> changes; // in time order, each a real change of offset
    friend bool operator==(const OffsetYear&, const OffsetYear&) = default;
};

// OffsetYear of an IANA zone according to ICU; nullopt if ICU does not know the id.
std::optional<OffsetYear> icu_offset_year(std::string_view iana_id, int year);

// Names the Windows zone whose rules are the given ones, for items that carry only a TZREG
// (PidLidTimeZoneStruct) and a display string (PidLidTimeZoneDescription), no key name.
//
// Matching, all through ICU/CLDR:
//  1. Candidates are the Windows zones CLDR knows (every id ucal_getWindowsTimeZoneID returns
//     over ICU's zone list). Each is represented by its golden IANA zone (region "001").
//  2. A candidate matches when its golden zone's OffsetYear for `observed.year` equals
//     `observed` exactly: same offset at the start of the year, same changes at the same
//     instants to the same offsets. So raw offset, DST offset and both transition rules agree
//     for that year.
//  3. Several candidates can match (W. Europe, Romance, Central Europe and Central European
//     Standard Time share the EU rule). They are ranked by the description, e.g.
//     "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris": after dropping the leading
//     "(UTC...)" part, a candidate scores 2 if the description contains its name without
//     " Standard Time" ("Pacific" for "Pacific Standard Time") and 1 for each city in it that
//     names one of the IANA zones CLDR maps to the candidate ("Madrid" for Europe/Madrid),
//     whole words, ASCII case ignored.
//  4. Ties (no description, or a localized one that names nothing) go to a fixed-offset zone
//     ("UTC", "UTC-08": golden zone under Etc/) first, then to the alphabetically first name,
//     so the answer never depends on enumeration order.
// Results are cached per (observed, description): the search runs once per distinct zone.
// Thread-safe.
std::optional<std::string> windows_zone_matching(const OffsetYear& observed, std::string_view description = {});

}  // namespace calbridge::ical
