// The EWS adapter against the stand-in: the fixture OST goes PST -> gateway iCalendar -> CreateItem
// -> SyncFolderItems + GetItem -> gateway iCalendar and comes back unchanged (issue 5 item 2, with
// a real server in the middle instead of a simulated GetItem), in the round trips the adapter
// promises; conflicts, read-only calendars, lost sync states and lookups by UID.
#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <set>

#include "ews/operations/folders.h"
#include "ews_bridge_fixture.h"
#include "unit/ews_convert/ews_convert_support.h"

using namespace calbridge;
using namespace calbridge::ews_bridge_test;

namespace {

std::vector<std::string> icals_of(const std::vector<FixtureObject>& objects) {
    std::vector<std::string> out;
    for (const auto& o : objects) out.push_back(o.ics);
    return out;
}

const char* kWeeklyBerlin =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:weekly-berlin@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20240304T100000\r\nDTEND;TZID=Europe/Berlin:20240304T110000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=8;BYDAY=MO\r\nEXDATE;TZID=Europe/Berlin:20240318T100000\r\n"
    "SUMMARY:Team meeting\r\nLOCATION:Room 1\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly-berlin@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
    "RECURRENCE-ID;TZID=Europe/Berlin:20240401T100000\r\n"
    "DTSTART;TZID=Europe/Berlin:20240402T150000\r\nDTEND;TZID=Europe/Berlin:20240402T160000\r\n"
    "SUMMARY:Team meeting (moved after the DST change)\r\nLOCATION:Room 1\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

std::string single_event(const std::string& uid, const std::string& summary) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240610T090000Z\r\nDTEND:20240610T093000Z\r\nSUMMARY:" + summary +
           "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

}  // namespace

TEST_CASE("EWS adapter: the fixture OST through the stand-in comes back unchanged", "[ews_bridge][fixture]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    const auto& objects = fixture_objects();
    REQUIRE(objects.size() > 100);

    const auto created = remote->create(icals_of(objects));
    REQUIRE(created.size() == objects.size());
    for (std::size_t i = 0; i < created.size(); ++i) {
        INFO(objects[i].origin << ": " << created[i].message);
        CHECK(created[i].ok());
    }
    // 100 items per CreateItem; the fixture has no modified or deleted occurrences.
    CHECK(fx.requests("CreateItem") == (objects.size() + 99) / 100);

    const std::uint64_t before = fx.total_requests();
    const sync::RemoteChanges listed = all_changes(*remote);
    const std::uint64_t round_trips = fx.total_requests() - before;
    CHECK(listed.upserts.size() == objects.size());
    CHECK(listed.removed_ids.empty());
    // N/512 SyncFolderItems pages + N/250 GetItems + one GetAttachment per page (+1 for
    // modified occurrences, none here).
    CHECK(round_trips <= 2 * ((objects.size() + 511) / 512) + (objects.size() + 249) / 250);

    std::map<std::string, const sync::RemoteItem*> by_uid;
    for (const auto& item : listed.upserts) by_uid[item.uid] = &item;
    std::size_t unchanged = 0, foreign_organizer = 0;
    std::string report;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const FixtureObject& o = objects[i];
        INFO(o.origin);
        const auto it = by_uid.find(o.uid);
        REQUIRE(it != by_uid.end());
        CHECK(it->second->ref == *created[i].ref);  // SyncFolderItems names what CreateItem returned
        const auto diff = ews_test::diff_lines(ews_test::normalize_ics(o.ics), ews_test::normalize_ics(it->second->ical));
        if (diff.empty()) {
            ++unchanged;
            continue;
        }
        // Exchange makes the mailbox owner the organizer of what CreateItem stores (EWS's
        // Organizer is read-only): the OST's Google invitations come back organized by the owner.
        bool only_organizer = true;
        for (const auto& d : diff) only_organizer = only_organizer && d.find("|ORGANIZER") != std::string::npos;
        if (only_organizer && !o.organizer_email.empty()) {
            ++foreign_organizer;
            continue;
        }
        report += o.origin + "\n";
        for (const auto& d : diff) report += "  " + d.substr(0, 200) + "\n";
    }
    std::cout << "EWS adapter round trip through the stand-in: " << unchanged << " of " << objects.size()
              << " unchanged, " << foreign_organizer << " differ only by ORGANIZER; listing took " << round_trips
              << " round trips; " << fx.total_requests() << " EWS requests validated against the schema, "
              << fx.invalid_messages() << " invalid\n"
              << report;
    CHECK(report.empty());
    CHECK(unchanged + foreign_organizer == objects.size());
    CHECK(fx.invalid_messages() == 0);

    SECTION("items at a version the engine knows are listed, not fetched") {
        std::map<std::string, std::string> versions;
        for (const auto& item : listed.upserts) versions[item.ref.id] = item.ref.version;
        const auto gets = fx.requests("GetItem");
        const sync::RemoteChanges again = all_changes(*remote, "", [&](std::string_view id) -> std::optional<std::string> {
            const auto v = versions.find(std::string(id));
            if (v == versions.end()) return std::nullopt;
            return v->second;
        });
        CHECK(again.upserts.empty());
        CHECK(again.unchanged.size() == objects.size());
        CHECK(fx.requests("GetItem") == gets);
    }

    SECTION("every UID is found in one FindItem per 100 UIDs, an unknown one is not") {
        std::vector<std::string> uids;
        for (const auto& o : objects) uids.push_back(o.uid);
        uids.push_back("never-created@example.com");
        const auto finds = fx.requests("FindItem");
        const auto found = remote->find_by_uid(uids);
        REQUIRE(found.size() == uids.size());
        for (std::size_t i = 0; i < objects.size(); ++i) {
            INFO(objects[i].origin);
            REQUIRE(found[i]);
            CHECK(found[i]->uid == objects[i].uid);
            CHECK(found[i]->ref == *created[i].ref);
        }
        CHECK_FALSE(found.back());
        CHECK(fx.requests("FindItem") - finds == (uids.size() + 99) / 100);
    }

    SECTION("an incremental listing after one change costs at most 3 round trips") {
        const std::string state = listed.state;
        sync::RemoteUpdate u{*created[0].ref, objects[0].ics};
        const std::string marker = "SUMMARY:Edited through the adapter";
        const auto pos = u.ical.find("SUMMARY:");
        REQUIRE(pos != std::string::npos);
        u.ical.replace(pos, u.ical.find("\r\n", pos) - pos, marker);
        const auto updated = remote->update(std::span(&u, 1));
        REQUIRE(updated[0].ok());
        CHECK(updated[0].ref->id == created[0].ref->id);
        CHECK(updated[0].ref->version != created[0].ref->version);
        const auto start = fx.total_requests();
        const sync::RemoteChanges delta = all_changes(*remote, state);
        CHECK(fx.total_requests() - start <= 3);
        REQUIRE(delta.upserts.size() == 1);
        CHECK(delta.upserts[0].uid == objects[0].uid);
        CHECK(delta.upserts[0].ical.find(marker) != std::string::npos);
    }
}

