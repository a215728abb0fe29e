#pragma once
// Which objects of a calendar collection a calendar-query filter matches (RFC 4791 7.8, 9.7),
// using the Store's time-range index (RFC 4791 9.9, caldav/calendar/time_spans.h):
//   - index only: a filter that is just VCALENDAR > VEVENT|VTODO|VJOURNAL|VFREEBUSY with a
//     time-range (index_only_component). Objects the index matched through exact spans match
//     when they hold that component, without being parsed; only those matched through open
//     spans (series past the horizon, floating times) are parsed and evaluated.
//   - index superset: a filter with a time-range on VCALENDAR or on a first-level component
//     (all first-level filters must match, 9.7.1, so an object without an overlapping span
//     cannot match): the index narrows the candidates, each is parsed and evaluated.
//   - otherwise every object is parsed and evaluated.
#include <libical/ical.h>

#include <cstddef>
#include <functional>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/filter/calendar_filter.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

enum class QueryPath { index_only, index_superset, all_objects };

struct QueryStats {
    QueryPath path = QueryPath::all_objects;
    std::size_t candidates = 0;   // objects read from the Store
    std::size_t parsed = 0;       // objects parsed and evaluated
};

// `parsed` is the object parsed for the evaluation, or null when the index alone decided.
using MatchCallback = std::function<void(const Object& object, const icalcomponent* parsed)>;

QueryStats for_each_match(Store& store, const Collection& calendar, const CalendarFilter& filter,
                          const CalendarTimeZone& floating_zone, const MatchCallback& each);

// The evaluation of one object already read (a calendar-query on a calendar object resource).
bool object_matches(const Object& object, const CalendarFilter& filter, const CalendarTimeZone& floating_zone,
                    const MatchCallback& each);

}  // namespace calbridge::caldav
