#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

TEST_CASE("put_imported writes the object and its ledger row together", "[import]") {
    StoreWithCalendar s;
    const auto w = event(kCal + "i.ics", "imp", "v1");
    const auto first = s.store.put_imported(w, if_none_match_any(), "fp-1");
    REQUIRE(first.status == WriteStatus::created);
    auto ledger = s.store.import_ledger(s.cal_id);
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].uid == "imp");
    CHECK(ledger[0].fingerprint == "fp-1");
    CHECK(ledger[0].etag == first.etag);
    CHECK(ledger[0].imported_at > 0);

    // A client edits the object: the next import's If-Match (the ledger's etag) fails, and
    // neither the object nor the ledger changes.
    const auto client = s.store.put_object(event(kCal + "i.ics", "imp", "client edit"), if_match(first.etag));
    REQUIRE(client.status == WriteStatus::replaced);
    const auto refused = s.store.put_imported(event(kCal + "i.ics", "imp", "v2"), if_match(first.etag), "fp-2");
    CHECK(refused.status == WriteStatus::precondition_failed);
    CHECK(s.store.object(kCal + "i.ics")->data.find("client edit") != std::string::npos);
    ledger = s.store.import_ledger(s.cal_id);
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].fingerprint == "fp-1");
    CHECK(ledger[0].etag == first.etag);

    // With the current etag the update goes through and the ledger follows.
    const auto updated = s.store.put_imported(event(kCal + "i.ics", "imp", "v2"), if_match(client.etag), "fp-2");
    REQUIRE(updated.status == WriteStatus::replaced);
    ledger = s.store.import_ledger(s.cal_id);
    CHECK(ledger[0].fingerprint == "fp-2");
    CHECK(ledger[0].etag == updated.etag);

    // A UID conflict leaves no ledger row behind.
    REQUIRE(s.store.put_object(event(kCal + "mine.ics", "mine", "x"), none()).status == WriteStatus::created);
    CHECK(s.store.put_imported(event(kCal + "other.ics", "mine", "y"), if_none_match_any(), "fp").status ==
          WriteStatus::uid_conflict);
    CHECK(s.store.import_ledger(s.cal_id).size() == 1);

    CHECK_THROWS_AS(s.store.put_imported(event(kCal + "n.ics", "", "x"), none(), "fp"), std::invalid_argument);
}

TEST_CASE("remove_imported removes object and ledger row atomically", "[import]") {
    StoreWithCalendar s;
    const auto put = s.store.put_imported(event(kCal + "r.ics", "r", "x"), none(), "fp");
    REQUIRE(put.status == WriteStatus::created);
    CHECK(s.store.remove_imported(kCal + "r.ics", if_match("stale")).status == WriteStatus::precondition_failed);
    CHECK(s.store.object_info(kCal + "r.ics"));
    CHECK(s.store.import_ledger(s.cal_id).size() == 1);
    CHECK(s.store.remove_imported(kCal + "r.ics", if_match(put.etag)).status == WriteStatus::deleted);
    CHECK_FALSE(s.store.object_info(kCal + "r.ics"));
    CHECK(s.store.import_ledger(s.cal_id).empty());
    CHECK(s.store.remove_imported(kCal + "r.ics", none()).status == WriteStatus::not_found);

    // A client deleted an imported object: its ledger row stays until forgotten.
    REQUIRE(s.store.put_imported(event(kCal + "d.ics", "d", "x"), none(), "fp").status == WriteStatus::created);
    REQUIRE(s.store.remove(kCal + "d.ics", none()).status == WriteStatus::deleted);
    CHECK(s.store.import_ledger(s.cal_id).size() == 1);
    CHECK(s.store.forget_imported(s.cal_id, "d"));
    CHECK_FALSE(s.store.forget_imported(s.cal_id, "d"));
    CHECK(s.store.import_ledger(s.cal_id).empty());
}

TEST_CASE("Conflicts are recorded with the incoming data and resolved", "[import][conflicts]") {
    StoreWithCalendar s;
    REQUIRE(s.store.put_imported(event(kCal + "c.ics", "c", "x"), none(), "fp-old").status == WriteStatus::created);
    NewConflict conflict{kCal, "c", "import:calendar.pst", "both-changed", "etag-local", std::string("BEGIN:\0X", 8)};
    const auto id = s.store.record_conflict(conflict, "fp-new");
    CHECK(s.store.import_ledger(s.cal_id)[0].fingerprint == "fp-new");
    const auto id2 = s.store.record_conflict({kCal, "gone", "import:calendar.pst", "deleted-locally-changed-in-source",
                                              "", "data"});
    CHECK(id2 != id);

    auto open = s.store.open_conflicts();
    REQUIRE(open.size() == 2);
    CHECK(open[0].id == id);
    CHECK(open[0].collection_path == kCal);
    CHECK(open[0].uid == "c");
    CHECK(open[0].source == "import:calendar.pst");
    CHECK(open[0].kind == "both-changed");
    CHECK(open[0].local_etag == "etag-local");
    CHECK(open[0].incoming_data == std::string("BEGIN:\0X", 8));
    CHECK(open[0].created_at > 0);
    CHECK_FALSE(open[0].resolved);

    CHECK(s.store.resolve_conflict(id));
    CHECK_FALSE(s.store.resolve_conflict(id));
    CHECK_FALSE(s.store.resolve_conflict(9999));
    open = s.store.open_conflicts();
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == id2);
    const auto resolved = s.store.conflict(id);
    REQUIRE(resolved);
    CHECK(resolved->resolved);
    CHECK_FALSE(s.store.conflict(9999));
}

