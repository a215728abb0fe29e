// COPY and MOVE (RFC 4918 9.8, 9.9). Destination (10.3) is decoded and normalised like the
// request-target; another server is 502 (9.8.5), a place outside the user's home 403. Overwrite
// (10.6, default T): an existing destination is replaced (204) or the request fails with 412.
// COPY of a collection copies the whole tree (Depth infinity, the default) or only the collection
// and its properties (Depth 0, 9.8.3); MOVE of a collection is always Depth infinity (9.9.2).
// Source and destination the same: 403 (9.8.5). Into a calendar collection the object is
// validated as for PUT (RFC 4791 5.3.2.1) and collections are refused (4.2).
#include "caldav/access/method_access.h"
#include "caldav/access/privileges.h"
#include "caldav/calendar_access/calendar_object_check.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/request_path.h"
#include "caldav/engine/responses.h"
#include "caldav/xml/error.h"

namespace calbridge::caldav {

namespace {

Response finished(const WriteResult& result) {
    if (result.status == WriteStatus::created) return empty_response(201);
    if (result.status == WriteStatus::replaced) return empty_response(204);
    return write_result_response(result);
}

// An object written into a calendar collection is validated like a PUT body (RFC 4791 5.3.2.1).
// A source in a calendar already carries its uid and time-range spans and is copied as it is;
// content from a plain collection goes with the uid and spans computed here (request.content).
// Either way one Store write does it, so a MOVE never leaves both or neither. The version read
// and validated here is the one written: its etag is pinned as the source's If-Match, so a PUT
// that lands in between makes the store refuse, and the transfer starts over on the new version
// (and fails with 412 if the client's own If-Match no longer holds).
Response transfer_into_calendar(RequestContext& rq, const Collection& calendar, const Conditions& conditions,
                                const TransferRequest& request) {
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
        auto source = rq.store().object(rq.target.path);
        if (!source) return text_response(404, "not found");
        if (!write_conditions_hold(conditions, source->info.etag)) return text_response(412, "precondition failed");
        const std::string& type = source->info.content_type;
        auto checked = check_calendar_object(rq.services, calendar, source->data,
                                             type.empty() ? std::nullopt : std::optional<std::string_view>(type));
        if (auto* error = std::get_if<Response>(&checked)) return std::move(*error);
        TransferRequest pinned = request;
        pinned.source.if_match = {source->info.etag};
        if (rq.target.parent_kind != CollectionKind::calendar)
            pinned.content = calendar_object_write(request.to, source->data, std::get<ValidatedObject>(checked));
        const WriteResult result = rq.store().transfer(pinned);
        if (result.status != WriteStatus::precondition_failed || attempt == kAttempts) return finished(result);
    }
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
    // A destination under one of the user's mounts is the owner's calendar (issue 6).
    const std::string& asked = std::get<std::string>(normalised);
    std::string to = rq.stored_path(asked);
    // Refusals about the destination name it as the client did: under its mount, if any.
    RequestContext at_destination = rq;
    if (to != asked) at_destination.mount = mount_holding(rq.user, rq.shares, asked);
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
    if (where.area != Area::stored || privileges(rq.who(), destination).none() || destination.kind == ResourceKind::home)
        return text_response(403, "the destination is outside your calendar home");
    // RFC 3744 Appendix B.5/B.6: bind on the destination's collection (a missing destination has
    // its collection's privileges), and unbind there when an existing resource is replaced.
    if (!destination.exists()) {
        if (auto denied = require_bind(at_destination, destination)) return std::move(*denied);
    } else {
        const Resource holder = parent_resource(rq, destination.stored_path());
        for (Privilege p : {Privilege::bind, Privilege::unbind})
            if (auto denied = require(at_destination, holder, p)) return std::move(*denied);
    }
    if (to == source.path) return text_response(403, "source and destination are the same (RFC 4918 9.8.5)");
    if (source.is_collection() && (is_within(to, source.path) || is_within(source.path, to)))
        return text_response(403, "a collection cannot be copied into itself or over an ancestor");

    const auto parent = rq.store().collection(parent_path(to));
    if (!parent) return text_response(409, "the destination's parent collection does not exist (RFC 4918 9.8.5)");
    // If-Match / If-None-Match apply to the source, the request's target (RFC 4918 10.4 and
    // RFC 9110 13.1: evaluated like for the other methods, 412 when false; a collection has no
    // etag, so only "*" can match it). The Store checks them again in its transaction.
    const Conditions conditions = parse_conditions(rq.request);
    if (!write_conditions_hold(conditions, source.object ? source.object->etag : std::string()))
        return text_response(412, "precondition failed");
    if (destination.exists() && !overwrite)
        return text_response(412, "the destination exists and Overwrite is F (RFC 4918 10.6)");

    TransferRequest request;
    request.from = source.path;
    request.to = to;
    request.move = move;
    request.overwrite = overwrite;
    // COPY Depth 0 of a collection (RFC 4918 9.8.3): the collection and its properties, no members.
    request.members = move || depth != Depth::zero;
    request.source = store_precondition(conditions);
    if (parent->kind == CollectionKind::calendar) {
        if (source.is_collection()) return error_response(403, xml::caldav_name("calendar-collection-location-ok"));
        return transfer_into_calendar(rq, *parent, conditions, request);
    }
    return finished(rq.store().transfer(request));
}

}  // namespace calbridge::caldav
