#pragma once
// End-to-end import tests: the real calbridge executable on the bundled OST, a temporary store
// inspected (and, where a test says so, manipulated) through SqliteStore and plain SQL.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <string>

#include "gateway/store/sqlite_store.h"
#include "unit/cli/cli_support.h"

namespace importtest {

using namespace clitest;
using calbridge::store::SqliteStore;

inline const std::string kUser = "alice";
inline const std::string kHome = "/dav/calendars/alice/";
inline const std::string kCalendar = kHome + "calendar/";
inline const std::string kHolidays = kHome + "calendar-united-states-holidays/";
inline const std::string kBirthdays = kHome + "calendar-birthdays/";

// The counts of an import's "Total:" line.
struct Totals {
    long created = -1, updated = -1, unchanged = -1, removed = -1, conflicts = -1, skipped = -1;
};

inline Totals totals(const std::string& output) {
    static const std::regex line(
        R"(Total: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) removed, (\d+) conflicts, (\d+) skipped)");
    std::smatch m;
    Totals t;
    if (!std::regex_search(output, m, line)) return t;
    t = {std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), std::stol(m[4]), std::stol(m[5]), std::stol(m[6])};
    return t;
}

// A scratch directory with a store holding user alice (added through the CLI).
class ImportFixture {
public:
    explicit ImportFixture(const std::string& name) : dir_("import-" + name) {
        std::ofstream(dir_.file("pw.txt")) << "correct horse\n";
        Run r = calbridge("user add " + kUser + " --password-file pw.txt");
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
    }

    Run calbridge(const std::string& args) const {
        return run_calbridge(args + " --store " + quote(db().string()), dir_.path());
    }
    Run import(const std::string& input, const std::string& extra = "") const {
        return calbridge("import " + quote(input) + " --user " + kUser + " " + extra);
    }

    fs::path db() const { return dir_.file("store.db"); }
    const ScratchDir& dir() const { return dir_; }

private:
    ScratchDir dir_;
};

// path -> etag of every object of a calendar.
inline std::map<std::string, std::string> etags(SqliteStore& store, const std::string& calendar) {
    std::map<std::string, std::string> out;
    auto c = store.collection(calendar);
    if (!c) return out;
    for (const auto& o : store.objects(c->id)) out[o.path] = o.etag;
    return out;
}

inline std::size_t object_count(SqliteStore& store, const std::string& calendar) {
    auto c = store.collection(calendar);
    return c ? store.objects(c->id).size() : 0;
}

// Test-only: runs SQL on the store file (while no calbridge process writes it).
inline void run_sql(const fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
    sqlite3_busy_timeout(handle, 5000);
    char* error = nullptr;
    const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
    INFO(sql << ": " << (error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
}

// A valid calendar object with this UID and summary.
inline std::string event_text(const std::string& uid, const std::string& summary) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240301T100000Z\r\nDTEND:20240301T110000Z\r\nSUMMARY:" +
           summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

}  // namespace importtest
