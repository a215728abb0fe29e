#pragma once
// What a re-import does with one UID of one calendar folder (issue 4 item 2), decided from three
// facts only, so the whole table is testable without a PST or a store:
//   - the ledger row: what the last import wrote (source fingerprint and the etag it produced),
//   - the object now in the collection (its etag), if any,
//   - the item in the file (its fingerprint), if any.
// A client's edit or deletion is never overwritten silently: it is kept, and when the source
// changed too, the incoming version is recorded as a conflict for `calbridge status`.
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::import {

// Fingerprint a ledger row takes when its item left the source while a client had edited the
// object (conflict changed-locally-removed-from-source): the source's state is "absent", so the
// next import of the same file does not report the conflict again.
inline constexpr std::string_view kAbsentFingerprint = "absent";

// Conflict kinds (stored in the store's conflicts table, shown by `calbridge status`).
inline constexpr std::string_view kBothChanged = "both-changed";
inline constexpr std::string_view kDeletedLocallyChangedInSource = "deleted-locally-changed-in-source";
inline constexpr std::string_view kChangedLocallyRemovedFromSource = "changed-locally-removed-from-source";
// The UID exists in the collection, written by a client, not by an import, with other content.
inline constexpr std::string_view kCreatedLocally = "created-locally-differs-from-source";

struct LedgerState {
    std::string fingerprint;  // of the source item at the last import (or kAbsentFingerprint)
    std::string etag;         // the etag that import's write produced
};

struct DecisionInput {
    std::optional<LedgerState> ledger;
    std::optional<std::string> current_etag;          // the object in the collection, if any
    std::optional<std::string> incoming_fingerprint;  // the item in the file, if any
    // Consulted only without a ledger row, when both an object and an item exist: the object's
    // bytes are the incoming ones (same fingerprint).
    bool current_identical_to_incoming = false;
    // The folder was read completely. When false, an item missing from the file may just be
    // unreadable: nothing is removed (an unreadable item is not a deleted item).
    bool source_complete = true;
};

enum class Action {
    create,             // new in the file: write with If-None-Match: *, ledger row in the same transaction
    update,             // changed in the file, untouched since: write with If-Match: ledger etag
    remove,             // gone from the file, untouched since: delete with If-Match: ledger etag
    adopt,              // identical object written by a client: take it into the ledger, unwritten
    unchanged,          // same in the file and in the collection: no write
    keep_local,         // a client edited or deleted it and the file did not change: nothing to do
    conflict,           // both sides changed: keep the client's version, record the incoming one
    forget,             // gone from both: drop the ledger row
    withhold_removal,   // gone from an incompletely read file: keep it
    nothing,            // no row, no object, no item (cannot happen for a real UID)
};

struct Decision {
    Action action = Action::nothing;
    std::string_view conflict_kind;  // set for Action::conflict
    // For Action::conflict: the fingerprint the ledger row takes (made when there is none) so the
    // same conflict is not reported by the next import.
    std::optional<std::string> ledger_fingerprint;
};

Decision decide(const DecisionInput& input);

const char* to_string(Action action);

}  // namespace calbridge::import
