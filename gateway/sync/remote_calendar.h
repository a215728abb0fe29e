#pragma once
// The bridge engine's view of a calendar on a remote server (issue 5 item 3): a small,
// protocol-neutral interface. The EWS adapter implements it now (Exchange Server on-premises),
// a Microsoft Graph adapter later (Exchange Online, delta queries). The engine (bridge.h) knows
// nothing of SOAP or JSON, and an adapter knows nothing of the store.
//
// Every item crosses this interface as iCalendar text: one VCALENDAR per UID, the master VEVENT
// and its RECURRENCE-ID overrides (RFC 4791 4.1), the gateway's canonical form (DESIGN.md). The
// adapter converts to and from its protocol (converters/ews for EWS).
//
// Calls are batched: an adapter turns a batch into as few round trips as its protocol allows
// (EWS: one CreateItem of many items), which is what keeps an initial sync of N items near
// N/100 round trips. Results come back in the order of the batch, one per element.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::sync {

// Where an item lives remotely and which version of it we know. `version` is the protocol's
// concurrency token (EWS ChangeKey, Graph @odata.etag): a write naming an outdated version fails
// with RemoteErrorKind::conflict instead of overwriting a colleague's edit.
struct RemoteRef {
    std::string id;
    std::string version;
    friend bool operator==(const RemoteRef&, const RemoteRef&) = default;
};

// An item as the remote holds it now.
struct RemoteItem {
    RemoteRef ref;
    std::string uid;   // iCalendar UID (EWS: derived from the global object id, MS-OXCICAL 2.1.3.1.1.20.26)
    std::string ical;  // VCALENDAR text
};

// One page of remote changes since a sync state (EWS SyncFolderItems, Graph delta).
struct RemoteChanges {
    std::vector<RemoteItem> upserts;      // created or changed, with their whole content
    // Listed by the remote but at the version the engine already holds (KnownVersions): not
    // fetched again. They still count as "seen" when a listing from "" looks for deletions.
    std::vector<RemoteRef> unchanged;
    std::vector<std::string> removed_ids; // RemoteRef::id of items gone
    std::string state;                    // opaque: where the next call continues
    bool more = false;                    // another page follows at `state`
};

enum class RemoteErrorKind {
    conflict,            // the version named is outdated (EWS ErrorIrresolvableConflict / ErrorChangeKeyRequiredForWriteOperations)
    not_found,           // the item is gone (EWS ErrorItemNotFound)
    access_denied,       // read-only calendar (EWS ErrorAccessDenied): do not retry
    invalid_sync_state,  // the state is no longer valid (EWS ErrorInvalidSyncStateData): resync from ""
    busy,                // throttled after the adapter's own bounded retries (retry_after_ms)
    transient,           // timeout, dropped connection, HTTP 5xx after bounded retries
    rejected,            // the remote refused this item's content (schema/validation): skip it, report it
    permanent,           // configuration, authentication, anything a retry will not fix
};

class RemoteError : public std::runtime_error {
public:
    RemoteError(RemoteErrorKind kind, const std::string& message, std::int64_t retry_after_ms = 0)
        : std::runtime_error(message), kind_(kind), retry_after_ms_(retry_after_ms) {}
    RemoteErrorKind kind() const { return kind_; }
    std::int64_t retry_after_ms() const { return retry_after_ms_; }

private:
    RemoteErrorKind kind_;
    std::int64_t retry_after_ms_;
};

// The result of one element of a write batch: the item's new reference, or why it failed.
struct WriteOutcome {
    std::optional<RemoteRef> ref;          // set on success (delete: the id it had, version empty)
    std::optional<RemoteErrorKind> error;  // set on failure
    std::string message;                   // the failure, for logs and conflict records
    std::int64_t retry_after_ms = 0;       // busy: the remote's back-off (EWS BackOffMilliseconds)
    bool ok() const { return ref.has_value(); }
};

struct RemoteUpdate {
    RemoteRef base;    // the version the change was made against
    std::string ical;  // the whole new content
};

// What a remote calendar offers (EWS: the folder's effective rights).
struct RemoteCapabilities {
    bool can_write = true;  // false: a colleague's calendar shared read-only with the user
    std::string display_name;
};

// The version the engine holds of a remote item (its link), or nullopt for an item it does not
// know. An adapter asks it before fetching content, so the engine's own writes and items
// already in step never travel back (issue 5: "nothing unchanged re-sent").
using KnownVersions = std::function<std::optional<std::string>(std::string_view remote_id)>;

class RemoteCalendar {
public:
    virtual ~RemoteCalendar() = default;

    virtual RemoteCapabilities capabilities() = 0;

    // One page of changes after `state` ("" = from the beginning: every item, as an upsert or,
    // at a version `known` names, as unchanged). `known` may be empty (fetch everything).
    // Throws RemoteError(invalid_sync_state) when the remote no longer knows `state`.
    virtual RemoteChanges changes(std::string_view state, const KnownVersions& known) = 0;

    // Creates items (VCALENDAR texts). Never sends meeting invitations.
    virtual std::vector<WriteOutcome> create(std::span<const std::string> icals) = 0;
    // Replaces items whose remote version is still `base.version`; conflict otherwise.
    // Never sends meeting updates.
    virtual std::vector<WriteOutcome> update(std::span<const RemoteUpdate> updates) = 0;
    // Deletes items (not_found counts as done for the engine). Never sends cancellations.
    virtual std::vector<WriteOutcome> remove(std::span<const RemoteRef> refs) = 0;

    // The item holding each UID, if any: how the engine avoids a duplicate after a crash between
    // a create and recording its id (EWS: the global object id, MS-OXCICAL 2.1.3.1.1.20.26).
    virtual std::vector<std::optional<RemoteItem>> find_by_uid(std::span<const std::string> uids) = 0;
};

}  // namespace calbridge::sync
