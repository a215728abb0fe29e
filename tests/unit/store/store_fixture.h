#pragma once
// Shared set-up of the store tests: a store file in a fresh temporary directory (removed with
// its -wal/-shm files afterwards) and small builders for contract values.
#include <filesystem>
#include <random>
#include <string>

#include "gateway/store/sqlite_store.h"

namespace calbridge::store::testing {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("calbridge-store-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path file(const std::string& name = "store.sqlite") const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline const std::string kCal = "/dav/calendars/alice/work/";

inline caldav::ObjectWrite event(const std::string& path, const std::string& uid, const std::string& summary,
                                 std::vector<caldav::TimeSpan> spans = {}) {
    caldav::ObjectWrite w;
    w.path = path;
    w.uid = uid;
    w.content_type = "text/calendar; charset=utf-8";
    w.data = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nSUMMARY:" + summary +
             "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    w.spans = std::move(spans);
    return w;
}

inline caldav::Precondition none() { return {}; }
inline caldav::Precondition if_match(const std::string& etag) { return {{etag}, false}; }
inline caldav::Precondition if_none_match_any() { return {{}, true}; }

// A store with user alice and her calendar kCal.
struct StoreWithCalendar {
    TempDir dir;
    SqliteStore store;
    std::int64_t cal_id = 0;

    explicit StoreWithCalendar(StoreOptions options = {}) : store(dir.file(), options) {
        store.add_user("alice", "Alice", "alice@example.org", "hash");
        caldav::CollectionPatch props;
        props.display_name = "Work";
        props.components = std::vector<std::string>{"VEVENT", "VTODO"};
        store.make_collection(kCal, "alice", caldav::CollectionKind::calendar, props);
        cal_id = store.collection(kCal).value().id;
    }
};

}  // namespace calbridge::store::testing
