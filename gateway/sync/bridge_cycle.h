#pragma once
// Internal to gateway/sync: one cycle of a Bridge. bridge.cpp runs it; bridge_cycle.cpp holds
// what pull and push share, bridge_pull.cpp the pull, bridge_push.cpp the push.
#include <spdlog/spdlog.h>

#include <string>
#include <utility>
#include <vector>

#include "caldav/store/store.h"
#include "gateway/sync/bridge.h"

namespace calbridge::sync {

namespace bridge_detail {
inline constexpr const char* kContentType = "text/calendar; charset=utf-8";
inline constexpr int kAttempts = 3;          // a local object that keeps changing under a write: next cycle
inline constexpr int kMaxListingRestarts = 2;  // invalid_sync_state twice in one cycle: stop

inline bool stops_cycle(RemoteErrorKind kind) {
    return kind == RemoteErrorKind::busy || kind == RemoteErrorKind::transient ||
           kind == RemoteErrorKind::permanent || kind == RemoteErrorKind::invalid_sync_state;
}

inline const char* kind_name(RemoteErrorKind kind) {
    switch (kind) {
        case RemoteErrorKind::conflict: return "conflict";
        case RemoteErrorKind::not_found: return "not found";
        case RemoteErrorKind::access_denied: return "access denied";
        case RemoteErrorKind::invalid_sync_state: return "invalid sync state";
        case RemoteErrorKind::busy: return "busy";
        case RemoteErrorKind::transient: return "transient failure";
        case RemoteErrorKind::rejected: return "rejected";
        case RemoteErrorKind::permanent: return "permanent failure";
    }
    return "error";
}

inline caldav::Precondition if_match(const std::string& etag) { return {{etag}, false}; }
inline caldav::Precondition if_none_match() { return {{}, true}; }

// A local object as the push reads it.
struct LocalItem {
    std::string path, uid, data, etag;
};

template <class T>
inline void check_count(const std::vector<T>& results, std::size_t expected, const char* what) {
    if (results.size() != expected)
        throw RemoteError(RemoteErrorKind::permanent, std::string("remote calendar: ") + what + " returned " +
                                                          std::to_string(results.size()) + " results for " +
                                                          std::to_string(expected) + " items");
}

}  // namespace bridge_detail

class Bridge::Cycle {
public:
    Cycle(Bridge& bridge, SyncReport& report)
        : store_(bridge.store_),
          remote_(bridge.remote_),
          options_(bridge.options_),
          capabilities_(bridge.capabilities_),
          report_(report),
          pair_(store_.bridge_pair(options_.name, options_.collection_path, options_.remote)) {
        auto collection = store_.collection(options_.collection_path);
        if (!collection) throw store::StoreError("bridge " + options_.name + ": no calendar at " + options_.collection_path);
        collection_ = std::move(*collection);
    }

    // The remote's rights (RemoteCapabilities::can_write), asked when unknown and, while the remote
    // is read-only, again each cycle (so a grant is noticed), and saved with the pair: from then on
    // the calendar is read-only on CalDAV (Collection::read_only), or writable again.
    void learn_rights();
    void pull();
    void push();

private:
    // --- pull ---
    bool try_upsert(const RemoteItem& item);
    void apply_upsert(const RemoteItem& item);
    void confirm_created(const std::string& state, bool full, std::int64_t round);
    bool handle_remote_gone(const store::BridgeLink& link);
    void apply_remote_gone(const store::BridgeLink& link);
    bool resolve_both_changed(const std::string& base, const caldav::Object& local, const RemoteItem& item);

    // --- push ---
    void push_entries(const std::vector<caldav::Change>& entries);
    void push_creates(std::vector<bridge_detail::LocalItem>& items);
    void push_updates(std::vector<std::pair<store::BridgeLink, bridge_detail::LocalItem>>& items);
    void push_removes(const std::vector<store::BridgeLink>& links);
    void push_pending();
    void handle_write_error(const WriteOutcome& outcome, const bridge_detail::LocalItem* item, const store::BridgeLink* link);
    void revert_for_read_only(const bridge_detail::LocalItem* item, const store::BridgeLink* link);
    void repull(const store::BridgeLink& link);

    // --- helpers ---
    std::optional<caldav::ObjectWrite> object_write(const std::string& path, const std::string& text);
    store::NewConflict conflict(const std::string& uid, std::string_view kind, std::string incoming,
                                std::string local_etag) const;
    // Counted and logged; `fields` names what differs ("VEVENT LOCATION, VEVENT SUMMARY") when known.
    void count_conflict(const std::string& uid, std::string_view kind, const std::vector<std::string>& fields = {});
    void checkpoint(std::string_view point) const {
        if (options_.checkpoint) options_.checkpoint(point);
    }
    bool can_write();
    // The remote refused a write (access_denied): read-only from now on, for this cycle and on
    // CalDAV, until learn_rights() hears otherwise.
    void became_read_only(const std::string& why);
    void save_read_only(bool read_only);
    // The policy of the pull: remote_wins while the remote is read-only (a local version could
    // never be pushed; it is kept as a conflict record instead).
    ConflictPolicy policy() const;

    store::SqliteStore& store_;
    RemoteCalendar& remote_;
    const BridgeOptions& options_;
    std::optional<RemoteCapabilities>& capabilities_;
    SyncReport& report_;
    store::BridgePair pair_;
    caldav::Collection collection_;
};

}  // namespace calbridge::sync
