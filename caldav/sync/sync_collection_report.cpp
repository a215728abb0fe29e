// DAV:sync-collection REPORT (RFC 6578 3). The token is a change-log position
// (sync/sync_token.h); the changes come from Store::changes_since, so an incremental sync costs
// what changed, not the size of the collection. Rules:
//   - Depth 0 (3.2: the scope is given by DAV:sync-level; 1 is accepted for Thunderbird and
//     python-caldav, infinity is 400); sync-level infinite is not
//     supported: 403 DAV:sync-traversal-supported (3.3).
//   - empty token: initial sync, every member (3.4); no paging there.
//   - a token of another collection, unparsable, older than the log or in the future: 403
//     DAV:valid-sync-token (3.2).
//   - DAV:limit (3.6): at most that many members; when more remain, a response for the
//     collection with 507 and DAV:number-of-matches-within-limits, and a token that continues.
//   - a deleted member: a response with only 404 status (3.5.2).
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

// Writes the response of one changed member, loading its data only when calendar-data is asked.
void write_member(RequestContext& rq, xml::MultistatusWriter& ms, const xml::PropSelection& select, Resource member,
                  const std::string* data) {
    member.data = data;
    write_property_response(ms, {rq.services, rq.user, member, &select}, select);
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
    const bool with_data = sync.select.calendar_data.has_value() || sync.select.wants(xml::caldav_name("calendar-data"));

    xml::MultistatusWriter ms;
    std::string token;
    if (sync.sync_token.empty()) {
        std::vector<Object> loaded;
        std::unordered_map<std::string, const std::string*> data_by_path;
        if (with_data && collection.kind == CollectionKind::calendar) {
            loaded = rq.store().objects_with_data(collection.id);
            for (const auto& o : loaded) data_by_path.emplace(o.info.path, &o.data);
        }
        for_each_member(rq, rq.target, [&](const Resource& member) {
            const auto it = data_by_path.find(member.path);
            write_member(rq, ms, sync.select, member, it == data_by_path.end() ? nullptr : it->second);
        });
        token = sync_token(collection);
    } else {
        const auto seq = parse_sync_token(sync.sync_token, collection.id);
        const auto changes = seq ? rq.store().changes_since(collection.id, *seq, sync.limit.value_or(0)) : std::nullopt;
        if (!changes) return error_response(403, xml::dav("valid-sync-token"));
        std::vector<std::string> live_paths;
        for (const Change& c : changes->changes)
            if (!c.deleted) live_paths.push_back(c.path);
        std::vector<Object> loaded;
        if (with_data && collection.kind == CollectionKind::calendar) loaded = rq.store().objects_by_path(live_paths);
        std::unordered_map<std::string, const Object*> by_path;
        for (const auto& o : loaded) by_path.emplace(o.info.path, &o);
        for (const Change& c : changes->changes) {
            if (c.deleted) {
                ms.response_status(c.path, 404);
                continue;
            }
            if (is_collection_path(c.path)) {
                if (auto sub = rq.store().collection(c.path)) write_member(rq, ms, sync.select, collection_resource(*sub), nullptr);
                continue;
            }
            std::optional<ObjectInfo> info;
            const std::string* data = nullptr;
            if (auto it = by_path.find(c.path); it != by_path.end()) {
                info = it->second->info;
                data = &it->second->data;
            } else {
                info = rq.store().object_info(c.path);
            }
            if (!info) {   // removed after the change set was read
                ms.response_status(c.path, 404);
                continue;
            }
            Resource member = object_resource(std::move(*info), collection.kind);
            member.owner = collection.owner;
            write_member(rq, ms, sync.select, std::move(member), data);
        }
        if (changes->truncated) {
            // RFC 6578 3.6: the request-URI with 507 tells the client to ask again from the token.
            ms.begin_response(collection.path);
            ms.status(507);
            ms.error(xml::dav("number-of-matches-within-limits"));
            ms.end_response();
        }
        Collection at = collection;
        at.sync_seq = changes->seq;
        token = sync_token(at);
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
