#pragma once
// The storage contract of the CalDAV engine. caldav/ talks to storage only through this
// interface; gateway/store implements it on SQLite (PostgreSQL later). Shaped after sabre/dav's
// CalDAV backends: plain values in and out, no SQL, no HTTP, no libical.
//
// Paths are decoded (no percent-encoding), absolute and normalised by the engine before any call
// ("/dav/calendars/alice/work/"). A collection's path ends with '/'; a resource's does not.
//
// Every write is one transaction (issue 4): it happens completely or not at all, and a write
// acknowledged to a client survives a crash (WAL + synchronous=FULL or NORMAL with checkpoints
// as the implementation documents). Implementations are safe to call from many threads.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::caldav {

inline constexpr std::int64_t kTimeMin = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kTimeMax = std::numeric_limits<std::int64_t>::max();

struct Principal {
    std::string user;          // login name, also the last path segment of principal and home
    std::string display_name;  // DAV:displayname of the principal
    std::string email;         // for CALDAV:calendar-user-address-set (mailto:), may be empty
};

enum class CollectionKind { plain, calendar };

// Properties of a collection that the engine exposes as live properties and lets clients set
// with PROPPATCH / MKCALENDAR / extended MKCOL. Unset optional fields leave a value unchanged
// where this struct is used as a patch (CollectionPatch).
struct CalendarProps {
    std::string display_name;              // DAV:displayname (plain collections too)
    std::string description;               // CALDAV:calendar-description (RFC 4791 5.2.1)
    std::string color;                     // Apple calendar-color, "#RRGGBB" or "#RRGGBBAA"
    std::optional<std::int32_t> order;     // Apple calendar-order
    std::string timezone;                  // CALDAV:calendar-timezone (5.2.2): VCALENDAR text or ""
    std::vector<std::string> components;   // supported-calendar-component-set (5.2.3), e.g. {"VEVENT","VTODO"}
};

struct Collection {
    std::int64_t id = 0;
    std::string path;
    std::string owner;                     // user name of the owning principal
    CollectionKind kind = CollectionKind::plain;
    CalendarProps props;
    std::int64_t sync_seq = 0;             // position of the newest change-log entry of this collection
    std::int64_t created_at = 0;           // unix seconds
    std::int64_t modified_at = 0;
    // Writes to it cannot reach where it lives: a calendar bridged to a remote folder the account
    // may only read (issue 6 item 4). Nobody, the owner included, gets a write privilege on it or
    // on its objects; the bridge alone writes what it pulls.
    bool read_only = false;
};

// Sharing (issue 6): what a grant lets its grantee do with a calendar of another user, ordered
// freebusy < read < read-write. The privileges each level gives are decided in one place,
// caldav/access/privileges.h.
enum class Access { freebusy = 1, read = 2, read_write = 3 };

// A calendar of another user that a user may use, with their effective access: the highest of
// the grant to the user and the grants to every group the user is in.
struct SharedCalendar {
    Collection calendar;   // the owner's calendar at its own path
    Access access = Access::read;
};

// One grant on a calendar, to a user or to a group (issue 6 "Model").
struct Grant {
    std::int64_t collection_id = 0;
    std::string grantee;   // a user name, or a group name when group
    bool group = false;
    Access access = Access::read;
};

// A stored resource: a calendar object resource in a calendar collection (one iCalendar object
// per UID, RFC 4791 4.1), or any content in a plain WebDAV collection.
struct ObjectInfo {
    std::int64_t id = 0;
    std::int64_t collection_id = 0;
    std::string path;
    std::string etag;                      // opaque strong entity tag, without quotes
    std::string content_type;              // e.g. "text/calendar; charset=utf-8"
    std::int64_t size = 0;                 // bytes of data
    std::string uid;                       // iCalendar UID; empty outside calendar collections
    std::int64_t created_at = 0;
    std::int64_t modified_at = 0;
};

struct Object {
    ObjectInfo info;
    std::string data;
};

// One entry of the time-range index (RFC 4791 9.9): an instance [start, end) on the UTC time
// line, in unix seconds. The engine computes the spans of an object when it is written
// (caldav/calendar): one per instance of a recurring series up to an expansion horizon, plus, for a
// series that goes on past it, one `open` span from the horizon to kTimeMax meaning "there may be
// more instances here: expand to be exact". A zero-length span (start == end) is an instance
// without duration.
struct TimeSpan {
    std::int64_t start = kTimeMin;
    std::int64_t end = kTimeMax;
    bool open = false;
};

// What objects_in_range returns: the object, and whether it matched only through an open span
// (then the engine must expand the series to decide).
struct RangeMatch {
    Object object;
    bool needs_expansion = false;
};

