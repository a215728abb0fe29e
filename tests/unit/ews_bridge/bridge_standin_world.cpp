#include "bridge_standin_world.h"

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/import/collection_naming.h"

namespace calbridge::ews_bridge_test {

namespace {

// RFC 5545 3.1: CRLF followed by a space or tab continues the line.
std::vector<std::string> unfolded_lines(const std::string& ical) {
    std::vector<std::string> lines;
    std::string current;
    for (std::size_t i = 0; i < ical.size(); ++i) {
        const char c = ical[i];
        if (c == '\r') continue;
        if (c == '\n') {
            if (i + 1 < ical.size() && (ical[i + 1] == ' ' || ical[i + 1] == '\t')) {
                ++i;
                continue;
            }
            lines.push_back(std::move(current));
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.empty()) lines.push_back(std::move(current));
    return lines;
}

bool is_property(const std::string& line, const std::string& name) {
    return line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
           (line[name.size()] == ':' || line[name.size()] == ';');
}

// [begin, end) line ranges of the VEVENTs, and whether each is the master.
struct Block {
    std::size_t begin, end;
    bool master;
};
std::vector<Block> vevents(const std::vector<std::string>& lines) {
    std::vector<Block> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i] != "BEGIN:VEVENT") continue;
        Block b{i, i, true};
        for (std::size_t k = i + 1; k < lines.size(); ++k) {
            if (lines[k] == "END:VEVENT") {
                b.end = k;
                break;
            }
            if (is_property(lines[k], "RECURRENCE-ID")) b.master = false;
        }
        out.push_back(b);
        i = b.end;
    }
    return out;
}

}  // namespace

std::string master_field(const std::string& ical, const std::string& name) {
    const auto lines = unfolded_lines(ical);
    for (const Block& b : vevents(lines)) {
        if (!b.master) continue;
        for (std::size_t k = b.begin; k < b.end; ++k)
            if (is_property(lines[k], name)) return lines[k].substr(lines[k].find(':') + 1);
    }
    return {};
}

std::string with_master_field(const std::string& ical, const std::string& name, const std::string& value) {
    auto lines = unfolded_lines(ical);
    for (const Block& b : vevents(lines)) {
        if (!b.master) continue;
        bool replaced = false;
        for (std::size_t k = b.begin; k < b.end; ++k)
            if (is_property(lines[k], name)) {
                lines[k] = name + ":" + value;
                replaced = true;
                break;
            }
        if (!replaced) lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(b.end), name + ":" + value);
        break;
    }
    std::string out;
    for (const auto& l : lines) out += l + "\r\n";
    return out;
}

std::string single_uid(int n) { return "single-" + std::to_string(n) + "@example.com"; }
std::string series_uid(int n) { return "series-" + std::to_string(n) + "@example.com"; }

std::string single_event(int n, bool attendees) {
    char day[32];
    std::snprintf(day, sizeof day, "202606%02d", 1 + n % 28);
    sync::testing::Fields f{{"SUMMARY", "Single " + std::to_string(n)},
                            {"DTSTART", std::string(day) + "T090000Z"},
                            {"DTEND", std::string(day) + "T100000Z"},
                            {"LOCATION", "Room " + std::to_string(n)}};
    std::string ev = sync::testing::vevent(single_uid(n), f);
    if (attendees) {
        // RFC 5545 3.8.4.1 / 3.8.4.3: a meeting the mailbox owner organizes.
        const std::string people =
            "ORGANIZER;CN=Alice:mailto:alice@example.com\r\n"
            "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com\r\n"
            "ATTENDEE;CN=Carol;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com\r\n";
        ev.insert(ev.find("END:VEVENT"), people);
    }
    return sync::testing::calendar(ev);
}

std::string weekly_series(int n) {
    char day[32];
    std::snprintf(day, sizeof day, "202607%02d", 6 + n % 7);  // 2026-07-06 is a Monday
    const std::string start = std::string(day) + "T080000Z";
    // The 2nd occurrence is a week later, the 3rd two weeks later.
    auto plus_days = [&](int days) {
        char d[32];
        std::snprintf(d, sizeof d, "202607%02d", 6 + n % 7 + days);
        return std::string(d);
    };
    const std::string second = plus_days(7) + "T080000Z";
    const std::string third = plus_days(14) + "T080000Z";
    sync::testing::Fields master{{"SUMMARY", "Series " + std::to_string(n)},
                                 {"DTSTART", start},
                                 {"DTEND", std::string(day) + "T090000Z"},
                                 {"RRULE", "FREQ=WEEKLY;COUNT=6"},
                                 {"EXDATE", third}};
    sync::testing::Fields moved{{"SUMMARY", "Series " + std::to_string(n) + " moved"},
                                {"DTSTART", plus_days(7) + "T100000Z"},
                                {"DTEND", plus_days(7) + "T110000Z"}};
    return sync::testing::calendar(sync::testing::vevent(series_uid(n), master) +
                                   sync::testing::vevent(series_uid(n), moved, second));
}

BridgeWorld::BridgeWorld(bool shared) : store(dir.file(), store::StoreOptions{false}) {
    store.add_user("alice", "Alice", kAlice, "hash");
    caldav::CollectionPatch props;
    props.components = std::vector<std::string>{"VEVENT"};
    store.make_collection(cal, "alice", caldav::CollectionKind::calendar, props);
    cal_id = store.collection(cal).value().id;
    client_options = fx.client_options();
    if (shared) {
        folder_owner = kBob;
        remote_options.folder = ews::FolderRef::distinguished("calendar", kBob);
    }
    colleague_client = std::make_unique<ews::EwsClient>(
        shared ? fx.client_options(kBob, "bob-secret") : fx.client_options());
    remotes::EwsCalendarOptions own;  // the colleague's own view of the folder
    colleague = std::make_unique<remotes::EwsRemoteCalendar>(*colleague_client, own);
    connect();
}

