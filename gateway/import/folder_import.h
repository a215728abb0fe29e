#pragma once
// Applies a calendar folder of a source file to its calendar collection (issue 4 item 2): every
// UID of the file, of the ledger, is decided by import_decision.h and written through the
// store's atomic import writes (object + ledger row in one transaction, guarded by If-Match /
// If-None-Match so a client's concurrent edit is never overwritten).
#include <cstdint>
#include <string>
#include <vector>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::import {

// One item of the folder, converted and validated (uid and spans from validate_calendar_object).
struct IncomingObject {
    std::string uid;
    std::string data;                     // the VCALENDAR text (calendar_object_text.h)
    std::vector<caldav::TimeSpan> spans;  // time-range index entries
    std::int64_t last_modified = 0;       // of the source item: decides between duplicate UIDs
    std::string origin;                   // where it came from, for messages
};

struct ImportSummary {
    std::int64_t created = 0;
    std::int64_t updated = 0;     // including objects adopted into the ledger
    std::int64_t unchanged = 0;
    std::int64_t removed = 0;
    std::int64_t conflicts = 0;   // newly recorded
    std::int64_t skipped = 0;     // duplicate UIDs, items that could not be written
    std::int64_t kept_local = 0;  // client edits or deletions kept (the file did not change them)
    std::int64_t withheld = 0;    // removals not done because the file was not read completely

    ImportSummary& operator+=(const ImportSummary& o);
    // The counts `calbridge status` shows (kept_local counts as unchanged there).
    store::ImportCounts counts() const;
};

struct FolderImportOptions {
    // The folder was read completely; false withholds every removal (an unreadable item is not a
    // deleted item).
    bool source_complete = true;
    // Conflicts name their source, "import:<file>".
    std::string conflict_source;
};

// items may hold a UID twice (the most recently modified is kept). Throws StoreError on
// storage failures; precondition failures from concurrent client writes are decided again.
ImportSummary import_folder(store::SqliteStore& store, const caldav::Collection& calendar,
                            std::vector<IncomingObject> items, const FolderImportOptions& options);

}  // namespace calbridge::import
