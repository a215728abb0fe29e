#include "caldav/xml/property_value.h"

#include <set>
#include <string_view>

#include "caldav/xml/parse.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav::xml {
namespace {

void collect_prefixes(pugi::xml_node e, std::set<std::string_view>& prefixes, bool& unprefixed) {
    const std::string_view en = e.name();
    if (prefix_part(en).empty()) unprefixed = true;
    else prefixes.insert(prefix_part(en));
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view p = prefix_part(a.name());
        if (!p.empty() && p != "xmlns") prefixes.insert(p);
    }
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) collect_prefixes(c, prefixes, unprefixed);
    }
}

void write_element(pugi::xml_node e, std::string& out, std::string_view extra_declarations) {
    out += '<';
    out += e.name();
    out += extra_declarations;
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
        out += ' ';
        out += a.name();
        out += "=\"";
        append_escaped_attr(out, a.value());
        out += '"';
    }
    if (!e.first_child()) {
        out += "/>";
        return;
    }
    out += '>';
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        switch (c.type()) {
            case pugi::node_element: write_element(c, out, {}); break;
            case pugi::node_pcdata:
            case pugi::node_cdata: append_escaped_text(out, c.value()); break;
            default: break;   // comments and PIs are not kept (parse_document drops them)
        }
    }
    out += "</";
    out += e.name();
    out += '>';
}

}  // namespace

std::string standalone_xml(pugi::xml_node element) {
    // Namespaces in XML 1.0 6.1: a declaration applies to its element and everything inside, so
    // declaring on the property element every prefix the subtree takes from outside makes it
    // self-contained; inner re-declarations still shadow it.
    std::set<std::string_view> prefixes;
    bool unprefixed = false;
    collect_prefixes(element, prefixes, unprefixed);
    std::string declarations;
    for (const std::string_view p : prefixes) {
        if (p == "xml") continue;
        if (element.attribute((std::string("xmlns:") + std::string(p)).c_str())) continue;
        const auto ns = namespace_for_prefix(element, p);
        if (!ns) continue;   // declared further down, where it is used
        declarations += " xmlns:";
        declarations += p;
        declarations += "=\"";
        append_escaped_attr(declarations, *ns);
        declarations += '"';
    }
    if (unprefixed && !element.attribute("xmlns")) {
        // Also when the default is "no namespace": xmlns="" keeps it so inside any container.
        declarations += " xmlns=\"";
        append_escaped_attr(declarations, namespace_for_prefix(element, "").value_or(""));
        declarations += '"';
    }
    std::string out;
    write_element(element, out, declarations);
    return out;
}

PropertyValue read_property_value(pugi::xml_node element) {
    PropertyValue v;
    v.name = qname_of(element);
    v.xml = standalone_xml(element);
    v.text = text_of(element);
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        v.child_names.push_back(qname_of(c));
    }
    // RFC 4791 5.2.3: <C:supported-calendar-component-set><C:comp name="VEVENT"/>...
    if (v.name.ns == kCalDav && v.name.name == "supported-calendar-component-set") {
        for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
            if (is_element(c, kCalDav, "comp")) {
                const pugi::xml_attribute name = c.attribute("name");
                if (!name || !*name.value())
                    bad_request("CALDAV:comp inside supported-calendar-component-set needs a name attribute");
                v.components.emplace_back(name.value());
            }
        }
    }
    return v;
}

}  // namespace calbridge::caldav::xml