TEST_CASE("EWS adapter: a weekly series with a moved and a deleted occurrence survives the stand-in",
          "[ews_bridge][recurrence]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    const auto created = remote->create(std::vector<std::string>{kWeeklyBerlin});
    REQUIRE(created[0].ok());
    const sync::RemoteChanges listed = all_changes(*remote);
    REQUIRE(listed.upserts.size() == 1);
    CHECK(listed.upserts[0].ref == *created[0].ref);  // the version after the occurrence writes
    // A client's event comes back with what MS-OXCICAL writes for every Outlook item (its
    // defaults made explicit); nothing else may differ, in the master or the moved occurrence.
    const auto diff = ews_test::diff_lines(ews_test::normalize_ics(kWeeklyBerlin),
                                           ews_test::normalize_ics(listed.upserts[0].ical));
    const std::set<std::string> defaults = {"CLASS:PUBLIC", "PRIORITY:5", "TRANSP:OPAQUE",
                                            "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"};
    int added_defaults = 0;
    for (const auto& d : diff) {
        INFO(d);
        const std::string property = d.substr(d.find('|') + 1);
        CHECK(d[0] == '+');
        CHECK(defaults.count(property) == 1);
        added_defaults += defaults.count(property) == 1;
    }
    CHECK(added_defaults == 10);
    // And that form is a fixed point: written again, it comes back as it is.
    sync::RemoteUpdate again{listed.upserts[0].ref, listed.upserts[0].ical};
    const auto rewritten = remote->update(std::span(&again, 1));
    REQUIRE(rewritten[0].ok());
    const sync::RemoteChanges relisted = all_changes(*remote);
    REQUIRE(relisted.upserts.size() == 1);
    CHECK(relisted.upserts[0].ref == *rewritten[0].ref);
    const auto second = ews_test::diff_lines(ews_test::normalize_ics(listed.upserts[0].ical),
                                             ews_test::normalize_ics(relisted.upserts[0].ical));
    for (const auto& d : second) UNSCOPED_INFO(d);
    CHECK(second.empty());
    CHECK(fx.invalid_messages() == 0);
}

TEST_CASE("EWS adapter: an outdated version is a conflict, never an overwrite", "[ews_bridge][conflict]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    const auto created = remote->create(std::vector<std::string>{single_event("conflict@example.com", "Original")});
    REQUIRE(created[0].ok());
    REQUIRE(fx.standin.touch_item(created[0].ref->id));  // a colleague edits it in Outlook
    sync::RemoteUpdate u{*created[0].ref, single_event("conflict@example.com", "Mine")};
    const auto outcome = remote->update(std::span(&u, 1));
    REQUIRE_FALSE(outcome[0].ok());
    CHECK(outcome[0].error == sync::RemoteErrorKind::conflict);
    const auto found = remote->find_by_uid(std::vector<std::string>{"conflict@example.com"});
    REQUIRE(found[0]);
    CHECK(found[0]->ical.find("SUMMARY:Original") != std::string::npos);
}

