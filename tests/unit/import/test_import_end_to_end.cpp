// `calbridge import` on the bundled OST (tests/data/outlook-com-calendar.ost: Calendar 9 items,
// Calendar/United States holidays 160, Calendar/Birthdays 0), then re-imports against a store
// that clients changed in between (issue 4 item 2). Client edits are made through SqliteStore;
// "changed in the file" is simulated by SQL on the temporary store: the ledger row's
// fingerprint is set to a value no conversion produces, so the file's item differs from what
// the last import recorded.
#include "import_test_support.h"

#include <algorithm>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/import/import_decision.h"

using namespace importtest;
using calbridge::caldav::ObjectWrite;
using calbridge::caldav::Precondition;
using calbridge::caldav::WriteStatus;

namespace {

// Rewrites the SUMMARY of an object as a CalDAV client would (If-Match on its etag).
std::string client_edit(SqliteStore& store, const std::string& path, const std::string& note) {
    auto object = store.object(path);
    REQUIRE(object);
    std::string data = object->data;
    const std::size_t at = data.find("\r\nSUMMARY:");
    REQUIRE(at != std::string::npos);
    data.insert(at + 10, note);
    auto valid = calbridge::caldav::validate_calendar_object(data);
    REQUIRE(valid);
    auto r = store.put_object(ObjectWrite{path, data, "text/calendar; charset=utf-8", valid.object->uid,
                                          valid.object->spans},
                              Precondition{{object->info.etag}, false});
    REQUIRE(r.status == WriteStatus::replaced);
    return r.etag;
}

// The first object of a calendar whose data has a SUMMARY, skipping the paths in `except`.
std::string object_with_summary(SqliteStore& store, const std::string& calendar,
                                const std::vector<std::string>& except = {}) {
    auto c = store.collection(calendar);
    REQUIRE(c);
    for (const auto& o : store.objects_with_data(c->id))
        if (o.data.find("\r\nSUMMARY:") != std::string::npos &&
            std::find(except.begin(), except.end(), o.info.path) == except.end())
            return o.info.path;
    FAIL("no object with a SUMMARY in " << calendar);
    return {};
}

std::size_t open_conflicts(SqliteStore& store, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& c : store.open_conflicts()) n += c.kind == kind;
    return n;
}

}  // namespace

TEST_CASE("import creates one calendar per folder with every item, a re-import writes nothing", "[import][e2e]") {
    ImportFixture fx("first");
    Run first = fx.import(ost_path());
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    Totals t = totals(first.output);
    CHECK(t.created == 169);
    CHECK(t.updated == 0);
    CHECK(t.removed == 0);
    CHECK(t.conflicts == 0);
    CHECK(t.skipped == 0);

    std::map<std::string, std::string> before;
    std::map<std::string, std::int64_t> seq_before;
    {
        SqliteStore store(fx.db());
        std::vector<std::string> calendars;
        for (const auto& c : store.child_collections(kHome))
            if (c.kind == calbridge::caldav::CollectionKind::calendar) calendars.push_back(c.path);
        CHECK(calendars.size() == 3);
        CHECK(object_count(store, kCalendar) == 9);
        CHECK(object_count(store, kHolidays) == 160);
        CHECK(object_count(store, kBirthdays) == 0);
        auto holidays = store.collection(kHolidays);
        REQUIRE(holidays);
        CHECK(holidays->props.display_name == "United States holidays");
        CHECK(store.import_ledger(holidays->id).size() == 160);
        // Every object is a valid calendar object whose UID is its ledger key.
        for (const auto& o : store.objects_with_data(holidays->id)) {
            auto valid = calbridge::caldav::validate_calendar_object(o.data);
            REQUIRE(valid);
            CHECK(valid.object->uid == o.info.uid);
        }
        for (const std::string& cal : {kCalendar, kHolidays, kBirthdays}) {
            for (auto& [path, etag] : etags(store, cal)) before[path] = etag;
            seq_before[cal] = store.collection(cal)->sync_seq;
        }
        CHECK(store.import_sources().size() == 3);
    }

    Run second = fx.import(ost_path());
    INFO(second.output);
    REQUIRE(second.exit_code == 0);
    t = totals(second.output);
    CHECK(t.created == 0);
    CHECK(t.updated == 0);
    CHECK(t.unchanged == 169);
    CHECK(t.removed == 0);
    CHECK(t.conflicts == 0);

    SqliteStore store(fx.db());
    std::map<std::string, std::string> after;
    for (const std::string& cal : {kCalendar, kHolidays, kBirthdays}) {
        for (auto& [path, etag] : etags(store, cal)) after[path] = etag;
        CHECK(store.collection(cal)->sync_seq == seq_before[cal]);  // no write at all
    }
    CHECK(after == before);
    CHECK(store.import_sources().size() == 3);  // the same sources, not new calendars
}

