#include "caldav/xml/calendar_query.h"

#include "caldav/xml/filter.h"

namespace calbridge::caldav::xml {

CalendarQuery parse_calendar_query(pugi::xml_node root) {
    expect_root(root, kCalDav, "calendar-query");
    CalendarQuery q;
    // RFC 4791 9.5: the prop selection is optional; without it the query returns allprop.
    q.select = parse_prop_selection(root, false);
    const pugi::xml_node filter = child_element(root, kCalDav, "filter");
    if (!filter) bad_request("CALDAV:calendar-query needs a CALDAV:filter element (RFC 4791 9.5)");
    q.filter = parse_filter(filter);
    if (const pugi::xml_node tz = child_element(root, kCalDav, "timezone")) q.timezone = text_of(tz);   // 9.8
    return q;
}

CalendarQuery parse_calendar_query(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_calendar_query(doc.root());
}

}  // namespace calbridge::caldav::xml