TEST_CASE("EWS adapter: deleting is idempotent", "[ews_bridge][delete]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    const auto created = remote->create(std::vector<std::string>{single_event("gone@example.com", "Gone")});
    REQUIRE(created[0].ok());
    const sync::RemoteChanges before = all_changes(*remote);
    CHECK(remote->remove(std::span(&*created[0].ref, 1))[0].ok());
    CHECK(remote->remove(std::span(&*created[0].ref, 1))[0].ok());  // not_found counts as done
    const sync::RemoteChanges after = all_changes(*remote, before.state);
    REQUIRE(after.removed_ids.size() == 1);
    CHECK(after.removed_ids[0] == created[0].ref->id);
}

TEST_CASE("EWS adapter: a forgotten sync state asks for a resync", "[ews_bridge][sync_state]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    REQUIRE(remote->create(std::vector<std::string>{single_event("state@example.com", "S")})[0].ok());
    const sync::RemoteChanges listed = all_changes(*remote);
    fx.standin.invalidate_sync_states();
    try {
        remote->changes(listed.state, {});
        FAIL("no error for an invalidated sync state");
    } catch (const sync::RemoteError& e) {
        CHECK(e.kind() == sync::RemoteErrorKind::invalid_sync_state);
    }
    CHECK(all_changes(*remote).upserts.size() == 1);
}

TEST_CASE("EWS adapter: a calendar shared read-only says so and refuses writes", "[ews_bridge][read_only]") {
    StandinFixture fx;
    auto shared = fx.calendar(ews::FolderRef::distinguished("calendar", kBob));
    CHECK_FALSE(shared->capabilities().can_write);
    CHECK(fx.calendar()->capabilities().can_write);
    const auto outcome = shared->create(std::vector<std::string>{single_event("ro@example.com", "No")});
    REQUIRE_FALSE(outcome[0].ok());
    CHECK(outcome[0].error == sync::RemoteErrorKind::access_denied);
}

TEST_CASE("EWS GetFolder: EffectiveRights of a read-only folder, a shared one and a writable one",
          "[ews_bridge][read_only]") {
    // types.xsd EffectiveRightsType; the stand-in's answers are checked against the schema.
    StandinFixture fx;
    ews::EwsClient client(fx.client_options());
    const auto own = ews::get_folder(client, ews::FolderRef::distinguished("calendar"));
    CHECK(own.can_read);
    CHECK(own.can_create);
    CHECK(own.can_modify);
    CHECK(own.can_delete);
    const auto shared = ews::get_folder(client, ews::FolderRef::distinguished("calendar", kBob));
    CHECK(shared.can_read);
    CHECK_FALSE(shared.can_create);
    CHECK_FALSE(shared.can_modify);
    CHECK_FALSE(shared.can_delete);
    REQUIRE(fx.standin.set_folder_read_only(kAlice, "calendar", true));
    const auto locked = ews::get_folder(client, ews::FolderRef::distinguished("calendar"));
    CHECK(locked.can_read);
    CHECK_FALSE(locked.can_create);
    CHECK_FALSE(locked.can_modify);
    CHECK_FALSE(locked.can_delete);
    CHECK_FALSE(fx.calendar()->capabilities().can_write);
    REQUIRE(fx.standin.set_folder_read_only(kAlice, "calendar", false));
    CHECK(fx.calendar()->capabilities().can_write);
    CHECK(fx.invalid_messages() == 0);
}

TEST_CASE("EWS adapter: throttling is waited out, a longer outage stops with busy", "[ews_bridge][faults]") {
    StandinFixture fx;
    auto remote = fx.calendar();
    REQUIRE(remote->create(std::vector<std::string>{single_event("busy@example.com", "B")})[0].ok());
    fx.standin.faults().throttle_next(1, 20, "SyncFolderItems");
    CHECK(all_changes(*remote).upserts.size() == 1);
    fx.standin.faults().throttle_next(10, 20, "SyncFolderItems");
    try {
        remote->changes("", {});
        FAIL("no error after repeated ErrorServerBusy");
    } catch (const sync::RemoteError& e) {
        CHECK(e.kind() == sync::RemoteErrorKind::busy);
        CHECK(e.retry_after_ms() == 20);
    }
    fx.standin.faults().clear();
    fx.standin.faults().http_503_next(1, 1, "GetItem");
    CHECK(all_changes(*remote).upserts.size() == 1);
}
