// The decision table of a re-import (issue 4 item 2), one case per row, without a PST or a store.
#include <catch2/catch.hpp>

#include "gateway/import/import_decision.h"

using namespace calbridge::import;

namespace {

DecisionInput with(std::optional<LedgerState> ledger, std::optional<std::string> current,
                   std::optional<std::string> incoming) {
    DecisionInput in;
    in.ledger = std::move(ledger);
    in.current_etag = std::move(current);
    in.incoming_fingerprint = std::move(incoming);
    return in;
}

const LedgerState kImported{"fp-1", "etag-1"};

}  // namespace

TEST_CASE("new in the file: create", "[import][decision]") {
    const Decision d = decide(with(std::nullopt, std::nullopt, "fp-1"));
    CHECK(d.action == Action::create);
    CHECK(d.conflict_kind.empty());
}

TEST_CASE("unchanged in the file and untouched: no write", "[import][decision]") {
    CHECK(decide(with(kImported, "etag-1", "fp-1")).action == Action::unchanged);
}

TEST_CASE("changed in the file, untouched by clients: update", "[import][decision]") {
    CHECK(decide(with(kImported, "etag-1", "fp-2")).action == Action::update);
}

TEST_CASE("changed in the file and edited by a client: conflict both-changed, ledger takes the new fingerprint",
          "[import][decision]") {
    const Decision d = decide(with(kImported, "etag-client", "fp-2"));
    CHECK(d.action == Action::conflict);
    CHECK(d.conflict_kind == kBothChanged);
    REQUIRE(d.ledger_fingerprint);
    CHECK(*d.ledger_fingerprint == "fp-2");
}

TEST_CASE("edited by a client, unchanged in the file: the edit is kept, nothing recorded", "[import][decision]") {
    const Decision d = decide(with(kImported, "etag-client", "fp-1"));
    CHECK(d.action == Action::keep_local);
    CHECK(d.conflict_kind.empty());
}

TEST_CASE("deleted by a client, unchanged in the file: the deletion is respected", "[import][decision]") {
    CHECK(decide(with(kImported, std::nullopt, "fp-1")).action == Action::keep_local);
}

TEST_CASE("deleted by a client, changed in the file: conflict, not re-created", "[import][decision]") {
    const Decision d = decide(with(kImported, std::nullopt, "fp-2"));
    CHECK(d.action == Action::conflict);
    CHECK(d.conflict_kind == kDeletedLocallyChangedInSource);
    REQUIRE(d.ledger_fingerprint);
    CHECK(*d.ledger_fingerprint == "fp-2");
}

TEST_CASE("gone from the file, untouched: removed", "[import][decision]") {
    CHECK(decide(with(kImported, "etag-1", std::nullopt)).action == Action::remove);
}

TEST_CASE("gone from the file, edited by a client: conflict, kept, reported once", "[import][decision]") {
    const Decision d = decide(with(kImported, "etag-client", std::nullopt));
    CHECK(d.action == Action::conflict);
    CHECK(d.conflict_kind == kChangedLocallyRemovedFromSource);
    REQUIRE(d.ledger_fingerprint);
    CHECK(*d.ledger_fingerprint == kAbsentFingerprint);
    // The next import sees the ledger row that conflict left behind: nothing more to report.
    const Decision again = decide(with(LedgerState{std::string(kAbsentFingerprint), "etag-1"}, "etag-client", std::nullopt));
    CHECK(again.action == Action::keep_local);
}

TEST_CASE("gone from both the file and the collection: the ledger row is dropped", "[import][decision]") {
    CHECK(decide(with(kImported, std::nullopt, std::nullopt)).action == Action::forget);
}

TEST_CASE("gone from a file read incompletely: nothing is removed", "[import][decision]") {
    DecisionInput in = with(kImported, "etag-1", std::nullopt);
    in.source_complete = false;
    CHECK(decide(in).action == Action::withhold_removal);
    in.current_etag = "etag-client";
    CHECK(decide(in).action == Action::withhold_removal);
    // Items that are in the file are still imported normally.
    DecisionInput present = with(kImported, "etag-1", "fp-2");
    present.source_complete = false;
    CHECK(decide(present).action == Action::update);
}

TEST_CASE("same UID created by a client, identical: adopted into the ledger", "[import][decision]") {
    DecisionInput in = with(std::nullopt, "etag-client", "fp-1");
    in.current_identical_to_incoming = true;
    CHECK(decide(in).action == Action::adopt);
}

TEST_CASE("same UID created by a client, different: conflict, the client's kept", "[import][decision]") {
    const Decision d = decide(with(std::nullopt, "etag-client", "fp-1"));
    CHECK(d.action == Action::conflict);
    CHECK(d.conflict_kind == kCreatedLocally);
    // The conflict makes the ledger row at the incoming fingerprint (the store gives it no etag).
    REQUIRE(d.ledger_fingerprint);
    CHECK(*d.ledger_fingerprint == "fp-1");
}

TEST_CASE("after a created-locally conflict the client's object is never overwritten or removed",
          "[import][decision]") {
    // The row that conflict left: the incoming fingerprint, no etag (the import wrote nothing).
    const LedgerState recorded{"fp-1", ""};
    // The same file again: quiet.
    CHECK(decide(with(recorded, "etag-client", "fp-1")).action == Action::keep_local);
    // The item changed in the file: a conflict again, not an update over the client's object.
    const Decision changed = decide(with(recorded, "etag-client", "fp-2"));
    CHECK(changed.action == Action::conflict);
    CHECK(changed.conflict_kind == kBothChanged);
    // The item left the file: the client's object is kept (reported once), not removed.
    const Decision gone = decide(with(recorded, "etag-client", std::nullopt));
    CHECK(gone.action == Action::conflict);
    CHECK(gone.conflict_kind == kChangedLocallyRemovedFromSource);
}

TEST_CASE("an object a client created that was never in the file: left alone", "[import][decision]") {
    CHECK(decide(with(std::nullopt, "etag-client", std::nullopt)).action == Action::keep_local);
}

TEST_CASE("a conflict recorded by the last import is not reported again when nothing changed", "[import][decision]") {
    // both-changed left the ledger at the incoming fingerprint: the same file again is quiet.
    CHECK(decide(with(LedgerState{"fp-2", "etag-1"}, "etag-client", "fp-2")).action == Action::keep_local);
    // deleted-locally-changed-in-source likewise.
    CHECK(decide(with(LedgerState{"fp-2", "etag-1"}, std::nullopt, "fp-2")).action == Action::keep_local);
    // A newer change in the file after that is a new conflict.
    CHECK(decide(with(LedgerState{"fp-2", "etag-1"}, "etag-client", "fp-3")).action == Action::conflict);
}

TEST_CASE("an item back in the file after a removal conflict: a both-changed conflict", "[import][decision]") {
    const Decision d = decide(with(LedgerState{std::string(kAbsentFingerprint), "etag-1"}, "etag-client", "fp-1"));
    CHECK(d.action == Action::conflict);
    CHECK(d.conflict_kind == kBothChanged);
}
