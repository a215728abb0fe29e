#pragma once
// Restoring the version a conflict kept aside (issue 5 item 3: "a conflict record the user can
// see and restore"). The kept text becomes the local object again, written like a client's edit,
// so the next bridge cycle pushes it to the remote (and the import, for import conflicts, sees a
// client's edit). The conflict is marked resolved in the same step.
#include <cstdint>
#include <string>

#include "gateway/store/sqlite_store.h"

namespace calbridge::sync {

struct RestoreResult {
    bool ok = false;
    std::string path;     // the object written
    std::string message;  // why not, when !ok
};

// Writes conflict `id`'s kept version at the path of its UID in its collection (or a new path
// named after the UID), with the spans of a CalDAV PUT, and resolves the conflict. A conflict
// whose kept version is empty (a deletion) removes the object instead. Refused while the
// collection is read-only (a pair's remote folder may only be read, Collection::read_only).
RestoreResult restore_conflict(store::SqliteStore& store, std::int64_t id);

}  // namespace calbridge::sync
