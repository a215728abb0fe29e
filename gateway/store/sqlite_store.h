#pragma once
// The SQLite implementation of caldav::Store (issue 4 item 1), plus what only the gateway uses:
// users, subscription tokens, the import ledger and conflicts, integrity checks.
//
// Files of this class, by area: sqlite_store.cpp (open, maintenance), sqlite_store_reads.cpp,
// sqlite_store_writes.cpp, sqlite_store_sync.cpp, sqlite_store_users.cpp,
// sqlite_store_tokens.cpp, sqlite_store_import.cpp, sqlite_store_bridge.cpp. The SQL of writes lives in object_writes,
// collection_writes and copy_move, the schema in schema/migrations.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caldav/store/store.h"
#include "gateway/store/bridge_records.h"
#include "gateway/store/connection_pool.h"
#include "gateway/store/records.h"

namespace calbridge::store {

struct StoreOptions {
    // true: synchronous=FULL, every acknowledged write survives even a power loss (one fsync per
    // write). false: synchronous=NORMAL, safe against kill -9 but not against an OS crash; bulk
    // PUTs 8x faster here (20,000 puts: 154 s vs 18 s wall, sqlite_handle.cpp, gateway/store/README.md).
    bool fsync_each_commit = true;
};

class SqliteStore final : public caldav::Store {
public:
    // Opens or creates the store file and migrates it to the current schema. Needs a real file
    // (readers and the writer are separate connections): ":memory:" is refused. Throws
    // StoreError when the file cannot be opened, is not a store, or has a newer schema.
    explicit SqliteStore(const std::filesystem::path& file, StoreOptions options = {});

    // --- caldav::Store ---
    std::optional<caldav::Principal> principal(std::string_view user) override;
    std::optional<caldav::Collection> collection(std::string_view path) override;
    std::optional<caldav::ObjectInfo> object_info(std::string_view path) override;
    std::optional<caldav::Object> object(std::string_view path) override;
    std::vector<caldav::Collection> child_collections(std::string_view path) override;
    void visit_objects(std::int64_t collection_id, const std::function<void(caldav::ObjectInfo&)>& visit) override;
    std::vector<caldav::Object> objects_with_data(std::int64_t collection_id) override;
    std::vector<caldav::Object> objects_by_path(std::span<const std::string> paths) override;
    std::vector<caldav::RangeMatch> objects_in_range(std::int64_t collection_id, std::int64_t start,
                                                     std::int64_t end) override;
    std::optional<caldav::ObjectInfo> object_by_uid(std::int64_t collection_id, std::string_view uid) override;
    std::vector<caldav::DeadProperty> dead_properties(std::string_view path) override;

    caldav::WriteResult put_object(const caldav::ObjectWrite& write, const caldav::Precondition& pre) override;
    caldav::WriteResult remove(std::string_view path, const caldav::Precondition& pre) override;
    using caldav::Store::make_collection;   // the shorthand without dead properties
    caldav::WriteResult make_collection(std::string_view path, std::string_view owner, caldav::CollectionKind kind,
                                        const caldav::CollectionPatch& props,
                                        std::span<const caldav::DeadProperty> dead) override;
    caldav::WriteResult patch_properties(std::string_view path, const caldav::PropertyPatch& patch) override;
    caldav::WriteResult transfer(const caldav::TransferRequest& request) override;

    std::optional<caldav::ChangeSet> changes_since(std::int64_t collection_id, std::int64_t seq,
                                                   std::size_t limit) override;
    std::optional<caldav::Collection> collection_for_token(std::string_view token) override;
    std::vector<caldav::SharedCalendar> calendars_shared_with(std::string_view user) override;
    std::vector<caldav::Grant> grants_of(std::int64_t collection_id) override;

    // --- change log maintenance (RFC 6578 3.7: old tokens then get DAV:valid-sync-token) ---
    // Drops tombstones by policy and raises each collection's floor to the newest dropped one.
    // Returns how many tombstones were dropped.
    std::int64_t prune_tombstones(const TombstonePruning& policy);

    // --- users (issue 4 item 6) ---
    // "/dav/calendars/<user>/", the calendar home of a user (RFC 4791 6.2.1).
    static std::string home_path(std::string_view user);
    // Creates the principal and its calendar home (a plain collection owned by the user, with
    // "/dav/" and "/dav/calendars/" made when missing). false when the user exists. Throws
    // std::invalid_argument for a name that cannot be a path segment.
    bool add_user(std::string_view name, std::string_view display_name, std::string_view email,
                  std::string_view password_hash);
    bool set_password_hash(std::string_view name, std::string_view password_hash);
    // Removes the principal and its whole home tree. false when there is no such user.
    bool remove_user(std::string_view name);
    std::optional<std::string> user_password_hash(std::string_view name);
    std::vector<caldav::Principal> list_users();