TEST_CASE("re-import keeps client edits and deletions, updates untouched items, records conflicts once",
          "[import][e2e]") {
    ImportFixture fx("conflicts");
    REQUIRE(fx.import(ost_path()).exit_code == 0);

    std::string edited, untouched, deleted;
    std::string edited_etag;
    {
        SqliteStore store(fx.db());
        edited = object_with_summary(store, kCalendar);
        untouched = object_with_summary(store, kCalendar, {edited});
        deleted = object_with_summary(store, kCalendar, {edited, untouched});
        edited_etag = client_edit(store, edited, "Edited by a client - ");
        REQUIRE(store.remove(deleted, {}).status == WriteStatus::deleted);
    }

    // The file did not change: the edit and the deletion are kept, nothing is recorded.
    Run r = fx.import(ost_path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    Totals t = totals(r.output);
    CHECK(t.created == 0);
    CHECK(t.updated == 0);
    CHECK(t.conflicts == 0);
    CHECK(t.unchanged == 167);
    {
        SqliteStore store(fx.db());
        auto o = store.object(edited);
        REQUIRE(o);
        CHECK(o->info.etag == edited_etag);
        CHECK(o->data.find("Edited by a client - ") != std::string::npos);
        CHECK_FALSE(store.object(deleted));  // not re-created
        CHECK(store.open_conflicts().empty());
    }

    // "Changed in the file" for the edited, the untouched and the deleted item.
    std::string untouched_etag;
    {
        SqliteStore store(fx.db());
        untouched_etag = store.object_info(untouched)->etag;
    }
    for (const std::string& path : {edited, untouched, deleted}) {
        const std::string uid = path.substr(kCalendar.size(), path.size() - kCalendar.size() - 4);
        run_sql(fx.db(), "UPDATE import_ledger SET fingerprint = 'older-version' WHERE uid = '" + uid + "'");
    }
    r = fx.import(ost_path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    t = totals(r.output);
    CHECK(t.updated == 1);    // the untouched one
    CHECK(t.conflicts == 2);  // both-changed, deleted-locally-changed-in-source
    CHECK(t.created == 0);
    {
        SqliteStore store(fx.db());
        CHECK(store.object_info(edited)->etag == edited_etag);  // the client's version stays
        CHECK(store.object_info(untouched)->etag != untouched_etag);
        CHECK_FALSE(store.object(deleted));
        CHECK(open_conflicts(store, std::string(calbridge::import::kBothChanged)) == 1);
        CHECK(open_conflicts(store, std::string(calbridge::import::kDeletedLocallyChangedInSource)) == 1);
        for (const auto& c : store.open_conflicts()) {
            CHECK(c.collection_path == kCalendar);
            CHECK_FALSE(c.incoming_data.empty());  // the version that was not applied
        }
    }

    // The same file again: no conflict is recorded twice.
    r = fx.import(ost_path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    t = totals(r.output);
    CHECK(t.conflicts == 0);
    CHECK(t.updated == 0);
    {
        SqliteStore store(fx.db());
        CHECK(store.open_conflicts().size() == 2);
    }

    Run status = fx.calbridge("status");
    INFO(status.output);
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.output, Catch::Contains("Integrity: ok"));
    CHECK_THAT(status.output, Catch::Contains("both-changed"));
    CHECK_THAT(status.output, Catch::Contains("deleted-locally-changed-in-source"));
}

TEST_CASE("items gone from the file: removed when untouched, kept with a conflict when edited", "[import][e2e]") {
    ImportFixture fx("removed");
    REQUIRE(fx.import(ost_path()).exit_code == 0);
    // Two objects that an earlier import of a larger file wrote (object + ledger row), no
    // longer in the file; a client edits the second.
    const std::string gone = kCalendar + "gone-from-file.ics";
    const std::string edited = kCalendar + "edited-then-gone.ics";
    {
        SqliteStore store(fx.db());
        for (const auto& [path, uid] : {std::pair{gone, "gone-from-file"}, std::pair{edited, "edited-then-gone"}}) {
            const std::string text = event_text(uid, "from an older file");
            auto valid = calbridge::caldav::validate_calendar_object(text);
            REQUIRE(valid);
            auto w = store.put_imported(ObjectWrite{path, text, "text/calendar", uid, valid.object->spans},
                                        Precondition{{}, true}, "fingerprint-of-older-file");
            REQUIRE(w.status == WriteStatus::created);
        }
        const std::string text = event_text("edited-then-gone", "edited by a client");
        auto valid = calbridge::caldav::validate_calendar_object(text);
        REQUIRE(store.put_object(ObjectWrite{edited, text, "text/calendar", "edited-then-gone", valid.object->spans},
                                 {}).status == WriteStatus::replaced);
    }
    Run r = fx.import(ost_path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    Totals t = totals(r.output);
    CHECK(t.removed == 1);
    CHECK(t.conflicts == 1);
    {
        SqliteStore store(fx.db());
        CHECK_FALSE(store.object(gone));
        REQUIRE(store.object(edited));
        CHECK(store.object(edited)->data.find("edited by a client") != std::string::npos);
        CHECK(open_conflicts(store, std::string(calbridge::import::kChangedLocallyRemovedFromSource)) == 1);
        CHECK(object_count(store, kCalendar) == 10);
    }
    r = fx.import(ost_path());
    INFO(r.output);
    t = totals(r.output);
    CHECK(t.removed == 0);
    CHECK(t.conflicts == 0);
    SqliteStore store(fx.db());
    CHECK(store.open_conflicts().size() == 1);
}

TEST_CASE("a UID a client created: adopted when identical, a conflict when different", "[import][e2e]") {
    ImportFixture fx("adopt");
    REQUIRE(fx.import(ost_path(), "--folder Calendar").exit_code == 0);
    // Simulate a client that created two holiday objects before the folder was imported: take
    // two imported holidays' texts from a scratch import into a second store.
    ImportFixture source("adopt-source");
    REQUIRE(source.import(ost_path(), "--folder \"Calendar/United States holidays\"").exit_code == 0);
    std::vector<calbridge::caldav::Object> originals;
    {
        SqliteStore src(source.db());
        auto c = src.collection(kHolidays);
        REQUIRE(c);
        originals = src.objects_with_data(c->id);
        REQUIRE(originals.size() == 160);
    }
    std::map<std::string, std::string> client_etags;   // path -> etag of the client's objects
    {
        SqliteStore store(fx.db());
        calbridge::caldav::CollectionPatch props;
        props.display_name = "Holidays made by a client";
        REQUIRE(store.make_collection(kHolidays, kUser, calbridge::caldav::CollectionKind::calendar, props).status ==
                WriteStatus::created);
        for (int i = 0; i < 2; ++i) {
            std::string data = originals[static_cast<std::size_t>(i)].data;
            if (i == 1) data.insert(data.find("\r\nSUMMARY:") + 10, "Client: ");
            auto valid = calbridge::caldav::validate_calendar_object(data);
            REQUIRE(valid);
            const std::string path = kHolidays + "client-" + std::to_string(i) + ".ics";
            const auto put = store.put_object(ObjectWrite{path, data, "text/calendar", valid.object->uid,
                                                          valid.object->spans},
                                              {{}, true});
            REQUIRE(put.status == WriteStatus::created);
            client_etags[path] = put.etag;
        }
    }
    const std::string identical = kHolidays + "client-0.ics", different = kHolidays + "client-1.ics";
    Run r = fx.import(ost_path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    Totals t = totals(r.output);
    CHECK(t.created == 158);  // the new holidays; the Calendar folder was imported already
    CHECK(t.updated == 1);    // the identical one, adopted
    CHECK(t.conflicts == 1);
    CHECK(t.unchanged == 9);
    {
        SqliteStore store(fx.db());
        CHECK(object_count(store, kHolidays) == 160);
        // 158 written, 1 adopted, and the row the created-locally conflict made (with no etag).
        const auto ledger = store.import_ledger(store.collection(kHolidays)->id);
        CHECK(ledger.size() == 160);
        CHECK(std::count_if(ledger.begin(), ledger.end(), [](const auto& e) { return e.etag.empty(); }) == 1);
        CHECK(store.object(different)->data.find("Client: ") != std::string::npos);
        CHECK(open_conflicts(store, std::string(calbridge::import::kCreatedLocally)) == 1);
        // Adopted, not rewritten: clients that hold the identical object do not fetch it again.
        CHECK(store.object_info(identical)->etag == client_etags[identical]);
        CHECK(store.object_info(different)->etag == client_etags[different]);
    }
    std::map<std::string, std::string> before_second;
    {
        SqliteStore store(fx.db());
        before_second = etags(store, kHolidays);
    }
    r = fx.import(ost_path());
    t = totals(r.output);
    CHECK(t.conflicts == 0);  // not twice
    CHECK(t.created == 0);
    CHECK(t.updated == 0);
    CHECK(t.unchanged == 169 - 1);
    {
        SqliteStore store(fx.db());
        CHECK(etags(store, kHolidays) == before_second);   // the second import wrote nothing
        CHECK(store.object_info(identical)->etag == client_etags[identical]);
        // The conflict wrote the ledger row: once it is resolved, the next import still knows the
        // item and records nothing again.
        for (const auto& c : store.open_conflicts()) REQUIRE(store.resolve_conflict(c.id));
    }
    r = fx.import(ost_path());
    INFO(r.output);
    t = totals(r.output);
    CHECK(t.conflicts == 0);
    CHECK(t.updated == 0);
    SqliteStore store(fx.db());
    CHECK(store.open_conflicts().empty());
    CHECK(etags(store, kHolidays) == before_second);
    CHECK(store.object(different)->data.find("Client: ") != std::string::npos);
}

TEST_CASE("a file read incompletely removes nothing (exit 3)", "[import][e2e][bad]") {
    ImportFixture fx("partial");
    REQUIRE(fx.import(ost_path()).exit_code == 0);
    std::vector<std::string> imported;
    {
        SqliteStore store(fx.db());
        for (const std::string& cal : {kCalendar, kHolidays})
            for (const auto& [path, etag] : etags(store, cal)) imported.push_back(path);
    }
    REQUIRE(imported.size() == 169);
    // Damaged copies as in tests/unit/cli (bytes flipped in item data); at least one must lose
    // items without losing the folder tree.
    bool partial_seen = false;
    for (std::size_t offset : {std::size_t{512} << 10, std::size_t{768} << 10, std::size_t{1024} << 10,
                               std::size_t{1280} << 10, std::size_t{1536} << 10, std::size_t{2048} << 10}) {
        auto bytes = ost_bytes();
        for (std::size_t i = offset; i < offset + 4096; ++i) bytes[i] = static_cast<char>(~bytes[i]);
        const fs::path input = fx.dir().file("damaged.ost");
        write_bytes(input, bytes);
        Run r = fx.import(input.string());
        INFO("offset " << offset << ": exit " << r.exit_code << "\n" << r.output.substr(0, 3000));
        CHECK_FALSE(r.crashed());
        if (r.exit_code != calbridge::cli::kExitPartial) continue;
        partial_seen = true;
        CHECK_THAT(r.output, Catch::Contains("nothing was removed"));
        CHECK(totals(r.output).removed == 0);
        SqliteStore store(fx.db());
        std::size_t still_there = 0;
        for (const std::string& path : imported) still_there += store.object_info(path).has_value();
        CHECK(still_there == imported.size());
    }
    CHECK(partial_seen);
}

TEST_CASE("another file with a folder of the same name gets its own calendar, and removes nothing",
          "[import][e2e]") {
    // An archive.pst and the mailbox's OST both have a "Calendar" folder with different items:
    // sharing one calendar would make every item of the first that the second lacks look "gone
    // from the file" and be removed.
    ImportFixture fx("two-files");
    Run first = fx.import(ost_path(), "--folder Calendar");
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    const fs::path other = fx.dir().file("archive.ost");
    fs::copy_file(ost_path(), other);
    Run second = fx.import(other.string(), "--folder Calendar");
    INFO(second.output);
    REQUIRE(second.exit_code == 0);
    CHECK(totals(second.output).removed == 0);
    CHECK(totals(second.output).created == 9);
    SqliteStore store(fx.db());
    CHECK(object_count(store, kCalendar) == 9);                  // the first file's calendar, untouched
    CHECK(object_count(store, kHome + "calendar-2/") == 9);      // the second file's own calendar
    // Importing the first file again still maps to its own calendar: nothing created or removed.
    Run again = fx.import(ost_path(), "--folder Calendar");
    CHECK(totals(again.output).unchanged == 9);
    CHECK(totals(again.output).created == 0);
}
