// DAV:sync-collection REPORT (RFC 6578 3). The token is a change-log position
// (sync/sync_token.h); the changes come from Store::changes_since, so an incremental sync costs
// what changed, not the size of the collection. Rules:
//   - Depth 0 (3.2: the scope is given by DAV:sync-level; 1 is accepted for Thunderbird and
//     python-caldav, infinity is 400); sync-level infinite is not
//     supported: 403 DAV:sync-traversal-supported (3.3).
//   - empty token: initial sync, every member (3.4); in path order when it is paged by
//     DAV:limit or carries calendar data, streamed as listed otherwise.
//   - a token of another collection, unparsable, older than the log or in the future: 403
//     DAV:valid-sync-token (3.2).
//   - DAV:limit (3.6), on the initial and on incremental syncs alike: at most that many members;
//     when more remain, a response for the collection with 507 and
//     DAV:number-of-matches-within-limits, and a token that continues from there.
//   - a deleted member, or a changed one gone by the time it is read: a response with only 404
//     status (3.5.2).
#include <algorithm>
#include <unordered_map>

#include "caldav/engine/property_registry.h"
#include "caldav/engine/report_registry.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"
#include "caldav/sync/sync_token.h"
#include "caldav/webdav/members.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/xml/multistatus.h"

namespace calbridge::caldav {

namespace {

const xml::SyncCollection& body_of(const xml::ReportBody& body) { return std::get<xml::SyncCollection>(body); }

// A member the report lists: its path, whether it is deleted, and the resource when the caller
// read it already (the initial listing); otherwise it is read when written.
struct Member {
    std::string path;
    bool deleted = false;
    std::optional<Resource> resource;
};

// How write_members reads calendar data: for the listed objects, or (a whole initial listing)
// for the whole collection in one scan.
enum class DataScope { listed, whole_collection };

// Writes one response per member, in order (RFC 6578 3.5.1), the same for the initial and the
// incremental sync. Calendar data, when asked, is read for all listed objects with one Store
// call. A deleted member is a bare 404 (3.5.2), and so, when report_gone, is a member gone by
// the time it is read (removed after the change set was read).
bool wants_calendar_data(const xml::SyncCollection& sync, const Collection& collection) {
    return collection.kind == CollectionKind::calendar &&
           (sync.select.calendar_data.has_value() || sync.select.wants(xml::caldav_name("calendar-data")));
}

void write_members(RequestContext& rq, xml::MultistatusWriter& ms, const xml::SyncCollection& sync,
                   const Collection& collection, std::vector<Member>& members, bool report_gone,
                   DataScope scope = DataScope::listed) {
    const bool with_data = wants_calendar_data(sync, collection);
    std::vector<Object> loaded;
    if (with_data && scope == DataScope::whole_collection) {
        loaded = rq.store().objects_with_data(collection.id);
    } else if (with_data) {
        std::vector<std::string> object_paths;
        for (const Member& m : members)
            if (!m.deleted && !is_collection_path(m.path)) object_paths.push_back(m.path);
        if (!object_paths.empty()) loaded = rq.store().objects_by_path(object_paths);
    }
    std::unordered_map<std::string, const Object*> by_path;
    for (const auto& o : loaded) by_path.emplace(o.info.path, &o);

    for (Member& m : members) {
        if (m.deleted) {
            ms.response_status(m.path, 404);
            continue;
        }
        std::optional<Resource> member = std::move(m.resource);
        const std::string* data = nullptr;
        if (is_collection_path(m.path)) {
            if (!member)
                if (auto sub = rq.store().collection(m.path)) member = collection_resource(std::move(*sub));
        } else if (auto it = by_path.find(m.path); it != by_path.end()) {
            member = object_resource(it->second->info, collection.kind);
            data = &it->second->data;
        } else if (with_data) {
            member.reset();   // its data was asked and it is not there: removed meanwhile
        } else if (!member) {
            if (auto info = rq.store().object_info(m.path)) member = object_resource(std::move(*info), collection.kind);
        }
        if (!member) {
            // RFC 6578 3.5.2 on an incremental sync; an initial sync lists no removed members
            // (3.4), and the deletion reaches the client with its next incremental sync.
            if (report_gone) ms.response_status(m.path, 404);
            continue;
        }
        if (member->kind == ResourceKind::object) member->owner = collection.owner;
        member->data = data;
        write_property_response(ms, {rq.services, rq.who(), *member, &sync.select}, sync.select);
    }
}

// RFC 6578 3.6: the request-URI with 507 tells the client that more members remain and that it
// should ask again from the returned token.
void write_limit_reached(xml::MultistatusWriter& ms, const Collection& collection) {
    ms.begin_response(collection.path);
    ms.status(507);
    ms.error(xml::dav("number-of-matches-within-limits"));
    ms.end_response();
}

// Initial sync (RFC 6578 3.4), from its start or continued after a limit: the members in path
// order after `listed_up_to`, at most `limit`. Returns the token to answer.
std::string initial_sync(RequestContext& rq, xml::MultistatusWriter& ms, const xml::SyncCollection& sync,
                         const Collection& collection, std::int64_t seq, const std::optional<std::string>& listed_up_to) {
    if (!sync.limit && !listed_up_to && !wants_calendar_data(sync, collection)) {
        // The first sync of every client (etags only, no limit): written as the store lists the
        // members, nothing held, like a PROPFIND Depth 1. RFC 6578 3.4 sets no order.
        for_each_member(rq, rq.target, [&](const Resource& member) {
            write_property_response(ms, {rq.services, rq.who(), member, &sync.select}, sync.select);
        });
        return sync_token(collection.id, seq);
    }
    std::vector<Member> members;
    for_each_member(rq, rq.target, [&](const Resource& r) { members.push_back({r.path, false, r}); });
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.path < b.path; });
    if (listed_up_to) {
        const std::string last = collection.path + *listed_up_to;
        std::erase_if(members, [&](const Member& m) { return m.path <= last; });
    }
    const bool truncated = sync.limit && members.size() > *sync.limit;
    if (truncated) members.resize(*sync.limit);
    std::string continuation;
    if (truncated) continuation = members.back().path.substr(collection.path.size());
    write_members(rq, ms, sync, collection, members, false,
                  listed_up_to || truncated ? DataScope::listed : DataScope::whole_collection);
    if (!truncated) return sync_token(collection.id, seq);
    write_limit_reached(ms, collection);
    return initial_sync_continuation(collection.id, seq, continuation);
}