    // --- subscription tokens (issue 4 item 5) ---
    // nullopt when there is no collection at collection_path.
    std::optional<IssuedToken> issue_token(std::string_view collection_path);
    bool revoke_token(std::int64_t id);
    std::vector<TokenInfo> tokens(std::string_view collection_path);

    // --- sharing (issue 6, sqlite_store_shares.cpp) ---
    // Grants `grantee` (a user or a group, whichever exists by that name) `access` on the calendar
    // at collection_path; a grantee holding a grant gets the new access (updated).
    ShareOutcome share(std::string_view collection_path, std::string_view grantee, caldav::Access access);
    // Removes the grant of `grantee` (user or group) on the collection. false when there was none.
    bool unshare(std::string_view collection_path, std::string_view grantee);
    // Every grant, or those on calendars of `owner` when given, by calendar path then grantee.
    std::vector<GrantInfo> list_grants(std::optional<std::string_view> owner = std::nullopt);
    // Adds users to a group, making the group when missing, in one transaction (all or none).
    GroupOutcome add_group_members(std::string_view group, std::span<const std::string> users);
    // Removes members, or with no users the whole group (and its grants), in one transaction.
    // A group left without members stays (its grants with it) until removed by name.
    GroupOutcome remove_group_members(std::string_view group, std::span<const std::string> users);
    std::vector<GroupInfo> list_groups();
    bool is_group(std::string_view name);

    // --- import ledger and conflicts (issue 4 item 2) ---
    // put_object and the ledger row (collection, write.uid) -> (fingerprint, new etag) in one
    // transaction; pre is checked against the object, so a client's concurrent edit makes the
    // whole write fail with precondition_failed. write.uid must not be empty.
    caldav::WriteResult put_imported(const caldav::ObjectWrite& write, const caldav::Precondition& pre,
                                     std::string_view fingerprint);
    // Takes the object at path, which a client wrote with the very content the import has, into
    // the ledger as (collection, its uid) -> (fingerprint, its etag) without rewriting it: its etag
    // stays, so clients do not fetch it again. pre is checked against the object in the same
    // transaction (a client's concurrent edit: precondition_failed, nothing recorded). replaced
    // with the object's etag on success; not_found when it is gone or has no UID.
    caldav::WriteResult adopt_imported(std::string_view path, const caldav::Precondition& pre,
                                       std::string_view fingerprint);
    // Removes the object at path and the ledger row of its UID atomically (pre as for remove).
    caldav::WriteResult remove_imported(std::string_view path, const caldav::Precondition& pre);
    // Drops a ledger row whose object is gone already. false when there was none.
    bool forget_imported(std::int64_t collection_id, std::string_view uid);
    std::vector<LedgerEntry> import_ledger(std::int64_t collection_id);
    // Records a conflict; when new_fingerprint is given, the ledger row of (collection, uid) takes
    // it in the same transaction, so the next import does not report the same conflict again. A
    // missing row (the object was created by a client, not by an import) is made with an empty
    // etag: "the import wrote no version of it", so the client's object is never taken for an
    // untouched import and overwritten or removed by a later one.
    std::int64_t record_conflict(const NewConflict& conflict, std::optional<std::string> new_fingerprint = {});
    std::vector<Conflict> open_conflicts();
    // The open conflicts of the calendars under `path_prefix` (e.g. a user's home; "" = all),
    // oldest first, at most `limit` of them: what a page can show without reading every user's.
    std::vector<Conflict> open_conflicts_under(std::string_view path_prefix, std::size_t limit);
    std::optional<Conflict> conflict(std::int64_t id);
    bool resolve_conflict(std::int64_t id);
    // Upserts the row of (collection, source file, folder). false when the collection is missing.
    bool record_import_source(const ImportSource& source);
    std::vector<ImportSource> import_sources();

    // --- bridge engine (issue 5 item 3, gateway/sync/bridge.h) ---
    // Every write below is one transaction: an object and its link (and a conflict row, when
    // given) change together or not at all, so a crash never leaves an object without the link
    // that says which remote item it is, nor a link pointing at a version that was not written.

    // The pair called name, made when missing (remote state "", a full listing, local position 0:
    // every local object is pushed). Throws StoreError when there is no collection at
    // collection_path, or when the pair exists for another collection (rename the pair).
    BridgePair bridge_pair(std::string_view name, std::string_view collection_path, std::string_view remote);
    std::optional<BridgePair> find_bridge_pair(std::string_view name);
    std::vector<BridgePair> bridge_pairs();  // by name
    std::vector<BridgeLink> bridge_links(std::int64_t pair_id);
    std::optional<BridgeLink> bridge_link(std::int64_t pair_id, std::string_view uid);
    std::optional<BridgeLink> bridge_link_by_remote_id(std::int64_t pair_id, std::string_view remote_id);
    std::optional<BridgeLink> bridge_link_by_path(std::int64_t pair_id, std::string_view local_path);
    // Links whose local content still has to be pushed (local_etag "").
    std::vector<BridgeLink> pending_bridge_links(std::int64_t pair_id);
    // Links not seen in the full listing of round `round` (gone remotely).
    std::vector<BridgeLink> unseen_bridge_links(std::int64_t pair_id, std::int64_t round);
    // Links made by our creates (recorded with seen_round kUnconfirmed) that no listing has shown
    // yet. A change feed reports an item created after its state; one that a colleague deleted
    // before our next pull is reported by none (EWS SyncFolderItems reports deletions only of
    // items it told the client about), so the engine looks these up after each listing.
    std::vector<BridgeLink> unconfirmed_bridge_links(std::int64_t pair_id);

