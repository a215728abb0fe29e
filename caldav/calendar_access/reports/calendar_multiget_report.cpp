// CALDAV:calendar-multiget REPORT (RFC 4791 7.9): the requested properties of each DAV:href, in
// the order sent; the Depth header is ignored (7.9).
//   - hrefs are decoded and normalised the way request targets are (engine/request_path.h, which
//     decodes with xml::decode_href): one place decides what a path is.
//   - an href that is malformed, lies outside the request-URI (the collection, or the object
//     itself), names nothing, or names something the user may not read, gets a response with
//     404 (7.9: "DAV:status 404 for a DAV:href that does not exist"); nobody learns whether a
//     resource of another user exists.
#include <map>
#include <optional>

#include "caldav/access/privileges.h"
#include "caldav/calendar_access/reports/calendar_reports.h"
#include "caldav/calendar_access/reports/object_response.h"
#include "caldav/calendar_access/reports/report_time_zone.h"
#include "caldav/engine/request_path.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

// The decoded path of an href when it may name a member of the request-URI.
std::optional<std::string> wanted_path(const RequestContext& rq, const std::string& href) {
    const Resource& target = rq.target;
    auto normalised = normalise_target(href);
    auto* sent = std::get_if<std::string>(&normalised);
    if (!sent) return std::nullopt;
    // An href under one of the user's mounts names the owner's object (issue 6).
    const std::string stored = rq.stored_path(*sent);
    const std::string* path = &stored;
    if (target.kind == ResourceKind::object) return *path == target.path ? std::optional(*path) : std::nullopt;
    if (*path == target.path || !is_within(*path, target.path)) return std::nullopt;
    return *path;
}

// The collections holding the objects, each read once.
struct Parent {
    std::optional<Collection> collection;
    CalendarTimeZone zone;
};

void not_found(xml::MultistatusWriter& ms, const std::string& href, const std::optional<std::string>& path) {
    if (path) {
        ms.response_status(*path, 404);
        return;
    }
    // Not even a path: echo the href as sent.
    xml::XmlWriter& w = ms.writer();
    w.open(xml::dav("response")).href_raw(href).leaf(xml::dav("status"), xml::status_line(404)).close();
}

}  // namespace

Response calendar_multiget_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& multiget = std::get<xml::CalendarMultiget>(body);
    std::vector<std::optional<std::string>> paths;
    std::vector<std::string> lookup;
    paths.reserve(multiget.hrefs.size());
    for (const std::string& href : multiget.hrefs) {
        paths.push_back(wanted_path(rq, href));
        if (paths.back()) lookup.push_back(*paths.back());
    }
    std::map<std::string, Object> found;
    for (Object& o : rq.store().objects_by_path(lookup)) {
        std::string key = o.info.path;
        found.emplace(std::move(key), std::move(o));
    }
    std::map<std::string, Parent> parents;
    auto parent_of = [&](const std::string& path) -> const Parent& {
        const std::string p = parent_path(path);
        auto it = parents.find(p);
        if (it == parents.end()) {
            Parent parent;
            parent.collection = rq.store().collection(p);
            if (parent.collection && parent.collection->kind == CollectionKind::calendar)
                parent.zone = report_time_zone(std::nullopt, &*parent.collection);
            it = parents.emplace(p, std::move(parent)).first;
        }
        return it->second;
    };

    xml::MultistatusWriter ms = rq.multistatus();
    for (std::size_t i = 0; i < multiget.hrefs.size(); ++i) {
        const auto& path = paths[i];
        const auto it = path ? found.find(*path) : found.end();
        if (it == found.end()) {
            not_found(ms, multiget.hrefs[i], path);
            continue;
        }
        const Parent& parent = parent_of(*path);
        if (!parent.collection) {
            not_found(ms, multiget.hrefs[i], path);
            continue;
        }
        Resource r = object_resource(it->second.info, parent.collection->kind);
        r.owner = parent.collection->owner;
        r.read_only = parent.collection->read_only;
        if (!privileges(rq.who(), r).has(Privilege::read)) {
            not_found(ms, multiget.hrefs[i], path);
            continue;
        }
        const ObjectPlace place{parent.collection->kind, parent.collection->owner, &parent.zone,
                                parent.collection->read_only};
        write_object_response(rq, ms, multiget.select, it->second, place);
    }
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
