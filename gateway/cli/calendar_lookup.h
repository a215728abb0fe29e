#pragma once
// Naming a calendar on the command line (`token issue`, `share`, `unshare`): its path, or its
// name in the owner's home (the last path segment, else the display name).
#include <optional>
#include <string>
#include <vector>

#include "gateway/store/sqlite_store.h"

namespace calbridge::cli {

// The calendars directly in the user's home.
std::vector<caldav::Collection> calendars_of(store::SqliteStore& db, const std::string& user);

// A path ("/dav/calendars/alice/work/", slash optional) inside the user's home, or a name there.
std::optional<caldav::Collection> find_calendar(store::SqliteStore& db, const std::string& user,
                                                const std::string& wanted);

// "\n  /dav/calendars/alice/work/" per calendar of the user, or " none": for error messages.
std::string calendar_list(store::SqliteStore& db, const std::string& user);

}  // namespace calbridge::cli