    // Writes a remote version into the local object (pre checked against the object: the etag the
    // engine read, or If-None-Match: * for a new one; else precondition_failed and nothing is
    // written) and upserts the link of write.uid: link.local_path = write.path, link.local_etag =
    // the new etag, or "" when push_pending (the written content must still go to the remote).
    // The link's seen_round becomes the pair's listing round. A link of another UID holding the
    // same remote id is dropped (the remote item changed its UID). An empty link.remote_id drops
    // the link of write.uid instead (the object is to be created remotely again). conflict, if
    // any, is recorded too.
    caldav::WriteResult bridge_apply(std::int64_t pair_id, const caldav::ObjectWrite& write,
                                     const caldav::Precondition& pre, BridgeLink link, bool push_pending,
                                     const std::optional<NewConflict>& conflict = {});
    // Removes the local object at path (pre as for remove; "" or a missing object: nothing to
    // remove) and the link of uid. precondition_failed: nothing changed; else deleted.
    caldav::WriteResult bridge_remove(std::int64_t pair_id, std::string_view uid, std::string_view path,
                                      const caldav::Precondition& pre, const std::optional<NewConflict>& conflict = {});
    // Create intents: (uid, text sent) recorded before a remote create, cleared when the UID's
    // link is recorded (or by clear_create_intent when the create failed). create_intents
    // returns those of uids that are recorded (a create of them may have happened before a
    // crash), with the text sent.
    void bridge_intend_creates(std::int64_t pair_id, std::span<const std::pair<std::string, std::string>> uid_texts);
    std::vector<std::pair<std::string, std::string>> bridge_create_intents(std::int64_t pair_id,
                                                                           std::span<const std::string> uids);
    void bridge_clear_create_intent(std::int64_t pair_id, std::string_view uid);
    // Update intents: the content about to be sent to the remote for a UID, recorded before the
    // update and cleared when the UID's link is next recorded (push result or pull). After a
    // crash between the update and recording its result, the next pull can tell the bridge's own
    // write from a colleague's edit.
    void bridge_intend_updates(std::int64_t pair_id, std::span<const std::pair<std::string, std::string>> uid_data);
    // The texts of the UID's unacknowledged updates, newest first (killed processes may have left
    // the older ones in flight), kSentUpdatesKept at most. Empty: none.
    std::vector<std::string> bridge_update_intents(std::int64_t pair_id, std::string_view uid);
    static constexpr int kSentUpdatesKept = 8;
    // Upserts a link (a push result, an adopted item), and records conflict if given. Clears the
    // create and update intents of link.uid.
    void bridge_record_link(std::int64_t pair_id, const BridgeLink& link,
                            const std::optional<NewConflict>& conflict = {});
    void bridge_forget_link(std::int64_t pair_id, std::string_view uid);
    // Saves the remote sync state reached by a page and marks the links of the page's items as
    // seen in the current listing round. full_listing/round: see BridgePair.
    void bridge_save_remote_state(std::int64_t pair_id, std::string_view state, bool full_listing,
                                  std::int64_t listing_round, std::span<const std::string> seen_remote_ids);
    // The local change-log position the push reached.
    void bridge_save_local_position(std::int64_t pair_id, std::int64_t seq);
    // Whether the pair's remote folder may only be read (issue 6 item 4). From the next read on,
    // the pair's collection comes back with Collection::read_only, so CalDAV refuses writes to it
    // (caldav/access/privileges.cpp); the bridge's own writes above are not affected.
    void bridge_save_remote_read_only(std::int64_t pair_id, bool read_only);
    // The outcome of the pair's last cycle (replaces the previous one). false: no such pair.
    bool record_bridge_outcome(std::int64_t pair_id, const BridgeOutcome& outcome);
    std::optional<BridgeOutcome> bridge_outcome(std::int64_t pair_id);  // nullopt: no cycle recorded

    // --- maintenance ---
    // PRAGMA integrity_check: "ok" for a sound file, otherwise the problems, one per line.
    std::string integrity_check();
    const std::string& file() const { return pool_.path(); }

private:
    // Runs a contract write in one transaction that commits only when the status is a success.
    template <class F>
    caldav::WriteResult write(F&& fn);

    ConnectionPool pool_;
};

}  // namespace calbridge::store
