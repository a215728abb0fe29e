#pragma once
// A store with users alice (an admin) and bob, a calendar each with one event, and one open
// conflict each, for the status page tests. Values are hostile where a page could go wrong.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/status/status_handler.h"
#include "gateway/store/sqlite_store.h"

namespace statustest {

using namespace calbridge;

inline const std::string kAliceCal = "/dav/calendars/alice/work/";
inline const std::string kBobCal = "/dav/calendars/bob/calendar/";
inline const std::string kOrigin = "http://127.0.0.1:8008";
inline const std::string kHostile = "<script>alert(\"x\")</script> & 'q'";

inline std::string event_text(const std::string& uid, const std::string& summary, const std::string& location = "Room 1") {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261127T100000\r\n"
           "DTEND;TZID=Europe/Berlin:20261127T110000\r\nSUMMARY:" + summary + "\r\nLOCATION:" + location +
           "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("calbridge-status-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    std::filesystem::path file(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct StatusFixture {
    TempDir dir;
    store::SqliteStore store{dir.file("store.db")};
    status::StatusHandler handler{store, {"alice"}, status::CsrfGuard(std::string(32, 'k'))};
    std::int64_t alice_conflict = 0, bob_conflict = 0;

    StatusFixture() {
        REQUIRE(store.add_user("alice", "Alice", "alice@example.org", "h"));
        REQUIRE(store.add_user("bob", "Bob", "bob@example.org", "h"));
        make_calendar(kAliceCal, "alice", "Work \"><img src=x>");
        make_calendar(kBobCal, "bob", "Bob's");
        put(kAliceCal + "e1.ics", event_text("e1", "Mine: client edit"));
        put(kBobCal + "b1.ics", event_text("b1", kHostile));
        alice_conflict = store.record_conflict(
            {kAliceCal, "e1", "import:/data/<mail>.pst", "both-changed", "etag", event_text("e1", "From the file", "Room 2")});
        bob_conflict = store.record_conflict(
            {kBobCal, "b1", "exchange:bob-pair", "both-changed", "etag", event_text("b1", "Bob remote " + kHostile)});
    }

    void make_calendar(const std::string& path, const std::string& owner, const std::string& name) {
        caldav::CollectionPatch props;
        props.display_name = name;
        props.components = std::vector<std::string>{"VEVENT"};
        REQUIRE(store.make_collection(path, owner, caldav::CollectionKind::calendar, props).status ==
                caldav::WriteStatus::created);
    }

    void put(const std::string& path, const std::string& data) {
        auto valid = caldav::validate_calendar_object(data);
        REQUIRE(valid);
        caldav::ObjectWrite w{path, data, "text/calendar; charset=utf-8", valid.object->uid, valid.object->spans};
        REQUIRE(store.put_object(w, {}).status == caldav::WriteStatus::created);
    }

    std::string data(const std::string& path) {
        auto o = store.object(path);
        return o ? o->data : std::string();
    }

    static caldav::Request get(const std::string& user, const std::string& target = "/status/") {
        caldav::Request r;
        r.method = "GET";
        r.target = target;
        if (!user.empty()) r.user = user;
        r.origin = kOrigin;
        return r;
    }

    caldav::Request post(const std::string& user, std::int64_t id, const std::string& action,
                         const std::string& origin_header = kOrigin, std::optional<std::string> token = {}) const {
        caldav::Request r;
        r.method = "POST";
        r.target = "/status/conflicts/" + std::to_string(id);
        r.user = user;
        r.origin = kOrigin;
        if (!origin_header.empty()) r.headers.add("Origin", origin_header);
        r.headers.add("Content-Type", "application/x-www-form-urlencoded");
        r.body = "action=" + action + "&csrf=" + (token ? *token : handler.csrf().token(user, id));
        return r;
    }
};

}  // namespace statustest
