#include "caldav/access/method_access.h"

#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav {

Response need_privileges(const RequestContext& rq, std::string_view stored_path, Privilege privilege) {
    xml::XmlWriter w(xml::XmlWriter::Mode::document, 256);
    w.open(xml::dav("error")).open(xml::dav("need-privileges")).open(xml::dav("resource"));
    w.href(rq.presented(stored_path));
    w.open(xml::dav("privilege")).empty(privilege_name(privilege)).close();
    w.close().close().close();
    Response r;
    r.status = 403;
    r.headers.set("Content-Type", std::string(kXmlContentType));
    r.body = w.finish();
    return r;
}

std::optional<Response> require(const RequestContext& rq, const Resource& resource, Privilege privilege) {
    if (privileges(rq.who(), resource).has(privilege)) return std::nullopt;
    return need_privileges(rq, resource.stored_path(), privilege);
}

Resource parent_resource(const RequestContext& rq, std::string_view stored_path) {
    return resolve(rq.store(), classify(parent_path(stored_path)));
}

std::optional<Response> check_method_access(RequestContext& rq) {
    const std::string_view method = rq.request.method;
    const Resource& target = rq.target;
    if (method == "GET" || method == "HEAD") return require(rq, target, Privilege::read);
    if (method == "PROPPATCH") return require(rq, target, Privilege::write_properties);
    if (method == "PUT") {
        // A missing resource has the privileges of the collection it would be created in.
        if (!target.exists()) return require(rq, target, Privilege::bind);
        return require(rq, target, Privilege::write_content);
    }
    if (method == "MKCOL" || method == "MKCALENDAR") return require(rq, target, Privilege::bind);
    if (method == "COPY" || method == "MOVE") {
        if (auto denied = require(rq, target, Privilege::read)) return denied;
        if (method == "COPY") return std::nullopt;
    }
    if (method == "DELETE" || method == "MOVE") {
        // unbind on the parent (RFC 3744 Appendix B.4, B.6). A calendar's parent is its owner's
        // home: a grantee removing a shared calendar (or its mount) is told it needs unbind on
        // the calendar it addressed, which names no resource the grantee cannot see.
        const Resource parent = parent_resource(rq, target.stored_path());
        if (privileges(rq.who(), parent).has(Privilege::unbind)) return std::nullopt;
        if (target.kind == ResourceKind::object) return need_privileges(rq, parent.stored_path(), Privilege::unbind);
        return need_privileges(rq, target.stored_path(), Privilege::unbind);
    }
    return std::nullopt;
}

}  // namespace calbridge::caldav
