// libFuzzer target for the iCalendar path of PUT (RFC 4791 5.3.2.1): validation, index spans
// and a fixed calendar-query filter on whatever validates. Nothing may crash, hang or leak.
// Inputs are capped at 64 KiB (the server caps bodies with CALDAV:max-resource-size); instance
// counts are capped inside caldav/calendar (kMaxInstances, kMaxRecurrenceSteps, kLastYear).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "caldav/calendar/calendar_object_validation.h"
#include "caldav/calendar/filter_evaluation.h"

using namespace calbridge::caldav;

namespace {

CalendarFilter fixed_filter() {
    // VCALENDAR > VEVENT in March 2024, SUMMARY containing "a" (unicode-casemap), an ATTENDEE
    // with PARTSTAT, and a VALARM in the same range.
    CalendarFilter f;
    f.root.name = "VCALENDAR";
    CompFilter ev;
    ev.name = "VEVENT";
    ev.time_range = TimeRange{1709251200, 1711929600};
    PropFilter summary;
    summary.name = "SUMMARY";
    summary.text_match = TextMatch{"a", "i;unicode-casemap", false};
    ev.prop_filters.push_back(summary);
    PropFilter attendee;
    attendee.name = "ATTENDEE";
    ParamFilter partstat;
    partstat.name = "PARTSTAT";
    partstat.text_match = TextMatch{"ACCEPTED", "i;ascii-casemap", true};
    attendee.param_filters.push_back(partstat);
    ev.prop_filters.push_back(attendee);
    CompFilter alarm;
    alarm.name = "VALARM";
    alarm.time_range = TimeRange{1709251200, 1711929600};
    ev.comp_filters.push_back(alarm);
    f.root.comp_filters.push_back(ev);
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const CalendarFilter filter = fixed_filter();
    static const CalendarFilter todo_filter = [] {
        CalendarFilter f;
        f.root.name = "VCALENDAR";
        CompFilter t;
        t.name = "VTODO";
        t.time_range = TimeRange{kTimeMin, 1711929600};
        f.root.comp_filters.push_back(t);
        return f;
    }();
    ValidationOptions options;
    options.max_resource_size = 64 * 1024;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    ValidationResult r = validate_calendar_object(body, options);
    if (!r) return 0;
    (void)matches(filter, r.object->vcalendar.get());
    (void)matches(todo_filter, r.object->vcalendar.get());
    return 0;
}
