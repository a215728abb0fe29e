#include "gateway/import/import_decision.h"

namespace calbridge::import {

namespace {

Decision conflict(std::string_view kind, std::optional<std::string> ledger_fingerprint) {
    return {Action::conflict, kind, std::move(ledger_fingerprint)};
}

// The item is in the file.
Decision decide_present(const DecisionInput& in, const std::string& incoming) {
    if (!in.ledger) {
        if (!in.current_etag) return {Action::create, {}, {}};
        // The import did not write this object: a client created it with the same UID.
        if (in.current_identical_to_incoming) return {Action::adopt, {}, {}};
        // The conflict makes the ledger row (with no etag: the import wrote no version), so the
        // next import knows the item and does not report it again.
        return conflict(kCreatedLocally, incoming);
    }
    const bool source_changed = in.ledger->fingerprint != incoming;
    if (!in.current_etag) {
        // Deleted by a client: respect it; a changed source item is a conflict, not a re-creation.
        if (!source_changed) return {Action::keep_local, {}, {}};
        return conflict(kDeletedLocallyChangedInSource, incoming);
    }
    const bool client_changed = *in.current_etag != in.ledger->etag;
    if (!source_changed) return {client_changed ? Action::keep_local : Action::unchanged, {}, {}};
    if (!client_changed) return {Action::update, {}, {}};
    return conflict(kBothChanged, incoming);
}

// The item is not in the file (only UIDs with a ledger row or an object get here).
Decision decide_absent(const DecisionInput& in) {
    if (!in.ledger) return {in.current_etag ? Action::keep_local : Action::nothing, {}, {}};
    if (!in.source_complete) return {Action::withhold_removal, {}, {}};
    if (!in.current_etag) return {Action::forget, {}, {}};
    if (*in.current_etag == in.ledger->etag) return {Action::remove, {}, {}};
    // Edited by a client, removed from the source: keep it; reported once (kAbsentFingerprint).
    if (in.ledger->fingerprint == kAbsentFingerprint) return {Action::keep_local, {}, {}};
    return conflict(kChangedLocallyRemovedFromSource, std::string(kAbsentFingerprint));
}

}  // namespace

Decision decide(const DecisionInput& input) {
    return input.incoming_fingerprint ? decide_present(input, *input.incoming_fingerprint) : decide_absent(input);
}

const char* to_string(Action action) {
    switch (action) {
        case Action::create: return "create";
        case Action::update: return "update";
        case Action::remove: return "remove";
        case Action::adopt: return "adopt";
        case Action::unchanged: return "unchanged";
        case Action::keep_local: return "keep-local";
        case Action::conflict: return "conflict";
        case Action::forget: return "forget";
        case Action::withhold_removal: return "withhold-removal";
        case Action::nothing: return "nothing";
    }
    return "?";
}

}  // namespace calbridge::import