// Conditional writes (RFC 9110 13.1.1/13.1.2, as PUT/DELETE/COPY/MOVE use them). Checked inside
// the write's transaction, so of two concurrent writes with the same If-Match exactly one wins.
struct Precondition {
    // If-Match: the current etag must equal one of these (unquoted; a field may list several,
    // RFC 9110 13.1.1); {"*"} = the target must exist. Empty: no If-Match condition.
    std::vector<std::string> if_match;
    bool if_none_match_any = false;        // the target must not exist
};

enum class WriteStatus {
    created,                // 201
    replaced,               // 204 (or 200)
    deleted,                // 204
    precondition_failed,    // 412: Precondition did not hold
    not_found,              // 404: the target (DELETE, source of COPY/MOVE, collection patched) is missing
    parent_missing,         // 409: the parent collection does not exist (RFC 4918 9.3.1, 9.7.1)
    already_exists,         // 405: MKCOL/MKCALENDAR on a mapped URL (RFC 4918 9.3.1)
    destination_exists,     // 412: COPY/MOVE with Overwrite: F onto an existing resource
    uid_conflict,           // 403 CALDAV:no-uid-conflict (RFC 4791 5.3.2.1); see conflicting_path
    not_allowed,            // 403/405: e.g. a collection inside a calendar collection (RFC 4791 4.2)
};

struct WriteResult {
    WriteStatus status = WriteStatus::created;
    std::string etag;              // new etag of the written object (put_object, copy/move of one object)
    std::string conflicting_path;  // uid_conflict: the resource that already holds the UID
};

struct ObjectWrite {
    std::string path;
    std::string data;
    std::string content_type;
    std::string uid;                  // required in calendar collections, empty elsewhere
    std::vector<TimeSpan> spans;      // time-range index entries; empty outside calendar collections
};

// RFC 4918 9.2: a PROPPATCH is applied completely or not at all.
struct DeadProperty {
    std::string ns;      // namespace URI ("" for none)
    std::string name;    // local name
    std::string xml;     // the whole property element as serialised XML, returned verbatim
};

struct CollectionPatch {
    std::optional<std::string> display_name, description, color, timezone;
    std::optional<std::optional<std::int32_t>> order;      // engaged + nullopt = remove
    std::optional<std::vector<std::string>> components;    // only at creation (RFC 4791 5.2.3)
};

struct PropertyPatch {
    CollectionPatch collection;             // ignored for non-collections
    std::vector<DeadProperty> set;          // set or replace dead properties
    std::vector<std::pair<std::string, std::string>> remove;  // (ns, name) of dead properties
};

// COPY (RFC 4918 9.8) or MOVE (9.9) as one write: a crash or a refusal in the middle leaves the
// source and the destination as they were.
struct TransferRequest {
    std::string from, to;
    bool move = false;
    bool overwrite = true;     // Overwrite: T deletes an existing destination first (9.8.4, 9.9.3)
    // COPY of a collection: false copies the collection and its properties only, no members
    // (Depth 0, 9.8.3). MOVE always takes the whole tree (9.9.2).
    bool members = true;
    // Checked against the source (If-Match / If-None-Match: * of the COPY or MOVE request,
    // RFC 9110 13.1; a collection has no etag, so only "*" matches it).
    Precondition source;
    // An object entering a calendar collection from a plain one: the destination's content as the
    // engine validated it (uid and spans; its path is ignored), stored instead of a byte-for-byte
    // copy. Dead properties of the source go along; MOVE removes the source in the same write.
    std::optional<ObjectWrite> content;
};

// A COPY or MOVE of the whole tree without a condition on the source.
inline TransferRequest whole_tree(std::string_view from, std::string_view to, bool move, bool overwrite) {
    TransferRequest request;
    request.from = std::string(from);
    request.to = std::string(to);
    request.move = move;
    request.overwrite = overwrite;
    return request;
}

// RFC 6578: the changes of one collection since a sync position, one entry per resource (its
// latest state), oldest first.
struct Change {
    std::string path;
    bool deleted = false;
    std::int64_t seq = 0;
};

struct ChangeSet {
    std::vector<Change> changes;
    std::int64_t seq = 0;        // the position the client reaches with these changes (new token)
    bool truncated = false;      // more changes remain after seq (limit was reached, RFC 6578 3.6)
};

class Store {
public:
    virtual ~Store() = default;

    // --- principals (RFC 5397, RFC 3744 5) ---
    virtual std::optional<Principal> principal(std::string_view user) = 0;

