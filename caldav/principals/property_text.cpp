#include "caldav/principals/property_text.h"

#include <pugixml.hpp>

#include "caldav/engine/request_context.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav {

namespace {

void collect_text(pugi::xml_node node, std::string& out) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
        else if (c.type() == pugi::node_element) collect_text(c, out);
    }
}

}  // namespace

std::optional<RenderedProperty> render_property(const PropertyContext& ctx, const xml::QName& name) {
    RenderedProperty out;
    if (const LiveProperty* live = ctx.services.properties.live_on(name, ctx.resource)) {
        if (live->has_value && !live->has_value(ctx)) return std::nullopt;
        xml::XmlWriter w(xml::XmlWriter::Mode::fragment);
        live->write(ctx, w);
        out.xml = w.finish();
    } else {
        bool found = false;
        for (const DeadProperty& d : dead_properties_of(ctx.services.store, ctx.resource)) {
            if (d.ns == name.ns && d.name == name.name) {
                out.xml = d.xml;
                found = true;
                break;
            }
        }
        if (!found) return std::nullopt;
    }
    // A fragment writer uses the fixed prefixes without declaring them (xml/writer.h).
    const std::string doc = std::string("<r xmlns:D=\"") + std::string(xml::kDav) + "\" xmlns:C=\"" +
                            std::string(xml::kCalDav) + "\" xmlns:CS=\"" + std::string(xml::kCalendarServer) +
                            "\" xmlns:ICAL=\"" + std::string(xml::kAppleIcal) + "\">" + out.xml + "</r>";
    pugi::xml_document parsed;
    if (!parsed.load_buffer(doc.data(), doc.size())) return out;
    const pugi::xml_node property = parsed.document_element().first_child();
    for (pugi::xml_node c = property.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && xml::is_element(c, xml::kDav, "href")) out.hrefs.emplace_back(c.child_value());
    collect_text(property, out.text);
    return out;
}

}  // namespace calbridge::caldav
