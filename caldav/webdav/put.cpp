// PUT (RFC 9110 9.3.4, RFC 4918 9.7): create or replace a resource. Conditional on If-Match /
// If-None-Match: * (RFC 9110 13.1.1/13.1.2; checked again by the Store inside the write, so of
// two concurrent PUTs with the same If-Match exactly one wins). 201 created / 204 replaced, with
// the new ETag (RFC 4791 5.3.4: the stored bytes are the client's). No parent: 409 (9.7.1).
// Into a calendar collection the body must be one calendar object resource (RFC 4791 5.3.2.1,
// calendar_access/calendar_object_check.h); plain collections hold any content.
#include "caldav/calendar_access/calendar_object_check.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"

namespace calbridge::caldav {

Response handle_put(RequestContext& rq) {
    const std::string& path = rq.target.path;
    if (is_collection_path(path)) return text_response(409, "PUT cannot create a collection; use MKCOL");
    const auto parent = rq.store().collection(parent_path(path));
    if (!parent) return text_response(409, "the parent collection does not exist (RFC 4918 9.7.1)");

    const Conditions conditions = parse_conditions(rq.request);
    const std::optional<ObjectInfo>& existing = rq.target.object;
    if (!write_conditions_hold(conditions, existing ? std::optional<std::string>(existing->etag) : std::nullopt))
        return text_response(412, "precondition failed");

    ObjectWrite write;
    const auto content_type = rq.request.headers.get("Content-Type");
    if (parent->kind == CollectionKind::calendar) {
        auto checked = check_calendar_object(rq.services, *parent, rq.request.body, content_type);
        if (auto* error = std::get_if<Response>(&checked)) return std::move(*error);
        const auto& object = std::get<ValidatedObject>(checked);
        if (auto conflict = check_uid_unchanged(existing, object.uid)) return std::move(*conflict);
        write = calendar_object_write(path, rq.request.body, object);
        if (content_type) write.content_type = std::string(*content_type);
    } else {
        if (rq.request.body.size() > rq.options().max_resource_size)
            return text_response(413, "the body is larger than the server accepts");
        write.path = path;
        write.data = rq.request.body;
        write.content_type = content_type ? std::string(*content_type) : "application/octet-stream";
    }
    const WriteResult result = rq.store().put_object(write, store_precondition(conditions));
    if (result.status != WriteStatus::created && result.status != WriteStatus::replaced)
        return write_result_response(result);
    Response r = empty_response(result.status == WriteStatus::created ? 201 : 204);
    r.headers.set("ETag", quoted_etag(result.etag));
    return r;
}

}  // namespace calbridge::caldav
