#pragma once
// Which calendar collection of a user's home a source folder is imported into. The mapping is
// kept in the store's import sources, so once a folder has a calendar it keeps it, even if the
// slug rule (collection_naming.h) or the folder's display name changes later.
#include <optional>
#include <string>
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::import {

struct CalendarTarget {
    caldav::Collection calendar;
    bool created = false;  // made by this call
};

// The calendar of (source_file, folder_path) in user's home:
//  1. the one an earlier import of this folder used (same file preferred, else the same folder
//     path from another copy of the file), if it still exists;
//  2. else home + folder_slug + "/" when that is a calendar of the user not mapped to another
//     folder (e.g. the default "calendar" that `calbridge user add` creates);
//  3. else a new calendar there (or at "<slug>-2/", "-3/" ... when the name is taken), display
//     name = the folder's name, components VEVENT.
// The mapping is recorded at once (an import source with zero counts). nullopt when the user
// has no calendar home. Throws StoreError when the store fails.
std::optional<CalendarTarget> calendar_for_folder(store::SqliteStore& store, std::string_view user,
                                                  std::string_view source_file, std::string_view folder_path);

}  // namespace calbridge::import
