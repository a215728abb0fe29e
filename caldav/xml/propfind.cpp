#include "caldav/xml/propfind.h"

namespace calbridge::caldav::xml {

PropfindRequest parse_propfind(std::string_view body, const ParseLimits& limits) {
    PropfindRequest r;
    // RFC 4918 9.1: "An empty PROPFIND request body MUST be treated as if it were an 'allprop'".
    if (is_blank(body)) return r;
    const Document doc = parse_document(body, limits);
    expect_root(doc.root(), kDav, "propfind");
    r.select = parse_prop_selection(doc.root(), true);
    return r;
}

}  // namespace calbridge::caldav::xml
