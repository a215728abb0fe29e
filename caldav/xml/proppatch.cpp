#include "caldav/xml/proppatch.h"

namespace calbridge::caldav::xml {

ProppatchRequest parse_proppatch(std::string_view body, const ParseLimits& limits) {
    if (is_blank(body)) bad_request("PROPPATCH needs a DAV:propertyupdate body (RFC 4918 9.2)");
    const Document doc = parse_document(body, limits);
    expect_root(doc.root(), kDav, "propertyupdate");
    ProppatchRequest r;
    // RFC 4918 14.19: <!ELEMENT propertyupdate (remove | set)+ >, each with one DAV:prop.
    for (pugi::xml_node op = doc.root().first_child(); op; op = op.next_sibling()) {
        if (op.type() != pugi::node_element) continue;
        PropertyInstruction::Op kind;
        if (is_element(op, kDav, "set")) kind = PropertyInstruction::Op::set;
        else if (is_element(op, kDav, "remove")) kind = PropertyInstruction::Op::remove;
        else continue;   // RFC 4918 17: unknown elements are ignored
        for (pugi::xml_node prop = op.first_child(); prop; prop = prop.next_sibling()) {
            if (!is_element(prop, kDav, "prop")) continue;
            for (pugi::xml_node p = prop.first_child(); p; p = p.next_sibling()) {
                if (p.type() != pugi::node_element) continue;
                PropertyInstruction instruction;
                instruction.op = kind;
                if (kind == PropertyInstruction::Op::set) instruction.prop = read_property_value(p);
                else instruction.prop.name = qname_of(p);
                r.instructions.push_back(std::move(instruction));
            }
        }
    }
    if (r.instructions.empty())
        bad_request("DAV:propertyupdate holds no property in a DAV:set or DAV:remove (RFC 4918 14.19)");
    return r;
}

}  // namespace calbridge::caldav::xml
