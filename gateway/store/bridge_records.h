#pragma once
// Values of the bridge engine's rows in the store (issue 5 item 3): a pair of a local calendar
// with a remote folder, and the link of each item across the two. See gateway/sync/bridge.h.
#include <cstdint>
#include <string>

namespace calbridge::store {

struct BridgePair {
    std::int64_t id = 0;
    std::string name;                // the [[bridge]] name of the configuration
    std::int64_t collection_id = 0;
    std::string collection_path;
    std::string remote;              // "<remote name>:<folder>", for people and logs
    std::string remote_state;        // opaque sync state of the remote; "" = from the start
    // The pages read since remote_state was "" list every remote item: when the last one is
    // applied, the links not seen in them (seen_round < listing_round) are items gone remotely.
    bool full_listing = true;
    std::int64_t listing_round = 1;
    std::int64_t local_seq = 0;      // change-log position of the collection pushed up to
    std::int64_t last_sync_at = 0;
    // The remote folder may only be read (RemoteCapabilities::can_write false, or a write refused
    // with access_denied): the calendar is read-only on CalDAV (caldav::Collection::read_only).
    bool remote_read_only = false;
};

// One item known on both sides.
struct BridgeLink {
    std::string uid;
    std::string local_path;
    // The etag of the local object as the engine last wrote or pushed it. An object whose etag
    // differs was changed by a client since; "" = a push is pending (a merge result, a local-wins).
    std::string local_etag;
    std::string remote_id;
    std::string remote_version;
    std::string base;                // iCalendar text both sides agreed on at the last sync
    // The listing round the remote item was last seen in (the store sets it when a link is
    // recorded). Given as kUnconfirmed to bridge_record_link: made by our create and not seen in
    // a listing yet (stored as 0, see SqliteStore::unconfirmed_bridge_links).
    std::int64_t seen_round = 0;
    static constexpr std::int64_t kUnconfirmed = -1;
};

// How a pair's last cycle ended (issue 6 item 6: the status page shows it), written by the
// runner (gateway/cli/bridge_runs.cpp) at the end of every cycle, also one that could not start.
struct BridgeOutcome {
    std::int64_t finished_at = 0;   // unix seconds
    bool complete = true;           // false: stopped early or not run (error says why)
    std::int64_t local_created = 0, local_updated = 0, local_deleted = 0;    // pulled into the store
    std::int64_t remote_created = 0, remote_updated = 0, remote_deleted = 0; // pushed to the remote
    std::int64_t conflicts = 0;
    std::int64_t errors = 0;        // items skipped
    std::int64_t round_trips = 0;
    std::string error;              // "" = none
};

}  // namespace calbridge::store
