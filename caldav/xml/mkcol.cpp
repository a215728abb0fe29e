#include "caldav/xml/mkcol.h"

namespace calbridge::caldav::xml {
namespace {

MkcolRequest parse_set_list(std::string_view body, const ParseLimits& limits, std::string_view root_ns,
                            std::string_view root_name) {
    MkcolRequest r;
    if (is_blank(body)) return r;   // plain MKCOL / MKCALENDAR without properties
    const Document doc = parse_document(body, limits);
    expect_root(doc.root(), root_ns, root_name);
    for (pugi::xml_node op = doc.root().first_child(); op; op = op.next_sibling()) {
        if (op.type() != pugi::node_element) continue;
        if (is_element(op, kDav, "remove"))
            bad_request("DAV:remove is not allowed when creating a collection (RFC 5689 5.1, RFC 4791 9.3)");
        if (!is_element(op, kDav, "set")) continue;
        for (pugi::xml_node prop = op.first_child(); prop; prop = prop.next_sibling()) {
            if (!is_element(prop, kDav, "prop")) continue;
            for (pugi::xml_node p = prop.first_child(); p; p = p.next_sibling()) {
                if (p.type() != pugi::node_element) continue;
                PropertyValue v = read_property_value(p);
                if (v.name.ns == kDav && v.name.name == "resourcetype") {   // RFC 5689 3
                    r.has_resourcetype = true;
                    r.resourcetype = std::move(v.child_names);
                } else {
                    r.set.push_back(std::move(v));
                }
            }
        }
    }
    return r;
}

}  // namespace

MkcolRequest parse_mkcol(std::string_view body, const ParseLimits& limits) {
    return parse_set_list(body, limits, kDav, "mkcol");
}

MkcolRequest parse_mkcalendar(std::string_view body, const ParseLimits& limits) {
    return parse_set_list(body, limits, kCalDav, "mkcalendar");
}

}  // namespace calbridge::caldav::xml
