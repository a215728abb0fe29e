#include "caldav/xml/calendar_multiget.h"

namespace calbridge::caldav::xml {

CalendarMultiget parse_calendar_multiget(pugi::xml_node root) {
    expect_root(root, kCalDav, "calendar-multiget");
    CalendarMultiget m;
    m.select = parse_prop_selection(root, false);
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (!is_element(c, kDav, "href")) continue;
        std::string href = trimmed_text_of(c);
        if (href.empty()) bad_request("CALDAV:calendar-multiget has an empty DAV:href");
        m.hrefs.push_back(std::move(href));
    }
    if (m.hrefs.empty()) bad_request("CALDAV:calendar-multiget needs at least one DAV:href (RFC 4791 9.10)");
    return m;
}

CalendarMultiget parse_calendar_multiget(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_calendar_multiget(doc.root());
}

}  // namespace calbridge::caldav::xml
