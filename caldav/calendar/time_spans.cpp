#include "caldav/calendar/time_spans.h"

#include <algorithm>

#include "caldav/calendar/instance_iterator.h"

namespace calbridge::caldav {

namespace {

TimeSpan open_from(std::int64_t start) {
    TimeSpan open;
    open.start = start;
    open.end = kTimeMax;
    open.open = true;
    return open;
}

}  // namespace

std::vector<TimeSpan> compute_spans(const icalcomponent* vcalendar, const SpanOptions& options) {
    std::vector<TimeSpan> spans;
    InstanceOptions io;
    io.floating_zone = options.floating_zone;
    io.series_limit = options.indexed_instances;
    io.widen_floating = true;
    std::int64_t last_start = kTimeMin;
    const Expansion e = for_each_instance(
        vcalendar, TimeRange{},
        [&](const Instance& in) {
            // Past the horizon: one open span from here on ("expand to decide", RFC 4791 9.9).
            spans.push_back(in.horizon ? open_from(in.match.start) : in.match);
            last_start = in.match.start;
            return true;
        },
        io);
    if (e == Expansion::truncated) {
        // A limit stopped the expansion: instances may follow the last one indexed.
        spans.push_back(open_from(last_start));
    }
    std::sort(spans.begin(), spans.end(), [](const TimeSpan& a, const TimeSpan& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    return spans;
}

}  // namespace calbridge::caldav