TEST_CASE("Import sources are upserted per collection, file and folder", "[import][status]") {
    StoreWithCalendar s;
    CHECK_FALSE(s.store.record_import_source({"/nope/", "a.pst", "Calendar", 1, {}}));
    REQUIRE(s.store.record_import_source({kCal, "a.pst", "Top/Calendar", 100, {5, 0, 0, 0, 0}}));
    REQUIRE(s.store.record_import_source({kCal, "a.pst", "Top/Calendar", 200, {0, 1, 2, 3, 4}}));
    REQUIRE(s.store.record_import_source({kCal, "b.pst", "Calendar", 150, {7, 0, 0, 0, 0}}));
    const auto sources = s.store.import_sources();
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].source_file == "a.pst");
    CHECK(sources[0].folder_path == "Top/Calendar");
    CHECK(sources[0].collection_path == kCal);
    CHECK(sources[0].last_import_at == 200);
    CHECK(sources[0].counts.created == 0);
    CHECK(sources[0].counts.updated == 1);
    CHECK(sources[0].counts.removed == 2);
    CHECK(sources[0].counts.unchanged == 3);
    CHECK(sources[0].counts.conflicts == 4);
    CHECK(sources[1].counts.created == 7);
}

TEST_CASE("adopt_imported records a client's identical object without rewriting it", "[import][adopt]") {
    StoreWithCalendar s;
    const auto client = s.store.put_object(event(kCal + "client.ics", "same", "identical"), none());
    REQUIRE(client.status == WriteStatus::created);
    const auto seq = s.store.collection(kCal)->sync_seq;

    // A client edit in between: the precondition fails and nothing is recorded.
    CHECK(s.store.adopt_imported(kCal + "client.ics", if_match("stale"), "fp").status ==
          WriteStatus::precondition_failed);
    CHECK(s.store.import_ledger(s.cal_id).empty());

    const auto adopted = s.store.adopt_imported(kCal + "client.ics", if_match(client.etag), "fp");
    REQUIRE(adopted.status == WriteStatus::replaced);
    CHECK(adopted.etag == client.etag);
    CHECK(s.store.object_info(kCal + "client.ics")->etag == client.etag);   // not rewritten
    CHECK(s.store.collection(kCal)->sync_seq == seq);                       // no change for syncing clients
    const auto ledger = s.store.import_ledger(s.cal_id);
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].uid == "same");
    CHECK(ledger[0].fingerprint == "fp");
    CHECK(ledger[0].etag == client.etag);

    CHECK(s.store.adopt_imported(kCal + "missing.ics", none(), "fp").status == WriteStatus::not_found);
}

TEST_CASE("A conflict on a UID without a ledger row makes the row, with no etag", "[import][conflicts]") {
    // created-locally-differs-from-source: the next import must know the item, and must never take
    // the client's object for an untouched import (which it would update or remove).
    StoreWithCalendar s;
    REQUIRE(s.store.put_object(event(kCal + "mine.ics", "mine", "client's"), none()).status == WriteStatus::created);
    s.store.record_conflict({kCal, "mine", "import:calendar.pst", "created-locally-differs-from-source", "etag-local",
                             "incoming"},
                            "fp-incoming");
    auto ledger = s.store.import_ledger(s.cal_id);
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].uid == "mine");
    CHECK(ledger[0].fingerprint == "fp-incoming");
    CHECK(ledger[0].etag.empty());
    // An existing row keeps the etag its import wrote, only the fingerprint moves.
    const auto put = s.store.put_imported(event(kCal + "imp.ics", "imp", "x"), none(), "fp-1");
    s.store.record_conflict({kCal, "imp", "import:calendar.pst", "both-changed", "etag-local", "incoming"}, "fp-2");
    ledger = s.store.import_ledger(s.cal_id);
    REQUIRE(ledger.size() == 2);
    CHECK(ledger[0].uid == "imp");
    CHECK(ledger[0].fingerprint == "fp-2");
    CHECK(ledger[0].etag == put.etag);
}
