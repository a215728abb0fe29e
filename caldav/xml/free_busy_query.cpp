#include "caldav/xml/free_busy_query.h"

#include "caldav/xml/time_range.h"

namespace calbridge::caldav::xml {

FreeBusyQuery parse_free_busy_query(pugi::xml_node root) {
    expect_root(root, kCalDav, "free-busy-query");
    const pugi::xml_node tr = child_element(root, kCalDav, "time-range");
    if (!tr) bad_request("CALDAV:free-busy-query needs a CALDAV:time-range element (RFC 4791 7.10)");
    return FreeBusyQuery{parse_time_range(tr, false, 400, std::nullopt)};
}

FreeBusyQuery parse_free_busy_query(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_free_busy_query(doc.root());
}

}  // namespace calbridge::caldav::xml
