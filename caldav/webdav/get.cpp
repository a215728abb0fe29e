// GET and HEAD (RFC 9110 9.3.1, 9.3.2; RFC 4918 9.4): objects with ETag, Last-Modified and
// Content-Type; If-None-Match -> 304 and If-Match -> 412 (RFC 9110 13.1.1, 13.1.2, 13.2.2).
// A calendar collection returns the whole calendar (calendar_access/whole_calendar.h); other
// collections a plain-text list of their members (RFC 4918 9.4 leaves GET on collections open).
#include "caldav/calendar_access/whole_calendar.h"
#include "caldav/engine/http_date.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/members.h"

namespace calbridge::caldav {

namespace {

Response get_object(RequestContext& rq) {
    auto object = rq.store().object(rq.target.path);
    if (!object) return text_response(404, "not found");   // removed since resolve()
    const ObjectInfo& info = object->info;
    Response r;
    r.headers.set("ETag", quoted_etag(info.etag));
    r.headers.set("Last-Modified", http_date(info.modified_at));
    const Conditions c = parse_conditions(rq.request);
    if (c.if_match.present() && !c.if_match.matches(info.etag)) return text_response(412, "precondition failed");
    if (c.if_none_match.present() && c.if_none_match.matches(info.etag)) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.headers.set("Content-Type", info.content_type.empty() ? "application/octet-stream" : info.content_type);
    r.body = std::move(object->data);
    return r;
}

Response list_collection(RequestContext& rq) {
    std::string body = "Index of " + rq.target.path + "\n\n";
    for_each_member(rq, rq.target, [&](const Resource& member) {
        body += std::string(last_segment(member.path));
        if (member.is_collection()) body += '/';
        body += '\n';
    });
    Response r;
    r.status = 200;
    r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

}  // namespace

Response handle_get(RequestContext& rq) {
    switch (rq.target.kind) {
        case ResourceKind::object: return get_object(rq);
        case ResourceKind::calendar: return whole_calendar_response(rq.services, rq.request, *rq.target.collection);
        default: return list_collection(rq);
    }
}

}  // namespace calbridge::caldav
