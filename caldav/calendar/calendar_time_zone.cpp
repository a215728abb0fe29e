#include "caldav/calendar/calendar_time_zone.h"

#include <string>

#include "caldav/calendar/civil_time.h"
#include "converters/ical/ical_ptr.h"
#include "converters/ical/windows_zones.h"

namespace calbridge::caldav {

namespace {

// libical looks an unknown builtin location up as a file below /usr/share/zoneinfo: only names
// shaped like Olson ids reach it ("Area/Location", letters, digits, '_', '-', '+').
bool looks_like_olson_id(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() == '/' || id.find("..") != std::string_view::npos) return false;
    for (char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '+' || c == '/';
        if (!ok) return false;
    }
    return true;
}

icaltimezone* builtin_zone(std::string_view id) {
    // Evolution and older libical write "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin".
    for (std::string_view prefix : {std::string_view("/freeassociation.sourceforge.net/Tzfile/"),
                                    std::string_view("/freeassociation.sourceforge.net/"),
                                    std::string_view("/citadel.org/")}) {
        if (id.substr(0, prefix.size()) == prefix) {
            id.remove_prefix(prefix.size());
            const auto slash = id.find('/');
            // "/citadel.org/20190914_1/Europe/Berlin": a version segment before the Olson id.
            if (prefix == "/citadel.org/" && slash != std::string_view::npos) id.remove_prefix(slash + 1);
            break;
        }
    }
    if (id == "UTC" || id == "GMT" || id == "Etc/UTC" || id == "Etc/GMT" || id == "Z") return icaltimezone_get_utc_timezone();
    if (!looks_like_olson_id(id)) return nullptr;
    const std::string name(id);
    return icaltimezone_get_builtin_timezone(name.c_str());
}

// libical expands a zone's transitions from its first year up to the year asked for, again for
// every later year, through ICU calendars (measured: 1.2 s for America/New_York up to 2500,
// ~3.7 ms per object for a VTIMEZONE up to 2024). Years after 2037 are therefore read from the
// same date 28*k years earlier: from 1901 to 2099 the Gregorian calendar repeats its weekdays
// every 28 years, so rules such as "last Sunday of March" give the same offsets.
constexpr int kLastExpandedYear = 2037;
constexpr std::int64_t k28Years = 10227LL * 86400;

std::int64_t offset_at(icaltimezone* zone, std::int64_t utc_seconds) {
    const int year = civil_from_days(utc_seconds >= 0 ? utc_seconds / 86400 : (utc_seconds - 86399) / 86400).year;
    if (year > kLastExpandedYear) utc_seconds -= static_cast<std::int64_t>((year - kLastExpandedYear + 27) / 28) * k28Years;
    icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(utc_seconds), 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight);
}

}  // namespace

CalendarTimeZone CalendarTimeZone::from_vcalendar_text(std::string_view text) {
    CalendarTimeZone out;
    if (text.empty()) return out;
    ical::ComponentPtr parsed = ical::parse_ics(std::string(text));
    if (!parsed) return out;
    icalcomponent* vtimezone = icalcomponent_isa(parsed.get()) == ICAL_VTIMEZONE_COMPONENT
                                   ? parsed.get()
                                   : icalcomponent_get_first_component(parsed.get(), ICAL_VTIMEZONE_COMPONENT);
    icalproperty* tzid = vtimezone ? icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY) : nullptr;
    if (!tzid) return out;
    // A known Olson or Windows name: the shared system zone (see resolve_tzid).
    if (icaltimezone* known = resolve_tzid(nullptr, icalproperty_get_tzid(tzid))) {
        out.zone_ = known;
        return out;
    }
    icaltimezone* zone = icaltimezone_new();
    // icaltimezone_set_component takes ownership of the component; icaltimezone_free(z, 1) frees both.
    if (!icaltimezone_set_component(zone, icalcomponent_new_clone(vtimezone))) {
        icaltimezone_free(zone, 1);
        return out;
    }
    out.own_zone_ = std::shared_ptr<icaltimezone>(zone, [](icaltimezone* z) { icaltimezone_free(z, 1); });
    out.zone_ = zone;
    return out;
}

CalendarTimeZone CalendarTimeZone::from_tzid(std::string_view tzid) {
    CalendarTimeZone out;
    out.zone_ = builtin_zone(tzid);
    return out;
}

icaltimezone* resolve_tzid(const icalcomponent* vcalendar, const char* tzid) {
    if (!tzid || !*tzid) return nullptr;
    // A TZID that names an Olson zone (Apple, Thunderbird, DAVx5) or a Windows zone (Outlook)
    // is read from the system's zone data, shared by every object: expanding each object's own
    // VTIMEZONE costs milliseconds per PUT (see offset_at). Where a client's VTIMEZONE differs
    // from the current tzdata for such a name, the tzdata wins, as in sabre/vobject.
    if (icaltimezone* builtin = builtin_zone(tzid)) return builtin;
    if (auto iana = ical::iana_from_windows(tzid))
        if (icaltimezone* mapped = builtin_zone(*iana)) return mapped;
    if (vcalendar) {
        // RFC 5545 3.2.19: the VTIMEZONE of the object with this TZID. libical indexes the
        // VTIMEZONEs of a parsed VCALENDAR (it sorts that index lazily, hence the cast).
        if (icaltimezone* own = icalcomponent_get_timezone(const_cast<icalcomponent*>(vcalendar), tzid)) return own;
    }
    return nullptr;
}

std::int64_t local_to_utc(icaltimezone* zone, const icaltimetype& local) {
    const std::int64_t t = civil_seconds(local);
    if (!zone || zone == icaltimezone_get_utc_timezone()) return t;
    // The UTC instant of a wall time lies within 14 h of it; the offsets a day before and a day
    // after bracket any single transition (RFC 5545 3.3.5).
    const std::int64_t before = offset_at(zone, t - 86400);
    const std::int64_t after = offset_at(zone, t + 86400);
    const auto valid = [&](std::int64_t u) { return offset_at(zone, u) == t - u; };
    const std::int64_t u_before = t - before;
    const std::int64_t u_after = t - after;
    const bool ok_before = valid(u_before);
    const bool ok_after = before != after && valid(u_after);
    if (ok_before && ok_after) return std::min(u_before, u_after);   // overlap: the first occurrence
    if (ok_before) return u_before;
    if (ok_after) return u_after;
    // Neither: a gap (nonexistent local time): "interpreted using the UTC offset before the gap".
    return u_before;
}

UtcTime to_utc(const icaltimetype& t, icaltimezone* zone, const CalendarTimeZone& floating_zone) {
    UtcTime out;
    out.is_date = t.is_date != 0;
    if (!t.is_date && icaltime_is_utc(t)) {
        out.seconds = civil_seconds(t);
        return out;
    }
    if (!t.is_date && zone) {
        out.seconds = local_to_utc(zone, t);
        return out;
    }
    // RFC 4791 9.9: DATE values and floating DATE-TIMEs are evaluated in the calendar's zone.
    out.floating = true;
    out.seconds = floating_zone.has_zone() ? local_to_utc(floating_zone.zone(), t) : civil_seconds(t);
    return out;
}

}  // namespace calbridge::caldav
