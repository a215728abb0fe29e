// The bridge end to end in one process (issue 5, "Fault tests"): the real engine, the real EWS
// adapter and client, the Exchange stand-in and a temporary store. Each case injects one kind of
// fault the stand-in offers and checks that the cycles converge: both sides hold the same UIDs
// once each, with the same SUMMARY, and every user edit not superseded by a later one is there.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "bridge_standin_world.h"

using namespace calbridge;
using namespace calbridge::ews_bridge_test;

namespace {

// 20 single events (every 4th a meeting with attendees) and 10 weekly series with a moved and a
// deleted occurrence, written locally and pushed.
void seed(BridgeWorld& w, int singles = 20, int series = 10) {
    for (int i = 0; i < singles; ++i) w.put_local(single_event(i, i % 4 == 0));
    for (int i = 0; i < series; ++i) w.put_local(weekly_series(i));
    w.check_converged();
}

std::uint64_t faults_injected(BridgeWorld& w, const std::string& operation) {
    const auto stats = w.fx.standin.stats();
    const auto it = stats.operations.find(operation);
    return it == stats.operations.end() ? 0 : it->second.faults_injected;
}

}  // namespace

TEST_CASE("bridge with the stand-in: 30 local events pushed, a colleague's edits pulled", "[ews_bridge][bridge_e2e]") {
    BridgeWorld w;
    seed(w);
    // What Exchange holds: 30 items, the series with their moved and deleted occurrence, the
    // meetings with their attendees.
    const auto items = w.fx.standin.items(kAlice);
    REQUIRE(items.size() == 30);
    int series = 0;
    for (const auto& item : items) {
        if (!item.recurring) continue;
        ++series;
        CHECK(item.exceptions == 1);
        CHECK(item.deleted_occurrences == 1);
    }
    CHECK(series == 10);
    const auto meeting = w.remote(single_uid(4));
    REQUIRE(meeting);
    std::string flat = meeting->ical;  // unfolded (RFC 5545 3.1)
    for (std::size_t at; (at = flat.find("\r\n ")) != std::string::npos;) flat.erase(at, 3);
    INFO(flat);
    CHECK(flat.find("ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT") != std::string::npos);
    CHECK(flat.find("mailto:bob@example.com") != std::string::npos);
    CHECK(flat.find("ATTENDEE;CN=Carol;ROLE=OPT-PARTICIPANT") != std::string::npos);
    CHECK(flat.find("mailto:carol@example.com") != std::string::npos);

    // A colleague edits, creates and deletes in Outlook.
    w.colleague_edit(single_uid(1), "SUMMARY", "Single 1 renamed by a colleague");
    w.colleague_edit(single_uid(8), "SUMMARY", "Meeting 8 renamed by a colleague");
    w.colleague_edit(series_uid(2), "SUMMARY", "Series 2 renamed by a colleague");
    w.colleague_create(single_event(40));
    w.colleague_create(weekly_series(41));
    w.colleague_delete(single_uid(3));
    w.colleague_delete(series_uid(5));
    const sync::SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.local.created == 2);
    CHECK(r.local.updated == 3);
    CHECK(r.local.deleted == 2);
    CHECK(r.pushed() == 0);
    w.check_converged();
    // The series the colleague made keeps its exceptions through the pull.
    const auto pulled = w.local(series_uid(41));
    REQUIRE(pulled);
    CHECK(pulled->find("RECURRENCE-ID") != std::string::npos);
    CHECK(pulled->find("EXDATE") != std::string::npos);

    // And the other way: local edits, a deletion and a creation reach Exchange.
    w.edit_local(single_uid(2), "SUMMARY", "Single 2 edited in CalDAV");
    w.edit_local(series_uid(3), "SUMMARY", "Series 3 edited in CalDAV");
    w.delete_local(single_uid(5));
    w.put_local(single_event(50, true));
    const sync::SyncReport back = w.sync();
    CHECK(back.complete);
    CHECK(back.remote.updated == 2);
    CHECK(back.remote.deleted == 1);
    CHECK(back.remote.created == 1);
    w.check_converged();
}