BridgeWorld::~BridgeWorld() {
    // Connections closed before the stand-in stops (it waits for idle keep-alive ones).
    adapter.reset();
    colleague.reset();
    client.reset();
    colleague_client.reset();
}

void BridgeWorld::connect() {
    adapter.reset();
    client = std::make_unique<ews::EwsClient>(client_options);
    adapter = std::make_unique<remotes::EwsRemoteCalendar>(*client, remote_options);
}

sync::SyncReport BridgeWorld::sync() {
    sync::BridgeOptions o;
    o.name = "work";
    o.collection_path = cal;
    o.remote = "exchange:calendar";
    o.policy = policy;
    o.batch_size = 100;
    o.checkpoint = checkpoint;
    sync::Bridge bridge(store, *adapter, o);
    return bridge.run_once();
}

int BridgeWorld::converge(int max_cycles) {
    int cycles = 0;
    sync::SyncReport last;
    last.complete = false;
    while (cycles < max_cycles && !last.complete) {
        last = sync();
        ++cycles;
        INFO("cycle " << cycles << ": " << last.message);
        if (!last.complete && last.retry_after_ms > 0 && last.retry_after_ms <= 2000)
            std::this_thread::sleep_for(std::chrono::milliseconds(last.retry_after_ms));
    }
    INFO("last cycle stopped: " << last.message);
    REQUIRE(last.complete);
    // Nothing left to do on either side: no item travels twice.
    const sync::SyncReport quiet = sync();
    INFO("quiet cycle: " << quiet.message);
    CHECK(quiet.complete);
    CHECK(quiet.pulled() == 0);
    CHECK(quiet.pushed() == 0);
    CHECK(quiet.conflicts == 0);
    return cycles;
}

Sides BridgeWorld::sides() {
    Sides s;
    for (const auto& o : store.objects_with_data(cal_id)) {
        INFO("local UID " << o.info.uid);
        CHECK(s.local.emplace(o.info.uid, master_field(o.data, "SUMMARY")).second);
    }
    for (const auto& item : fx.standin.items(folder_owner)) {
        INFO("remote UID " << item.uid << " (" << item.item_id << ")");
        CHECK(s.remote.emplace(item.uid, item.subject).second);
    }
    return s;
}

void BridgeWorld::check_converged() {
    converge();
    const Sides s = sides();
    auto show = [](const std::map<std::string, std::string>& m) {
        std::string out;
        for (const auto& [uid, summary] : m) out += "\n  " + uid + " -> " + summary;
        return out;
    };
    INFO("local:" << show(s.local) << "\nremote:" << show(s.remote) << "\nexpected:" << show(expected));
    CHECK(s.local == s.remote);
    CHECK(s.local == expected);
    CHECK(fx.invalid_messages() == 0);
}

void BridgeWorld::put_local(const std::string& ical) {
    caldav::ValidationResult valid = caldav::validate_calendar_object(ical);
    INFO(ical);
    REQUIRE(valid);
    const std::string uid = valid.object->uid;
    const auto existing = store.object_by_uid(cal_id, uid);
    caldav::ObjectWrite w{existing ? existing->path : cal + import::object_name(uid), ical,
                          "text/calendar; charset=utf-8", uid, valid.object->spans};
    const auto r = store.put_object(w, {});
    REQUIRE((r.status == caldav::WriteStatus::created || r.status == caldav::WriteStatus::replaced));
    expected[uid] = master_field(ical, "SUMMARY");
}

void BridgeWorld::edit_local(const std::string& uid, const std::string& name, const std::string& value) {
    const auto text = local(uid);
    REQUIRE(text);
    put_local(with_master_field(*text, name, value));
}

void BridgeWorld::delete_local(const std::string& uid) {
    const auto existing = store.object_by_uid(cal_id, uid);
    REQUIRE(existing);
    REQUIRE(store.remove(existing->path, {}).status == caldav::WriteStatus::deleted);
    expected.erase(uid);
}

std::optional<std::string> BridgeWorld::local(const std::string& uid) {
    const auto info = store.object_by_uid(cal_id, uid);
    if (!info) return std::nullopt;
    return store.object(info->path)->data;
}

std::string BridgeWorld::colleague_create(const std::string& ical) {
    const auto out = colleague->create(std::vector<std::string>{ical});
    INFO(out[0].message);
    REQUIRE(out[0].ok());
    expected[master_field(ical, "UID")] = master_field(ical, "SUMMARY");
    return out[0].ref->id;
}

std::optional<sync::RemoteItem> BridgeWorld::remote(const std::string& uid) {
    const auto found = colleague->find_by_uid(std::vector<std::string>{uid});
    return found.at(0);
}

std::string BridgeWorld::remote_id(const std::string& uid) {
    const auto item = remote(uid);
    REQUIRE(item);
    return item->ref.id;
}

void BridgeWorld::colleague_edit(const std::string& uid, const std::string& name, const std::string& value) {
    const auto item = remote(uid);
    REQUIRE(item);
    sync::RemoteUpdate u{item->ref, with_master_field(item->ical, name, value)};
    const auto out = colleague->update(std::span(&u, 1));
    INFO(out[0].message);
    REQUIRE(out[0].ok());
    if (name == "SUMMARY") expected[uid] = value;
}

void BridgeWorld::colleague_delete(const std::string& uid) {
    const auto item = remote(uid);
    REQUIRE(item);
    const auto out = colleague->remove(std::span(&item->ref, 1));
    INFO(out[0].message);
    REQUIRE(out[0].ok());
    expected.erase(uid);
}

}  // namespace calbridge::ews_bridge_test
