#include "caldav/calendar/alarm_triggers.h"

#include <algorithm>
#include <cstdlib>

#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/ical_values.h"

namespace calbridge::caldav {

std::optional<AlarmTrigger> read_trigger(const icalcomponent* vcalendar, const icalcomponent* valarm,
                                         const CalendarTimeZone& floating_zone) {
    auto* a = const_cast<icalcomponent*>(valarm);
    icalproperty* p = icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY);
    if (!p) return std::nullopt;
    AlarmTrigger out;
    const icalvalue* v = icalproperty_get_value(p);
    if (!v) return std::nullopt;
    if (icalvalue_isa(v) == ICAL_DATETIME_VALUE || icalvalue_isa(v) == ICAL_DATE_VALUE) {
        auto t = property_time(vcalendar, p);
        if (!t) return std::nullopt;
        out.absolute = true;
        out.at = to_utc(t->local, t->zone, floating_zone).seconds;
    } else {
        const icaltriggertype trigger = icalproperty_get_trigger(p);
        if (!icaltime_is_null_time(trigger.time)) {
            if (!is_usable_time(trigger.time)) return std::nullopt;
            out.absolute = true;
            out.at = to_utc(trigger.time, nullptr, floating_zone).seconds;
        } else {
            if (icaldurationtype_is_bad_duration(trigger.duration)) return std::nullopt;
            out.at = duration_seconds(trigger.duration);
            const icalparameter* related = icalproperty_get_first_parameter(p, ICAL_RELATED_PARAMETER);
            out.related_end = related && icalparameter_get_related(related) == ICAL_RELATED_END;
        }
    }
    // REPEAT and DURATION come together or not at all (RFC 5545 3.6.6).
    icalproperty* repeat = icalcomponent_get_first_property(a, ICAL_REPEAT_PROPERTY);
    auto every = component_duration(valarm);
    if (repeat && every) {
        out.repeats = std::clamp(icalproperty_get_repeat(repeat), 0, kMaxAlarmRepeats);
        out.repeat_every = duration_seconds(*every);
    }
    return out;
}

std::vector<std::int64_t> trigger_times(const AlarmTrigger& trigger, const Instance& instance) {
    std::int64_t first = trigger.absolute ? trigger.at
                                          : saturating_add(trigger.related_end ? instance.end : instance.start, trigger.at);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(trigger.repeats) + 1);
    for (int i = 0; i <= trigger.repeats; ++i)
        out.push_back(saturating_add(first, trigger.repeat_every * i));
    return out;
}

std::int64_t trigger_reach(const AlarmTrigger& trigger) {
    return std::llabs(trigger.at) + std::llabs(trigger.repeat_every) * trigger.repeats;
}

}  // namespace calbridge::caldav
