#pragma once
// Set-up of the bridge tests: a store with alice's calendar, a FakeRemoteCalendar, events with
// chosen fields, and the checks that both sides agree.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/import/collection_naming.h"
#include "gateway/store/sqlite_store.h"
#include "gateway/sync/bridge.h"
#include "gateway/sync/conflict_restore.h"
#include "gateway/sync/ical_merge.h"
#include "support/fake_remote_calendar.h"

namespace calbridge::sync::testing {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("calbridge-bridge-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path file() const { return path_ / "store.sqlite"; }

private:
    std::filesystem::path path_;
};

using Fields = std::map<std::string, std::string>;

// One VEVENT (or a master with overrides keyed by their RECURRENCE-ID value).
inline std::string vevent(const std::string& uid, Fields fields, const std::string& recurrence_id = {}) {
    fields.emplace("DTSTAMP", "20260101T000000Z");
    fields.emplace("DTSTART", recurrence_id.empty() ? "20260310T090000Z" : recurrence_id);
    fields.emplace("DTEND", recurrence_id.empty() ? "20260310T100000Z" : recurrence_id.substr(0, 9) + "110000Z");
    std::string text = "BEGIN:VEVENT\r\nUID:" + uid + "\r\n";
    if (!recurrence_id.empty()) text += "RECURRENCE-ID:" + recurrence_id + "\r\n";
    for (const auto& [name, value] : fields) text += name + ":" + value + "\r\n";
    return text + "END:VEVENT\r\n";
}

inline std::string calendar(const std::string& events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge tests//EN\r\n" + events + "END:VCALENDAR\r\n";
}

inline std::string event(const std::string& uid, const Fields& fields) { return calendar(vevent(uid, fields)); }

// The value of the first `name` line of the component holding `recurrence_id` ("" = master).
inline std::string field(const std::string& ical, const std::string& name, const std::string& recurrence_id = {}) {
    std::string unfolded;
    for (std::size_t i = 0; i < ical.size(); ++i) {
        if (ical[i] == '\r') continue;
        if (ical[i] == '\n' && i + 1 < ical.size() && (ical[i + 1] == ' ' || ical[i + 1] == '\t')) {
            ++i;
            continue;
        }
        unfolded += ical[i];
    }
    std::size_t from = 0;
    while (true) {
        const auto begin = unfolded.find("BEGIN:VEVENT\n", from);
        if (begin == std::string::npos) return {};
        const auto end = unfolded.find("END:VEVENT\n", begin);
        const std::string body = unfolded.substr(begin, end - begin);
        const bool is_override = body.find("\nRECURRENCE-ID") != std::string::npos;
        const bool wanted = recurrence_id.empty() ? !is_override
                                                  : body.find("\nRECURRENCE-ID:" + recurrence_id + "\n") != std::string::npos;
        if (wanted) {
            const auto at = body.find("\n" + name + ":");
            if (at == std::string::npos) return {};
            const auto stop = body.find('\n', at + 1);
            return body.substr(at + name.size() + 2, stop - at - name.size() - 2);
        }
        from = end;
    }
}

struct World {
    TempDir dir;
    store::SqliteStore store;
    FakeRemoteCalendar remote;
    const std::string cal = "/dav/calendars/alice/work/";
    std::int64_t cal_id = 0;
    ConflictPolicy policy = ConflictPolicy::merge;
    std::size_t batch_size = 2;
    std::function<void(std::string_view)> checkpoint;  // BridgeOptions::checkpoint

    World() : store(dir.file(), store::StoreOptions{false}) {
        store.add_user("alice", "Alice", "alice@example.org", "hash");
        caldav::CollectionPatch props;
        props.components = std::vector<std::string>{"VEVENT"};
        store.make_collection(cal, "alice", caldav::CollectionKind::calendar, props);
        cal_id = store.collection(cal).value().id;
    }

    BridgeOptions options() const {
        BridgeOptions o;
        o.name = "work";
        o.collection_path = cal;
        o.remote = "exchange:calendar";
        o.policy = policy;
        o.batch_size = batch_size;
        o.checkpoint = checkpoint;
        return o;
    }

    SyncReport sync() {
        Bridge bridge(store, remote, options());
        return bridge.run_once();
    }

    // --- the local side, as a CalDAV client would write it ---
    std::string put_local(const std::string& ical) {
        caldav::ValidationResult valid = caldav::validate_calendar_object(ical);
        REQUIRE(valid);
        const std::string uid = valid.object->uid;
        const auto existing = store.object_by_uid(cal_id, uid);
        caldav::ObjectWrite w{existing ? existing->path : cal + import::object_name(uid), ical,
                              "text/calendar; charset=utf-8", uid, valid.object->spans};
        const auto r = store.put_object(w, {});
        REQUIRE((r.status == caldav::WriteStatus::created || r.status == caldav::WriteStatus::replaced));
        return r.etag;
    }
    void delete_local(const std::string& uid) {
        const auto existing = store.object_by_uid(cal_id, uid);
        REQUIRE(existing);
        REQUIRE(store.remove(existing->path, {}).status == caldav::WriteStatus::deleted);
    }
    std::optional<std::string> local(const std::string& uid) {
        const auto info = store.object_by_uid(cal_id, uid);
        if (!info) return std::nullopt;
        return store.object(info->path)->data;
    }
    std::map<std::string, std::string> local_all() {
        std::map<std::string, std::string> all;
        for (const auto& o : store.objects_with_data(cal_id)) all[o.info.uid] = o.data;
        return all;
    }

    // --- the remote side ---
    std::string remote_id(const std::string& uid) const {
        const auto ids = remote.ids_of(uid);
        REQUIRE(ids.size() == 1);
        return ids[0];
    }
    std::optional<std::string> remote_text(const std::string& uid) const {
        const auto ids = remote.ids_of(uid);
        if (ids.empty()) return std::nullopt;
        return remote.items().at(ids[0]).ical;
    }
    std::map<std::string, std::string> remote_all() const {
        std::map<std::string, std::string> all;
        for (const auto& [id, item] : remote.items()) all[item.uid] = item.ical;
        return all;
    }

    std::vector<store::Conflict> conflicts() { return store.open_conflicts(); }
};

// Both sides hold the same UIDs with the same content, once each, and every link is settled.
inline void check_converged(World& w) {
    std::map<std::string, int> per_uid;
    for (const auto& [id, item] : w.remote.items()) ++per_uid[item.uid];
    for (const auto& [uid, n] : per_uid) {
        INFO("remote UID " << uid);
        CHECK(n == 1);
    }
    const auto local = w.local_all();
    const auto remote = w.remote_all();
    CHECK(local.size() == remote.size());
    for (const auto& [uid, text] : local) {
        INFO("UID " << uid);
        auto it = remote.find(uid);
        REQUIRE(it != remote.end());
        CHECK(same_content(text, it->second));
    }
    const auto pair = w.store.find_bridge_pair("work");
    REQUIRE(pair);
    const auto links = w.store.bridge_links(pair->id);
    CHECK(links.size() == local.size());
    for (const auto& link : links) {
        INFO("link " << link.uid);
        CHECK(!link.local_etag.empty());
        CHECK(w.remote.items().count(link.remote_id) == 1);
        CHECK(w.remote.items().at(link.remote_id).version == link.remote_version);
    }
}

}  // namespace calbridge::sync::testing