TEST_CASE("bridge with the stand-in: short ErrorServerBusy back-offs are waited out within the cycle",
          "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 6, 2);
    for (const std::string op : {"SyncFolderItems", "GetItem", "CreateItem", "UpdateItem", "DeleteItem"}) {
        DYNAMIC_SECTION("throttled " << op) {
            w.colleague_edit(single_uid(1), "SUMMARY", "colleague edit before busy " + op);
            w.edit_local(single_uid(2), "SUMMARY", "local edit before busy " + op);
            w.put_local(single_event(30));
            w.delete_local(single_uid(3));
            w.fx.standin.faults().throttle_next(2, 30, op);
            const sync::SyncReport r = w.sync();
            INFO(r.message);
            CHECK(r.complete);
            CHECK(faults_injected(w, op) == 2);
            CHECK(w.fx.standin.faults().pending() == 0);
            w.check_converged();
        }
    }
}

TEST_CASE("bridge with the stand-in: a long ErrorServerBusy stops the cycle, the next one completes",
          "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 6, 2);
    for (const std::string op : {"SyncFolderItems", "GetItem", "CreateItem", "UpdateItem"}) {
        DYNAMIC_SECTION("throttled " << op) {
            w.colleague_edit(single_uid(1), "SUMMARY", "colleague edit before long busy " + op);
            w.edit_local(single_uid(2), "SUMMARY", "local edit before long busy " + op);
            w.put_local(single_event(31));
            // Ten minutes: beyond the client's max_server_busy_wait, so not waited for here.
            w.fx.standin.faults().throttle_next(1, 600'000, op);
            const sync::SyncReport r = w.sync();
            CHECK_FALSE(r.complete);
            CHECK(r.stopped_by == sync::RemoteErrorKind::busy);
            CHECK(r.retry_after_ms == 600'000);
            w.fx.standin.faults().clear();
            const sync::SyncReport next = w.sync();
            INFO(next.message);
            CHECK(next.complete);
            w.check_converged();
        }
    }
}

TEST_CASE("bridge with the stand-in: HTTP 503, 429 and 500 on each write operation", "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 6, 2);
    int n = 60;
    for (const std::string op : {"CreateItem", "UpdateItem", "DeleteItem"}) {
        for (const std::string kind : {"503", "429", "500"}) {
            DYNAMIC_SECTION("HTTP " << kind << " on " << op) {
                w.edit_local(single_uid(1), "SUMMARY", "local edit before " + kind + " " + op);
                w.edit_local(series_uid(1), "SUMMARY", "series edit before " + kind + " " + op);
                w.put_local(single_event(++n));
                w.delete_local(single_uid(4));
                w.colleague_edit(single_uid(2), "SUMMARY", "colleague edit before " + kind + " " + op);
                auto& faults = w.fx.standin.faults();
                if (kind == "503") faults.http_503_next(1, 1, op);
                if (kind == "429") faults.http_429_next(1, 1, op);
                if (kind == "500") faults.http_500_next(1, op);
                const int cycles = w.converge();
                CHECK(faults_injected(w, op) == 1);
                // 503/429 are waited out (Retry-After); a 500 is retried when the request is
                // idempotent, otherwise the next cycle looks the item up first.
                if (kind != "500" || op != "CreateItem") CHECK(cycles == 1);
                w.check_converged();
            }
        }
    }
}

TEST_CASE("bridge with the stand-in: a dropped CreateItem answer never makes a duplicate", "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 4, 1);
    SECTION("dropped before Exchange processed it") {
        w.put_local(single_event(20, true));
        w.put_local(weekly_series(21));
        const auto creates = w.fx.requests("CreateItem");
        w.fx.standin.faults().drop_next(1, "CreateItem");
        const sync::SyncReport r = w.sync();
        CHECK_FALSE(r.complete);
        CHECK(r.stopped_by == sync::RemoteErrorKind::transient);
        CHECK(w.fx.standin.items(kAlice).size() == 5);  // nothing made
        w.check_converged();
        CHECK(w.fx.requests("CreateItem") == creates + 2);  // the lost one, then the real one
    }
    SECTION("dropped after Exchange processed it") {
        w.put_local(single_event(20, true));
        w.put_local(weekly_series(21));
        const auto creates = w.fx.requests("CreateItem");
        w.fx.standin.faults().drop_after_processing_next(1, "CreateItem");
        const sync::SyncReport r = w.sync();
        CHECK_FALSE(r.complete);
        CHECK(r.stopped_by == sync::RemoteErrorKind::transient);
        CHECK(w.fx.standin.items(kAlice).size() == 7);  // made, but the bridge does not know
        w.check_converged();
        // The next cycle's pull lists the items the bridge does not know it made, and links them
        // by UID (the push would have looked them up by UID): not created again, no conflict.
        CHECK(w.fx.requests("CreateItem") == creates + 1);
        CHECK(w.store.open_conflicts().empty());
    }
}

TEST_CASE("bridge with the stand-in: a dropped UpdateItem answer loses no edit and makes no conflict",
          "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 4, 1);
    w.edit_local(single_uid(1), "SUMMARY", "sent with its answer lost");
    w.edit_local(series_uid(0), "SUMMARY", "series sent with its answer lost");
    // Processed, then the answer dropped. UpdateItem is idempotent for the client, so it sends it
    // again; the ChangeKey it names is now outdated (ErrorIrresolvableConflict), the bridge
    // re-reads the items and finds its own write there (update intent): no conflict.
    w.fx.standin.faults().drop_after_processing_next(1, "UpdateItem");
    w.sync();
    CHECK(faults_injected(w, "UpdateItem") == 1);
    w.edit_local(single_uid(1), "SUMMARY", "edited again after the lost answer");
    w.check_converged();
    CHECK(w.store.open_conflicts().empty());
}

// `ical` as python-icalendar (python3-caldav) writes it back: every property's parameters sorted
// by name, lines unfolded (RFC 5545 3.1). The meaning is the same.
static std::string with_sorted_parameters(const std::string& ical) {
    std::string unfolded;
    for (std::size_t i = 0; i < ical.size(); ++i) {
        if (ical.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += ical[i];
    }
    std::string out;
    std::size_t start = 0;
    while (start < unfolded.size()) {
        std::size_t end = unfolded.find("\r\n", start);
        if (end == std::string::npos) end = unfolded.size();
        const std::string line = unfolded.substr(start, end - start);
        start = end + 2;
        std::size_t colon = 0;  // the first ':' outside a quoted parameter value
        for (bool quoted = false; colon < line.size() && (quoted || line[colon] != ':'); ++colon)
            if (line[colon] == '"') quoted = !quoted;
        const std::string head = line.substr(0, colon);
        std::vector<std::string> parts;
        for (std::size_t a = 0, b; a <= head.size(); a = b + 1) {
            b = head.find(';', a);
            if (b == std::string::npos) b = head.size();
            parts.push_back(head.substr(a, b - a));
        }
        std::sort(parts.begin() + 1, parts.end());
        std::string rebuilt = parts[0];
        for (std::size_t k = 1; k < parts.size(); ++k) rebuilt += ";" + parts[k];
        out += rebuilt + line.substr(colon) + "\r\n";
    }
    return out;
}

TEST_CASE("bridge with the stand-in: a lost UpdateItem answer on an object a client wrote back in its own "
          "parameter order makes no conflict",
          "[ews_bridge][bridge_e2e][faults]") {
    // Found by conformance:ews-bridge-kill9: python3-caldav writes parameters sorted, calbridge's
    // converters in another order. The update reached Exchange, its answer was lost, the user
    // edited again: the remote version is the bridge's own write, whatever the parameter order.
    BridgeWorld w;
    std::string ev = single_event(5, true);
    ev.insert(ev.find("END:VEVENT"),
              "ATTACH;VALUE=BINARY;ENCODING=BASE64;FMTTYPE=text/plain;X-FILENAME=notes.txt:aGVsbG8gd29ybGQ=\r\n");
    w.put_local(ev);
    w.check_converged();
    const std::string uid = single_uid(5);
    w.put_local(with_sorted_parameters(with_master_field(*w.local(uid), "LOCATION", "loc-0")));
    // Processed, answer lost; the client's further tries (stale ChangeKey) lose theirs too, and
    // the cycle ends as a killed one would: the update landed, nothing recorded it.
    w.fx.standin.faults().drop_after_processing_next(100, "UpdateItem");
    const sync::SyncReport r = w.sync();
    CHECK_FALSE(r.complete);
    CHECK(faults_injected(w, "UpdateItem") >= 2);
    w.fx.standin.faults().clear();
    REQUIRE(w.remote(uid));
    CHECK(master_field(w.remote(uid)->ical, "LOCATION") == "loc-0");  // it landed
    w.put_local(with_sorted_parameters(with_master_field(*w.local(uid), "LOCATION", "loc-1")));
    w.check_converged();
    CHECK(w.store.open_conflicts().empty());
    CHECK(master_field(*w.local(uid), "LOCATION") == "loc-1");
    CHECK(master_field(w.remote(uid)->ical, "LOCATION") == "loc-1");
    CHECK(master_field(w.remote(uid)->ical, "ATTACH") == "aGVsbG8gd29ybGQ=");
}

TEST_CASE("bridge with the stand-in: answers slower than the client's timeout", "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    seed(w, 4, 1);
    w.client_options.transport.total_timeout = std::chrono::milliseconds(1'000);  // room for a loaded CI machine
    w.connect();
    for (const std::string op : {"SyncFolderItems", "GetItem", "CreateItem", "UpdateItem", "DeleteItem"}) {
        DYNAMIC_SECTION("slow " << op) {
            w.colleague_edit(single_uid(1), "SUMMARY", "colleague edit before slow " + op);
            w.edit_local(single_uid(2), "SUMMARY", "local edit before slow " + op);
            w.put_local(single_event(30));
            w.delete_local(single_uid(3));
            // The stand-in processes the request, then waits longer than the client does.
            w.fx.standin.faults().delay_next(1, 2'500, op);
            w.converge();
            CHECK(faults_injected(w, op) == 1);
            w.check_converged();
        }
    }
}

TEST_CASE("bridge with the stand-in: a sync state lost in the middle of a paged listing, with remote deletions",
          "[ews_bridge][bridge_e2e][faults]") {
    BridgeWorld w;
    w.remote_options.sync_page_size = 3;  // several SyncFolderItems pages
    w.connect();
    for (int i = 0; i < 10; ++i) w.colleague_create(single_event(i));
    for (int i = 0; i < 3; ++i) w.colleague_create(weekly_series(i));
    SECTION("during the first listing") {
        int pages = 0;
        w.checkpoint = [&](std::string_view point) {
            if (point != "page saved" || ++pages != 2) return;
            w.fx.standin.invalidate_sync_states();
            w.colleague_delete(single_uid(1));
            w.colleague_delete(series_uid(0));
        };
        const sync::SyncReport r = w.sync();
        CHECK(r.complete);
        CHECK(pages > 5);  // listed again from the start
        w.checkpoint = nullptr;
        w.check_converged();
        CHECK_FALSE(w.local(single_uid(1)));
        CHECK_FALSE(w.local(series_uid(0)));
    }
    SECTION("during an incremental listing") {
        w.check_converged();
        for (int i = 2; i < 9; ++i) w.colleague_edit(single_uid(i), "SUMMARY", "edited " + std::to_string(i));
        int pages = 0;
        w.checkpoint = [&](std::string_view point) {
            if (point != "page saved" || ++pages != 1) return;
            w.fx.standin.invalidate_sync_states();
            w.colleague_delete(single_uid(0));
            w.colleague_delete(single_uid(5));  // edited, then deleted
            w.colleague_delete(series_uid(2));
        };
        const sync::SyncReport r = w.sync();
        CHECK(r.complete);
        CHECK(r.local.deleted == 3);
        w.checkpoint = nullptr;
        w.check_converged();
        CHECK_FALSE(w.local(single_uid(0)));
        CHECK_FALSE(w.local(single_uid(5)));
        CHECK_FALSE(w.local(series_uid(2)));
    }
}

TEST_CASE("bridge with the stand-in: both sides edit the same item", "[ews_bridge][bridge_e2e][conflict]") {
    BridgeWorld w;
    seed(w, 4, 2);
    SECTION("different fields are merged") {
        w.edit_local(single_uid(1), "LOCATION", "Room from CalDAV");
        w.colleague_edit(single_uid(1), "SUMMARY", "Subject from Outlook");
        w.edit_local(series_uid(1), "LOCATION", "Series room from CalDAV");
        w.colleague_edit(series_uid(1), "SUMMARY", "Series subject from Outlook");
        w.check_converged();
        CHECK(w.store.open_conflicts().empty());
        for (const auto& [uid, location] : {std::pair{single_uid(1), "Room from CalDAV"},
                                            std::pair{series_uid(1), "Series room from CalDAV"}}) {
            INFO(uid);
            CHECK(master_field(*w.local(uid), "LOCATION") == location);
            CHECK(master_field(w.remote(uid)->ical, "LOCATION") == location);
        }
    }
    SECTION("the same field: Exchange's version is kept, the local one recorded") {
        w.edit_local(single_uid(2), "SUMMARY", "Mine from CalDAV");
        w.colleague_edit(single_uid(2), "SUMMARY", "Theirs from Outlook");
        w.check_converged();
        const auto conflicts = w.store.open_conflicts();
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].uid == single_uid(2));
        CHECK(conflicts[0].kind == sync::kConflictBothChanged);
        CHECK(master_field(conflicts[0].incoming_data, "SUMMARY") == "Mine from CalDAV");
        CHECK(w.expected[single_uid(2)] == "Theirs from Outlook");
    }
    SECTION("a colleague touches the item between the pull and the push") {
        w.edit_local(single_uid(3), "SUMMARY", "Local edit racing a colleague");
        const std::string id = w.remote_id(single_uid(3));
        const auto updates = w.fx.requests("UpdateItem");
        bool touched = false;
        w.checkpoint = [&](std::string_view point) {
            if (point == "page saved" && !touched) touched = w.fx.standin.touch_item(id);
        };
        const sync::SyncReport r = w.sync();
        w.checkpoint = nullptr;
        CHECK(touched);
        CHECK(r.complete);
        CHECK(w.fx.requests("UpdateItem") >= updates + 2);  // refused (ChangeKey), then merged and sent
        w.check_converged();
        CHECK(w.store.open_conflicts().empty());
    }
    SECTION("a colleague touches the item before the cycle") {
        w.edit_local(series_uid(0), "SUMMARY", "Local series edit after a touch");
        REQUIRE(w.fx.standin.touch_item(w.remote_id(series_uid(0))));
        w.check_converged();
        CHECK(w.store.open_conflicts().empty());
    }
}

TEST_CASE("bridge with the stand-in: a calendar shared read-only is pulled, local edits become conflicts",
          "[ews_bridge][bridge_e2e][read_only]") {
    BridgeWorld w(/*shared=*/true);
    for (int i = 0; i < 4; ++i) w.colleague_create(single_event(i));  // bob's own calendar
    w.colleague_create(weekly_series(0));
    w.check_converged();
    CHECK(w.store.open_conflicts().empty());

    const auto writes = [&] {
        return w.fx.requests("CreateItem") + w.fx.requests("UpdateItem") + w.fx.requests("DeleteItem");
    };
    const auto before = writes();
    const std::string kept = w.expected[single_uid(1)];
    w.edit_local(single_uid(1), "SUMMARY", "Alice cannot write this");
    w.put_local(single_event(9));
    w.delete_local(single_uid(2));
    w.expected[single_uid(1)] = kept;  // reverted to bob's version
    w.expected.erase(single_uid(9));   // removed locally
    w.expected[single_uid(2)] = "Single 2";   // restored
    const sync::SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.read_only);
    CHECK(r.conflicts == 3);
    CHECK(writes() == before);  // nothing was even tried
    const auto conflicts = w.store.open_conflicts();
    CHECK(conflicts.size() == 3);
    for (const auto& c : conflicts) CHECK(c.kind == sync::kConflictReadOnlyRemote);
    w.check_converged();  // the quiet cycle: no retry, no new conflict
    CHECK(w.store.open_conflicts().size() == 3);
    CHECK(writes() == before);

    // Bob's later edits still arrive.
    w.colleague_edit(single_uid(3), "SUMMARY", "Bob renamed it");
    w.check_converged();
}

TEST_CASE("bridge with the stand-in: a calendar that becomes read-only refuses writes, no endless retries",
          "[ews_bridge][bridge_e2e][read_only]") {
    BridgeWorld w;
    seed(w, 4, 1);
    REQUIRE(w.fx.standin.set_folder_read_only(kAlice, "calendar", true));
    const std::string kept = w.expected[single_uid(1)];
    w.edit_local(single_uid(1), "SUMMARY", "Refused edit");
    w.expected[single_uid(1)] = kept;
    const sync::SyncReport r = w.sync();
    CHECK(r.read_only);
    CHECK(r.conflicts == 1);
    w.check_converged();
    const auto conflicts = w.store.open_conflicts();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].kind == sync::kConflictReadOnlyRemote);
    CHECK(master_field(conflicts[0].incoming_data, "SUMMARY") == "Refused edit");
}