    // --- reading the tree ---
    virtual std::optional<Collection> collection(std::string_view path) = 0;
    virtual std::optional<ObjectInfo> object_info(std::string_view path) = 0;
    virtual std::optional<Object> object(std::string_view path) = 0;
    // Depth 1 of a collection: its direct sub-collections and its objects (metadata only, so a
    // PROPFIND Depth 1 reads no content, DESIGN.md "Pitfalls").
    virtual std::vector<Collection> child_collections(std::string_view path) = 0;
    // The objects' metadata one at a time, in path order, from one read snapshot: a PROPFIND
    // Depth 1 of 20,000 objects never holds all of them in memory. `visit` may read the store
    // (a store serves concurrent reads), never write to it.
    virtual void visit_objects(std::int64_t collection_id, const std::function<void(ObjectInfo&)>& visit) = 0;
    std::vector<ObjectInfo> objects(std::int64_t collection_id) {
        std::vector<ObjectInfo> all;
        visit_objects(collection_id, [&](ObjectInfo& info) { all.push_back(std::move(info)); });
        return all;
    }
    virtual std::vector<Object> objects_with_data(std::int64_t collection_id) = 0;
    // calendar-multiget: the objects among paths that exist, in the order given.
    virtual std::vector<Object> objects_by_path(std::span<const std::string> paths) = 0;
    // Index look-up for time-range queries: objects of the collection with at least one span
    // overlapping [start, end), by RFC 4791 9.9: span.start < end AND (span.end > start OR
    // (span.start == span.end AND span.start >= start)). Objects without spans never match.
    virtual std::vector<RangeMatch> objects_in_range(std::int64_t collection_id, std::int64_t start,
                                                     std::int64_t end) = 0;
    virtual std::optional<ObjectInfo> object_by_uid(std::int64_t collection_id, std::string_view uid) = 0;
    virtual std::vector<DeadProperty> dead_properties(std::string_view path) = 0;

    // --- writes: each one transaction, recorded in the change log of the collections touched ---
    virtual WriteResult put_object(const ObjectWrite& write, const Precondition& pre) = 0;
    // An object, or a collection with everything below it (RFC 4918 9.6.1).
    virtual WriteResult remove(std::string_view path, const Precondition& pre) = 0;
    // MKCOL, extended MKCOL (RFC 5689) and MKCALENDAR (RFC 4791 5.3.1): the collection together
    // with the live (props) and dead properties its request sets, in one transaction, so no
    // collection ever exists without them (RFC 4791 5.3.1.2: MKCALENDAR fails as a whole).
    virtual WriteResult make_collection(std::string_view path, std::string_view owner, CollectionKind kind,
                                        const CollectionPatch& props, std::span<const DeadProperty> dead) = 0;
    WriteResult make_collection(std::string_view path, std::string_view owner, CollectionKind kind,
                                const CollectionPatch& props) {
        return make_collection(path, owner, kind, props, {});
    }
    virtual WriteResult patch_properties(std::string_view path, const PropertyPatch& patch) = 0;
    // RFC 4918 9.8/9.9: copy or move an object or a collection (its tree, or for COPY Depth 0 the
    // collection alone), see TransferRequest. Objects copied into a calendar collection keep their
    // spans; UIDs stay unique per collection.
    virtual WriteResult transfer(const TransferRequest& request) = 0;
    // Shorthands: the whole tree, no condition on the source.
    WriteResult copy(std::string_view from, std::string_view to, bool overwrite) {
        return transfer(whole_tree(from, to, false, overwrite));
    }
    WriteResult move(std::string_view from, std::string_view to, bool overwrite) {
        return transfer(whole_tree(from, to, true, overwrite));
    }

    // --- sync (RFC 6578) ---
    // Changes after position seq, at most limit entries (0 = no limit). nullopt when seq is not a
    // position this collection's log can answer from (in the future, or older than the log keeps):
    // the engine answers DAV:valid-sync-token.
    virtual std::optional<ChangeSet> changes_since(std::int64_t collection_id, std::int64_t seq,
                                                   std::size_t limit) = 0;

    // --- .ics subscriptions with a secret token (issue 4 item 5) ---
    // The calendar a live (not revoked) token opens, or nullopt.
    virtual std::optional<Collection> collection_for_token(std::string_view token) = 0;

    // --- sharing (issue 6; the grants are managed by the gateway, read here) ---
    // The calendars of other users that `user` holds a grant on, directly or through a group,
    // one entry per calendar with the effective access (groups resolved), in path order. The
    // engine asks once per request, so this is one indexed read.
    virtual std::vector<SharedCalendar> calendars_shared_with(std::string_view user) = 0;
    // The grants on one calendar (users and groups as granted, not resolved), by grantee.
    virtual std::vector<Grant> grants_of(std::int64_t collection_id) = 0;
};

}  // namespace calbridge::caldav
