#pragma once
// Values of the gateway-side store extras (SqliteStore, not caldav::Store): subscription tokens,
// the import ledger, conflicts, import sources and change-log pruning.
#include <cstdint>
#include <string>
#include <vector>

#include "caldav/store/store.h"

namespace calbridge::store {

// A new secret-token subscription URL (issue 4 item 5). The clear token is shown once; the
// store keeps only its SHA-256.
struct IssuedToken {
    std::int64_t id = 0;
    std::string token;
};

struct TokenInfo {
    std::int64_t id = 0;
    std::string collection_path;
    std::int64_t created_at = 0;
};

// What `calbridge import` last wrote for one UID of a collection.
struct LedgerEntry {
    std::string uid;
    std::string fingerprint;  // of the source item, opaque to the store
    std::string etag;         // the etag the import's write produced; "" when it wrote none
                              // (the object a client made is only recorded, see record_conflict)
    std::int64_t imported_at = 0;
};

// A change the store did not apply because a client edited the same item (issue 4 item 2).
struct NewConflict {
    std::string collection_path;
    std::string uid;
    std::string source;         // "import:<file>", later "exchange:<pair>"
    std::string kind;           // "both-changed", "deleted-locally-changed-in-source", ...
    std::string local_etag;     // the client's version that was kept ("" if deleted locally)
    std::string incoming_data;  // the version that was not applied, kept for a restore
};

struct Conflict : NewConflict {
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    bool resolved = false;
};

struct ImportCounts {
    std::int64_t created = 0, updated = 0, removed = 0, unchanged = 0, conflicts = 0;
};

// One calendar folder of one source file imported into a collection, for `calbridge status`.
struct ImportSource {
    std::string collection_path;
    std::string source_file;
    std::string folder_path;
    std::int64_t last_import_at = 0;
    ImportCounts counts;
};

// Which tombstones prune_tombstones drops; 0 disables a rule. A tombstone goes when it is older
// than max_age_seconds, or when more than keep_latest newer tombstones exist in its collection.
struct TombstonePruning {
    std::int64_t max_age_seconds = 0;
    std::int64_t keep_latest = 0;
};

// --- sharing (issue 6) ---

// What SqliteStore::share did, or why it did nothing.
enum class ShareStatus {
    granted,             // a new grant
    updated,             // the grantee had one: its access is replaced
    no_such_calendar,    // nothing at the path
    not_a_calendar,      // a plain collection (only calendars are shared)
    no_such_grantee,     // neither a user nor a group of that name
    grantee_is_owner,    // the owner has every privilege already
};

struct ShareOutcome {
    ShareStatus status = ShareStatus::granted;
    bool group = false;   // the grantee is a group
};

// One grant with what `calbridge shares` shows.
struct GrantInfo {
    std::string collection_path;
    std::string owner;
    std::string grantee;
    bool group = false;
    caldav::Access access = caldav::Access::read;
    std::int64_t created_at = 0;
};

// What a change of group membership did, or why it did nothing.
enum class GroupStatus {
    done,
    name_is_user,     // a group cannot take the name of a user (issue 6: never both)
    no_such_user,     // `name` of the outcome: the first unknown member
    no_such_group,
    not_a_member,     // removing a member the group does not have (`name`)
};

struct GroupOutcome {
    GroupStatus status = GroupStatus::done;
    std::string name;
    bool created = false;   // add_group_members made the group
    bool removed = false;   // remove_group_members removed the whole group
};

struct GroupInfo {
    std::string name;
    std::vector<std::string> members;   // by name
};

}  // namespace calbridge::store
