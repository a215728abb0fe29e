#include "caldav/access/write_access.h"

#include <spdlog/spdlog.h>

#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav {

namespace {

const char* privilege_element(Privilege p) {
    switch (p) {
        case Privilege::read: return "read";
        case Privilege::write_properties: return "write-properties";
        case Privilege::write_content: return "write-content";
        case Privilege::bind: return "bind";
        case Privilege::unbind: return "unbind";
        case Privilege::read_current_user_privilege_set: return "read-current-user-privilege-set";
        case Privilege::read_free_busy: return "read-free-busy";   // CalDAV namespace, below
    }
    return "all";
}

// The privilege `resource` needs from `user` (held on the resource itself, or for a missing one on
// the collection it would be made in, as privileges() answers), refused with 7.1.1 naming href.
std::optional<Response> require(std::string_view user, const Resource& resource, Privilege needed,
                                std::string_view href) {
    if (privileges(user, resource).has(needed)) return std::nullopt;
    spdlog::debug("access: {} lacks {} on {}{}", user, privilege_element(needed), href,
                  resource.in_read_only() ? " (read-only calendar: its remote may only be read)" : "");
    return need_privileges_response(href, needed);
}

}  // namespace

Response need_privileges_response(std::string_view href, Privilege privilege) {
    xml::XmlWriter w(xml::XmlWriter::Mode::document, 384);
    w.open(xml::kDav, "error").open(xml::kDav, "need-privileges").open(xml::kDav, "resource");
    w.href(href);
    w.open(xml::kDav, "privilege");
    if (privilege == Privilege::read_free_busy)
        w.empty(xml::caldav_name("read-free-busy"));   // RFC 4791 6.1.1
    else
        w.empty(xml::dav(privilege_element(privilege)));
    w.close().close().close().close();
    Response r;
    r.status = 403;
    r.headers.set("Content-Type", std::string(kXmlContentType));
    r.body = w.finish();
    return r;
}

std::optional<Response> check_write_privileges(const RequestContext& rq) {
    const std::string_view method = rq.request.method;
    const Resource& target = rq.target;
    if (method == "PUT") {
        if (target.exists()) return require(rq.user, target, Privilege::write_content, target.path);
        return require(rq.user, target, Privilege::bind, parent_path(target.path));
    }
    if (method == "MKCOL" || method == "MKCALENDAR") {
        if (target.exists()) return std::nullopt;   // answered by the handler (405 / 403 resource-must-be-null)
        return require(rq.user, target, Privilege::bind, parent_path(target.path));
    }
    if (method == "PROPPATCH") return require(rq.user, target, Privilege::write_properties, target.path);
    if (method == "DELETE" || method == "MOVE") {
        // An object leaves its collection: unbind there (RFC 3744 3.10). The privileges of an
        // object are those its collection gives, so they are asked of the object. A collection
        // leaves its parent (the home or a plain collection), never a read-only calendar
        // (calendars hold no collections, RFC 4791 4.2); grants (issue 6) decide it in privileges().
        if (target.kind == ResourceKind::object)
            return require(rq.user, target, Privilege::unbind, parent_path(target.path));
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Response> destination_denied(std::string_view user, const Resource& destination) {
    if (destination.exists()) return require(user, destination, Privilege::write_content, destination.path);
    return require(user, destination, Privilege::bind, parent_path(destination.path));
}

}  // namespace calbridge::caldav
