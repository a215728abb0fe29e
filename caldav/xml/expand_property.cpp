#include "caldav/xml/expand_property.h"

#include "caldav/xml/utf8.h"

namespace calbridge::caldav::xml {
namespace {

std::vector<ExpandProperty> parse_properties(pugi::xml_node parent) {
    std::vector<ExpandProperty> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (!is_element(c, kDav, "property")) continue;
        const pugi::xml_attribute name = c.attribute("name");
        if (!name || !*name.value()) bad_request("DAV:property in expand-property needs a name attribute (RFC 3253 3.8)");
        ExpandProperty p;
        // <!ATTLIST property namespace NMTOKEN "DAV:">
        const pugi::xml_attribute ns = c.attribute("namespace");
        p.name = QName{ns ? ns.value() : std::string(kDav), name.value()};
        if (!is_ncname(p.name.name))
            bad_request("DAV:property name=\"" + p.name.name + "\" is not an XML name (RFC 3253 3.8)");
        p.children = parse_properties(c);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace

ExpandPropertyReport parse_expand_property(pugi::xml_node root) {
    expect_root(root, kDav, "expand-property");
    return ExpandPropertyReport{parse_properties(root)};
}

ExpandPropertyReport parse_expand_property(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_expand_property(doc.root());
}

}  // namespace calbridge::caldav::xml
