#include "caldav/xml/principal_reports.h"

#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav::xml {
namespace {

std::vector<QName> prop_names_of(pugi::xml_node parent) {
    const pugi::xml_node prop = child_element(parent, kDav, "prop");
    return prop ? parse_prop_names(prop) : std::vector<QName>{};
}

}  // namespace

AclPrincipalPropSet parse_acl_principal_prop_set(pugi::xml_node root) {
    expect_root(root, kDav, "acl-principal-prop-set");
    return AclPrincipalPropSet{prop_names_of(root)};
}

PrincipalMatch parse_principal_match(pugi::xml_node root) {
    expect_root(root, kDav, "principal-match");
    PrincipalMatch m;
    m.self = static_cast<bool>(child_element(root, kDav, "self"));
    if (const pugi::xml_node pp = child_element(root, kDav, "principal-property")) {
        for (pugi::xml_node c = pp.first_child(); c; c = c.next_sibling()) {
            if (c.type() == pugi::node_element) {
                m.principal_property = qname_of(c);
                break;
            }
        }
        if (!m.principal_property) bad_request("DAV:principal-property names no property (RFC 3744 9.3)");
    }
    if (m.self == m.principal_property.has_value())
        bad_request("DAV:principal-match needs exactly one of DAV:self and DAV:principal-property (RFC 3744 9.3)");
    m.props = prop_names_of(root);
    return m;
}

PrincipalPropertySearch parse_principal_property_search(pugi::xml_node root) {
    expect_root(root, kDav, "principal-property-search");
    PrincipalPropertySearch s;
    s.any_of = std::string_view(root.attribute("test").value()) == "anyof";
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (is_element(c, kDav, "property-search")) {
            PropertySearch ps;
            ps.props = prop_names_of(c);
            const pugi::xml_node match = child_element(c, kDav, "match");
            if (!match) bad_request("DAV:property-search needs a DAV:match element (RFC 3744 9.4)");
            ps.match = text_of(match);
            if (const pugi::xml_attribute t = match.attribute("match-type")) ps.match_type = t.value();
            if (ps.props.empty()) bad_request("DAV:property-search names no property (RFC 3744 9.4)");
            s.searches.push_back(std::move(ps));
        } else if (is_element(c, kDav, "prop")) {
            s.props = parse_prop_names(c);
        } else if (is_element(c, kDav, "apply-to-principal-collection-set")) {
            s.apply_to_principal_collection_set = true;
        }
    }
    if (s.searches.empty()) bad_request("DAV:principal-property-search needs a DAV:property-search (RFC 3744 9.4)");
    return s;
}

AclPrincipalPropSet parse_acl_principal_prop_set(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_acl_principal_prop_set(doc.root());
}

PrincipalMatch parse_principal_match(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_principal_match(doc.root());
}

PrincipalPropertySearch parse_principal_property_search(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_principal_property_search(doc.root());
}

}  // namespace calbridge::caldav::xml
