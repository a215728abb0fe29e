#pragma once
// What the status page shows a user (issue 6 item 6), gathered from the store: calendars and
// their sources (PST imports, Exchange bridges with their last cycle), open conflicts with both
// versions, and shares. Admins ([server] admins) see every user's; others only what lies in
// their own calendar home.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/status/event_facts.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::status {

struct CalendarRow {
    std::string owner;
    std::string path;
    std::string display_name;
    std::size_t objects = 0;
    std::string shared_access;         // "": the user's own (or an admin's view); else the access
                                       // a grant gives the user ("freebusy", "read", "read-write")
    std::string mount;                 // shared: where it appears in the user's home (the href
                                       // clients use, caldav/access/sharing.h)
};

struct BridgeRow {
    store::BridgePair pair;
    std::optional<store::BridgeOutcome> last_cycle;  // nullopt: no cycle recorded yet
    std::size_t linked = 0;
    std::size_t to_push = 0;
};

struct ConflictRow {
    store::Conflict conflict;
    std::string owner;
    std::string current_path;          // "" when the calendar holds no object of the UID (deleted)
    std::vector<Fact> current;         // the version in the calendar now ("this version")
    std::vector<Fact> other;           // the version kept aside ("the other version")
    bool other_deleted = false;        // the version kept aside is a deletion
};

// One grant on a calendar (issue 6 items 1-2: `calbridge share`).
struct ShareRow {
    std::string calendar_path;
    std::string grantee;
    bool group = false;
    std::string access;                // "freebusy", "read", "read-write"
};

// A page lists at most this many open conflicts (the oldest); resolving them shows the next.
inline constexpr std::size_t kMaxConflictsShown = 100;

struct StatusData {
    std::string user;
    bool admin = false;
    std::vector<std::string> users;    // whose calendars are shown
    std::vector<CalendarRow> calendars;
    std::vector<store::ImportSource> imports;
    std::vector<BridgeRow> bridges;
    std::vector<ConflictRow> conflicts;   // the oldest kMaxConflictsShown
    bool more_conflicts = false;          // more are open than are shown
    // The grants on the calendars listed as own (an admin: every calendar). nullopt: the store
    // keeps no grants (the page says so instead of "none").
    std::optional<std::vector<ShareRow>> shares;
};

// The owner of a path under /dav/calendars/<owner>/, or "".
std::string owner_of(std::string_view path);

// True when user may see (and act on) what lies at path: an admin everything, others their home.
bool visible_to(std::string_view path, std::string_view user, bool admin);

StatusData gather_status(store::SqliteStore& store, std::string_view user, bool admin);

// The row of one open conflict, with both versions; nullopt when it does not exist, is resolved,
// or is not visible to the user.
std::optional<ConflictRow> conflict_row(store::SqliteStore& store, std::int64_t id, std::string_view user, bool admin);

}  // namespace calbridge::status
