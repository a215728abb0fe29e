#include "caldav/calendar/ical_values.h"

#include "caldav/calendar/civil_time.h"

namespace calbridge::caldav {

bool is_usable_time(const icaltimetype& t) {
    if (icaltime_is_null_time(t)) return false;
    if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31) return false;
    if (t.day > icaltime_days_in_month(t.month, t.year)) return false;
    if (!t.is_date && (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 60))
        return false;
    return true;
}

std::optional<ZonedTime> property_time(const icalcomponent* vcalendar, const icalproperty* p) {
    if (!p) return std::nullopt;
    const icalvalue* v = icalproperty_get_value(p);
    if (!v) return std::nullopt;
    ZonedTime out;
    switch (icalvalue_isa(v)) {
        case ICAL_DATETIME_VALUE: out.local = icalvalue_get_datetime(v); break;
        case ICAL_DATE_VALUE: out.local = icalvalue_get_date(v); break;
        case ICAL_DATETIMEPERIOD_VALUE: {
            const icaldatetimeperiodtype dp = icalvalue_get_datetimeperiod(v);
            out.local = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
            break;
        }
        case ICAL_PERIOD_VALUE: out.local = icalvalue_get_period(v).start; break;
        default: return std::nullopt;
    }
    if (!is_usable_time(out.local)) return std::nullopt;
    const bool utc = !out.local.is_date && icaltime_is_utc(out.local);
    out.local.zone = utc ? icaltimezone_get_utc_timezone() : nullptr;
    if (!out.local.is_date && !utc) {
        const icalparameter* tzid =
            icalproperty_get_first_parameter(const_cast<icalproperty*>(p), ICAL_TZID_PARAMETER);
        if (tzid) out.zone = resolve_tzid(vcalendar, icalparameter_get_tzid(tzid));
        if (out.zone == icaltimezone_get_utc_timezone()) {
            out.zone = nullptr;
            out.local = icaltime_convert_to_zone(out.local, icaltimezone_get_utc_timezone());
            out.local.zone = icaltimezone_get_utc_timezone();
        }
    }
    return out;
}

std::optional<ZonedTime> component_time(const icalcomponent* vcalendar, const icalcomponent* component,
                                        icalproperty_kind kind) {
    return property_time(vcalendar, icalcomponent_get_first_property(const_cast<icalcomponent*>(component), kind));
}

std::optional<icaldurationtype> component_duration(const icalcomponent* component) {
    const icalproperty* p = icalcomponent_get_first_property(const_cast<icalcomponent*>(component), ICAL_DURATION_PROPERTY);
    if (!p) return std::nullopt;
    const icalvalue* v = icalproperty_get_value(p);
    if (!v || icalvalue_isa(v) != ICAL_DURATION_VALUE) return std::nullopt;
    const icaldurationtype d = icalvalue_get_duration(v);
    if (icaldurationtype_is_bad_duration(d)) return std::nullopt;
    return d;
}

std::int64_t duration_seconds(const icaldurationtype& d) {
    const std::int64_t s = (static_cast<std::int64_t>(d.weeks) * 7 + d.days) * 86400 +
                           static_cast<std::int64_t>(d.hours) * 3600 + static_cast<std::int64_t>(d.minutes) * 60 + d.seconds;
    return d.is_neg ? -s : s;
}

std::int64_t add_duration(const ZonedTime& local, std::int64_t start_utc, const icaldurationtype& d,
                          const CalendarTimeZone& floating_zone) {
    const std::int64_t sign = d.is_neg ? -1 : 1;
    const std::int64_t days = sign * (static_cast<std::int64_t>(d.weeks) * 7 + d.days);
    const std::int64_t exact = sign * (static_cast<std::int64_t>(d.hours) * 3600 +
                                       static_cast<std::int64_t>(d.minutes) * 60 + d.seconds);
    std::int64_t moved = start_utc;
    if (days != 0) {
        const icaltimetype shifted = add_days(local.local, days);
        moved = to_utc(shifted, local.zone, floating_zone).seconds;
    }
    return moved + exact;
}

}  // namespace calbridge::caldav