Response sync_collection(RequestContext& rq, const xml::ReportBody& report) {
    const xml::SyncCollection& sync = body_of(report);
    // RFC 6578 3.2 defines the report for Depth: 0 (absent = 0, RFC 3253 3.6) and answers other
    // values with 400. Thunderbird 115 and python-caldav send Depth: 1 on every sync, and the
    // scope is DAV:sync-level's anyway, so Depth: 1 is read as 0; infinity stays 400.
    if (parse_depth(rq.request, Depth::zero) == Depth::infinity)
        xml::bad_request("sync-collection takes Depth: 0 (RFC 6578 3.2; Depth: 1 is accepted as 0)");
    if (sync.level == xml::SyncCollection::Level::infinite)
        return error_response(403, xml::dav("sync-traversal-supported"));
    const Collection& collection = *rq.target.collection;

    xml::MultistatusWriter ms = rq.multistatus();
    std::string token;
    if (sync.sync_token.empty()) {
        token = initial_sync(rq, ms, sync, collection, collection.sync_seq, std::nullopt);
    } else {
        const auto position = parse_sync_token(sync.sync_token, collection.id);
        // A continued initial sync still needs its starting position to be answerable: the
        // client syncs incrementally from there once the listing is done.
        const std::size_t limit = position && position->listed_up_to ? 1 : sync.limit.value_or(0);
        const auto changes = position ? rq.store().changes_since(collection.id, position->seq, limit) : std::nullopt;
        if (!changes) return error_response(403, xml::dav("valid-sync-token"));
        if (position->listed_up_to) {
            token = initial_sync(rq, ms, sync, collection, position->seq, position->listed_up_to);
        } else {
            std::vector<Member> members;
            for (const Change& c : changes->changes) members.push_back({c.path, c.deleted, std::nullopt});
            write_members(rq, ms, sync, collection, members, true);
            if (changes->truncated) write_limit_reached(ms, collection);
            token = sync_token(collection.id, changes->seq);
        }
    }
    ms.sync_token(token);
    return multistatus_response(ms.finish());
}

}  // namespace

void register_sync_reports(ReportRegistry& registry) {
    registry.add({.name = xml::dav("sync-collection"),
                  .rfc = "RFC 6578 3.2",
                  .supported_on = [](const Resource& r) { return r.is_stored_collection(); },
                  .handle = sync_collection});
}

}  // namespace calbridge::caldav
