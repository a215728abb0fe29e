#pragma once
// The whole bridge in one process: the real engine (gateway/sync/bridge.h), the real EWS adapter
// and client over loopback, the Exchange stand-in, and a temporary SqliteStore with alice's
// calendar. Local edits are made as a CalDAV client makes them (a PUT into the store), remote
// ones as a colleague in Outlook makes them (a second EWS client on the same mailbox).
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ews_bridge_fixture.h"
#include "gateway/store/sqlite_store.h"
#include "gateway/sync/bridge.h"
#include "unit/bridge/bridge_fixture.h"

namespace calbridge::ews_bridge_test {

// The value of the first `name` property of the master VEVENT (the one without RECURRENCE-ID),
// parameters skipped, lines unfolded (RFC 5545 3.1). "" when absent.
std::string master_field(const std::string& ical, const std::string& name);
// `ical` with the master VEVENT's `name` property set to `value` (replaced, or added).
std::string with_master_field(const std::string& ical, const std::string& name, const std::string& value);

// What each side holds: UID -> SUMMARY (local, from the store's objects) and UID -> subject
// (remote, from the stand-in's folder). A UID held twice on a side is a failed CHECK.
struct Sides {
    std::map<std::string, std::string> local, remote;
};

struct BridgeWorld {
    // bridged: alice's own calendar, or (shared) bob's calendar that bob shares read-only with her.
    explicit BridgeWorld(bool shared = false);
    ~BridgeWorld();

    // The bridge's adapter and client are (re)made from these by connect().
    ews::ClientOptions client_options;
    remotes::EwsCalendarOptions remote_options;
    void connect();

    sync::SyncReport sync();  // one cycle (a new Bridge, as `calbridge sync` makes one)
    // Cycles until one completes (at most `max_cycles`, REQUIRE'd), then one more that must find
    // nothing to do. Returns the cycles run before the quiet one.
    int converge(int max_cycles = 8);

    Sides sides();
    // converge(), then: both sides hold the same UIDs with the same SUMMARY, once each, and equal
    // to `expected` (every user edit that was not superseded).
    void check_converged();

    // --- the local side (a CalDAV client) ---
    void put_local(const std::string& ical);  // also records SUMMARY in `expected`
    void edit_local(const std::string& uid, const std::string& name, const std::string& value);
    void delete_local(const std::string& uid);
    std::optional<std::string> local(const std::string& uid);

    // --- the remote side (a colleague on the same mailbox) ---
    std::string colleague_create(const std::string& ical);  // returns the ItemId
    void colleague_edit(const std::string& uid, const std::string& name, const std::string& value);
    void colleague_delete(const std::string& uid);
    std::optional<sync::RemoteItem> remote(const std::string& uid);
    std::string remote_id(const std::string& uid);

    StandinFixture fx;
    sync::testing::TempDir dir;
    store::SqliteStore store;
    const std::string cal = "/dav/calendars/alice/work/";
    std::int64_t cal_id = 0;
    std::string folder_owner = kAlice;  // whose calendar the pair bridges; the colleague logs in as them
    sync::ConflictPolicy policy = sync::ConflictPolicy::merge;
    std::function<void(std::string_view)> checkpoint;
    std::map<std::string, std::string> expected;  // UID -> the SUMMARY each side must end with

    std::unique_ptr<ews::EwsClient> client, colleague_client;
    std::unique_ptr<remotes::EwsRemoteCalendar> adapter, colleague;
};

// Test events. UTC times, so no VTIMEZONE is needed on either side.
std::string single_event(int n, bool attendees = false);
// A weekly series of 6 with its 2nd occurrence moved by two hours and its 3rd deleted.
std::string weekly_series(int n);
std::string single_uid(int n);
std::string series_uid(int n);

}  // namespace calbridge::ews_bridge_test
