#pragma once
// VALARM trigger times (RFC 5545 3.8.6.3 TRIGGER, 3.8.6.2 REPEAT with DURATION), for the
// VALARM rule of RFC 4791 9.9: an alarm overlaps [start, end) when one of its trigger times
// does (start <= trigger AND end > trigger).
#include <libical/ical.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/calendar/instance_iterator.h"

namespace calbridge::caldav {

inline constexpr int kMaxAlarmRepeats = 1000;

struct AlarmTrigger {
    bool absolute = false;          // TRIGGER;VALUE=DATE-TIME: the same for every instance
    std::int64_t at = 0;            // absolute: UTC seconds; else the offset in seconds
    bool related_end = false;       // RELATED=END: from the instance's end (DTEND / DUE)
    std::int64_t repeat_every = 0;  // DURATION between repetitions, seconds
    int repeats = 0;                // REPEAT (capped at kMaxAlarmRepeats)
};

// nullopt when the VALARM has no usable TRIGGER.
std::optional<AlarmTrigger> read_trigger(const icalcomponent* vcalendar, const icalcomponent* valarm,
                                         const CalendarTimeZone& floating_zone);

// Every trigger time of the alarm for the instance (absolute triggers ignore it).
std::vector<std::int64_t> trigger_times(const AlarmTrigger& trigger, const Instance& instance);

// How far (seconds) a trigger of this alarm can lie from its instance's start or end.
std::int64_t trigger_reach(const AlarmTrigger& trigger);

}  // namespace calbridge::caldav
