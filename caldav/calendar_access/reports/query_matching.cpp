#include "caldav/calendar_access/reports/query_matching.h"

#include <optional>

#include "caldav/calendar/filter_evaluation.h"
#include "caldav/http_message.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

namespace {

bool is_instance_component(std::string_view name) {
    return iequals(name, "VEVENT") || iequals(name, "VTODO") || iequals(name, "VJOURNAL") || iequals(name, "VFREEBUSY");
}

// A time-range every matching object must overlap with an index span (see query_matching.h).
std::optional<TimeRange> required_range(const CalendarFilter& filter) {
    const CompFilter& root = filter.root;
    if (!iequals(root.name, "VCALENDAR") || root.is_not_defined) return std::nullopt;
    if (root.time_range) return root.time_range;
    for (const CompFilter& c : root.comp_filters)
        if (!c.is_not_defined && c.time_range && is_instance_component(c.name)) return c.time_range;
    return std::nullopt;
}

}  // namespace

bool object_matches(const Object& object, const CalendarFilter& filter, const CalendarTimeZone& floating_zone,
                    const MatchCallback& each) {
    const ical::ComponentPtr vcalendar = ical::parse_ics(object.data);
    const EvalOptions options{&floating_zone};
    if (!vcalendar || !matches(filter, vcalendar.get(), options)) return false;
    each(object, vcalendar.get());
    return true;
}

QueryStats for_each_match(Store& store, const Collection& calendar, const CalendarFilter& filter,
                          const CalendarTimeZone& floating_zone, const MatchCallback& each) {
    QueryStats stats;
    auto evaluate = [&](const Object& object) {
        ++stats.parsed;
        object_matches(object, filter, floating_zone, each);
    };
    const auto range = required_range(filter);
    if (!range) {
        for (const Object& object : store.objects_with_data(calendar.id)) {
            ++stats.candidates;
            evaluate(object);
        }
        return stats;
    }
    const auto index_component = index_only_component(filter);
    stats.path = index_component ? QueryPath::index_only : QueryPath::index_superset;
    for (const RangeMatch& m : store.objects_in_range(calendar.id, range->start, range->end)) {
        ++stats.candidates;
        if (index_component && !m.needs_expansion) {
            // Exact spans (time_spans.h): the index's answer is the RFC's for this filter.
            if (contains_component(m.object.data, *index_component)) each(m.object, nullptr);
        } else {
            evaluate(m.object);
        }
    }
    return stats;
}

}  // namespace calbridge::caldav
