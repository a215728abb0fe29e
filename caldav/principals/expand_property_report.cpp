// DAV:expand-property REPORT (RFC 3253 3.8). For each requested property of the request-URI:
// a property that has DAV:property children and holds DAV:href values is returned with one
// DAV:response per href in place of each href, carrying the child properties of that resource
// (recursively); an href that names nothing the user may see gets a response with 404 status.
// Other properties are returned as PROPFIND returns them; missing ones in a 404 propstat.
// Apple Calendar sends it on the principal for calendar-proxy-read-for / -write-for (empty
// here), with displayname, calendar-user-address-set and email-address-set as children.
#include "caldav/engine/property_registry.h"
#include "caldav/engine/responses.h"
#include "caldav/principals/principal_reports.h"
#include "caldav/principals/property_text.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/xml/multistatus.h"

namespace calbridge::caldav {

namespace {

// Requests nest as deep as their body; this bounds a hostile one.
constexpr std::size_t kMaxNesting = 8;
// Hrefs in dead properties are the client's own: without a total bound, 30 self-references
// nested 8 deep would ask for 30^8 responses. RFC 3253 3.8 sets no limit; past this many
// expanded responses the remaining hrefs are returned as they are, unexpanded. (A resource
// may legitimately name itself, e.g. current-user-principal on the principal, so
// self-references are expanded within the budget.)
constexpr std::size_t kMaxExpandedResponses = 1000;

struct Expansion {
    std::size_t remaining = kMaxExpandedResponses;
};

void write_response(RequestContext& rq, xml::XmlWriter& w, const Resource& resource,
                    const std::vector<xml::ExpandProperty>& properties, std::size_t nesting,
                    Expansion& expansion);

void write_expanded(RequestContext& rq, xml::XmlWriter& w, const xml::ExpandProperty& property,
                    const RenderedProperty& value, std::size_t nesting, Expansion& expansion) {
    w.open(property.name);
    for (const std::string& href : value.hrefs) {
        auto target = visible_resource(rq, href);
        if (!target) {
            w.open(xml::dav("response")).href_raw(href).leaf(xml::dav("status"), xml::status_line(404)).close();
            continue;
        }
        if (expansion.remaining == 0) {
            w.href_raw(href);
            continue;
        }
        --expansion.remaining;
        write_response(rq, w, *target, property.children, nesting + 1, expansion);
    }
    w.close();
}

void write_response(RequestContext& rq, xml::XmlWriter& w, const Resource& resource,
                    const std::vector<xml::ExpandProperty>& properties, std::size_t nesting,
                    Expansion& expansion) {
    const PropertyContext ctx{rq.services, rq.who(), resource, nullptr};
    std::vector<std::pair<const xml::ExpandProperty*, RenderedProperty>> found;
    std::vector<xml::QName> missing;
    for (const xml::ExpandProperty& p : properties) {
        if (auto value = render_property(ctx, p.name))
            found.emplace_back(&p, std::move(*value));
        else
            missing.push_back(p.name);
    }
    w.open(xml::dav("response")).href(resource.path);
    if (!found.empty()) {
        w.open(xml::dav("propstat")).open(xml::dav("prop"));
        for (const auto& [p, value] : found) {
            if (!p->children.empty() && !value.hrefs.empty() && nesting < kMaxNesting)
                write_expanded(rq, w, *p, value, nesting, expansion);
            else
                w.raw(value.xml);
        }
        w.close().leaf(xml::dav("status"), xml::status_line(200)).close();
    }
    if (!missing.empty()) {
        w.open(xml::dav("propstat")).open(xml::dav("prop"));
        for (const xml::QName& q : missing) w.empty(q);
        w.close().leaf(xml::dav("status"), xml::status_line(404)).close();
    }
    w.close();
}

}  // namespace

Response expand_property_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& report = std::get<xml::ExpandPropertyReport>(body);
    xml::MultistatusWriter ms;
    Expansion expansion;
    write_response(rq, ms.writer(), rq.target, report.properties, 0, expansion);
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
