// COPY and MOVE (RFC 4918 9.8, 9.9). Destination (10.3) is decoded and normalised like the
// request-target; another server is 502 (9.8.5), a place outside the user's home 403. Overwrite
// (10.6, default T): an existing destination is replaced (204) or the request fails with 412.
// COPY of a collection copies the whole tree (Depth infinity, the default) or only the collection
// and its properties (Depth 0, 9.8.3); MOVE of a collection is always Depth infinity (9.9.2).
// Source and destination the same: 403 (9.8.5). Into a calendar collection the object is
// validated as for PUT (RFC 4791 5.3.2.1) and collections are refused (4.2).
#include "caldav/access/privileges.h"
#include "caldav/calendar_access/calendar_object_check.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/request_path.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/xml/error.h"

namespace calbridge::caldav {

namespace {

Response finished(const WriteResult& result) {
    if (result.status == WriteStatus::created) return empty_response(201);
    if (result.status == WriteStatus::replaced) return empty_response(204);
    return write_result_response(result);
}

// COPY Depth 0 of a collection (RFC 4918 9.8.3): the collection and its properties, no members.
Response copy_collection_only(RequestContext& rq, const std::string& to, bool exists) {
    const Collection& from = *rq.target.collection;
    if (exists) {
        const WriteResult removed = rq.store().remove(to, {});
        if (removed.status != WriteStatus::deleted) return write_result_response(removed);
    }
    CollectionPatch props;
    props.display_name = from.props.display_name;
    props.description = from.props.description;
    props.color = from.props.color;
    props.timezone = from.props.timezone;
    props.order.emplace(from.props.order);
    if (!from.props.components.empty()) props.components = from.props.components;
    const WriteResult made = rq.store().make_collection(to, rq.user, from.kind, props);
    if (made.status != WriteStatus::created) return write_result_response(made);
    PropertyPatch dead;
    dead.set = dead_properties_of(rq.store(), rq.target);
    if (!dead.set.empty()) rq.store().patch_properties(to, dead);
    return empty_response(exists ? 204 : 201);
}

// An object written into a calendar collection: validated like a PUT body. A source in a
// calendar already carries its time-range spans and goes through Store::copy/move; content from a
// plain collection is written with put_object (and removed at the source for MOVE).
Response transfer_into_calendar(RequestContext& rq, const Collection& calendar, const std::string& to, bool move,
                                bool overwrite, bool exists) {
    auto source = rq.store().object(rq.target.path);
    if (!source) return text_response(404, "not found");
    const std::string& type = source->info.content_type;
    auto checked = check_calendar_object(rq.services, calendar, source->data,
                                         type.empty() ? std::nullopt : std::optional<std::string_view>(type));
    if (auto* error = std::get_if<Response>(&checked)) return std::move(*error);
    const auto& object = std::get<ValidatedObject>(checked);
    if (rq.target.parent_kind == CollectionKind::calendar)
        return finished(move ? rq.store().move(rq.target.path, to, overwrite) : rq.store().copy(rq.target.path, to, overwrite));
    Precondition pre;
    pre.if_none_match_any = !overwrite;
    const WriteResult written = rq.store().put_object(calendar_object_write(to, source->data, object), pre);
    if (written.status == WriteStatus::precondition_failed) return text_response(412, "the destination exists (Overwrite: F)");
    if (written.status != WriteStatus::created && written.status != WriteStatus::replaced)
        return write_result_response(written);
    if (move) rq.store().remove(rq.target.path, {});
    return empty_response(exists ? 204 : 201);
}

}  // namespace

Response handle_copy_move(RequestContext& rq) {
    const bool move = rq.request.method == "MOVE";
    const auto header = rq.request.headers.get("Destination");
    if (!header) return text_response(400, "Destination header missing (RFC 4918 10.3)");
    auto normalised = normalise_destination(*header, rq.request.origin);
    if (auto* error = std::get_if<PathError>(&normalised)) return text_response(error->status, error->reason);
    const Depth depth = parse_depth(rq.request, Depth::infinity);
    if (depth == Depth::one || (move && depth != Depth::infinity))
        xml::bad_request("Depth must be infinity (MOVE, RFC 4918 9.9.2) or 0 / infinity (COPY, 9.8.3)");
    const bool overwrite = parse_overwrite(rq.request);

    const Resource& source = rq.target;
    std::string to = std::get<std::string>(normalised);
    if (source.is_collection()) {
        to = as_collection_path(to);
    } else if (is_collection_path(to)) {
        // An object onto "coll/" (litmus copy_overwrite, move): "coll/" and "coll" name one
        // resource (RFC 4918 5.2), and Overwrite: T deletes an existing destination with Depth
        // infinity before the copy or move (9.8.4, 9.9.3), so the object takes the collection's
        // place at the URL without the slash (Overwrite: F gets 412 below). A slash URL naming no
        // collection cannot become an object: 409.
        if (!rq.store().collection(to)) return text_response(409, "an object cannot be copied to a collection URL");
        to.pop_back();
    }
    const Location where = classify(to);
    const Resource destination = resolve(rq.store(), where);
    if (where.area != Area::stored || privileges(rq.user, destination).none() || destination.kind == ResourceKind::home)
        return text_response(403, "the destination is outside your calendar home");
    if (to == source.path) return text_response(403, "source and destination are the same (RFC 4918 9.8.5)");
    if (source.is_collection() && (is_within(to, source.path) || is_within(source.path, to)))
        return text_response(403, "a collection cannot be copied into itself or over an ancestor");

    const auto parent = rq.store().collection(parent_path(to));
    if (!parent) return text_response(409, "the destination's parent collection does not exist (RFC 4918 9.8.5)");
    const bool exists = destination.exists();
    if (exists && !overwrite) return text_response(412, "the destination exists and Overwrite is F (RFC 4918 10.6)");
    if (parent->kind == CollectionKind::calendar) {
        if (source.is_collection()) return error_response(403, xml::caldav_name("calendar-collection-location-ok"));
        return transfer_into_calendar(rq, *parent, to, move, overwrite, exists);
    }
    if (!move && depth == Depth::zero && source.is_collection()) return copy_collection_only(rq, to, exists);
    return finished(move ? rq.store().move(source.path, to, overwrite) : rq.store().copy(source.path, to, overwrite));
}

}  // namespace calbridge::caldav
