#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "gateway/store/connection_pool.h"
#include "gateway/store/rows.h"
#include "gateway/store/schema/migrations.h"
#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

namespace {

int user_version(const std::filesystem::path& file) {
    Connection c(file.string(), true);
    return schema_version(c);
}

}  // namespace

TEST_CASE("A new store is at the latest schema version, in WAL mode, and sound", "[schema]") {
    TempDir dir;
    SqliteStore store(dir.file());
    CHECK(user_version(dir.file()) == latest_schema_version());
    CHECK(latest_schema_version() == static_cast<int>(migrations().size()));
    Connection c(dir.file().string(), true);
    CHECK(c.single_text("PRAGMA journal_mode") == "wal");
    CHECK(c.single_text("PRAGMA foreign_keys") == "1");
    CHECK(c.single_text("PRAGMA synchronous") == "2");  // FULL, the default of every connection
    Connection relaxed(dir.file().string(), true, /*fsync_each_commit=*/false);
    CHECK(relaxed.single_text("PRAGMA synchronous") == "1");  // NORMAL
    CHECK_THROWS_AS(c.exec("CREATE TABLE t (x)"), StoreError);  // readers are query_only
    CHECK(store.integrity_check() == "ok");
}

TEST_CASE("An old store file is migrated at open and keeps its data", "[schema][migrations]") {
    TempDir dir;
    {
        Connection c(dir.file().string(), false);
        migrate(c, 1);
        CHECK(schema_version(c) == 1);
        c.exec("INSERT INTO collections (path, parent_id, owner, kind, sync_seq, sync_floor, created_at, modified_at) "
               "VALUES ('/old/', NULL, 'alice', 1, 0, 0, 1, 1)");
        CHECK_THROWS_AS(c.exec("SELECT * FROM subscription_tokens"), StoreError);
    }
    SqliteStore store(dir.file());
    CHECK(user_version(dir.file()) == latest_schema_version());
    const auto old = store.collection("/old/");
    REQUIRE(old);
    CHECK(old->kind == caldav::CollectionKind::calendar);
    // Tables of later versions are usable.
    CHECK(store.issue_token("/old/"));
    CHECK(store.record_import_source({"/old/", "a.pst", "Calendar", 5, {1, 0, 0, 0, 0}}));
}

TEST_CASE("Unacknowledged bridge updates of a version 9 store survive the move to version 10", "[schema][migrations]") {
    TempDir dir;
    {
        Connection c(dir.file().string(), false);
        migrate(c, 9);
        c.exec("INSERT INTO collections (id, path, parent_id, owner, kind, sync_seq, sync_floor, created_at, modified_at) "
               "VALUES (1, '/dav/calendars/alice/work/', NULL, 'alice', 1, 0, 0, 1, 1)");
        c.exec("INSERT INTO bridge_pairs (id, name, collection_id, remote, created_at) VALUES (1, 'work', 1, 'x:cal', 1)");
        c.exec("INSERT INTO bridge_update_intents (pair_id, uid, data, earlier) VALUES (1, 'u1', 'newest', 'older')");
        c.exec("INSERT INTO bridge_update_intents (pair_id, uid, data) VALUES (1, 'u2', 'only')");
    }
    SqliteStore store(dir.file());
    CHECK(user_version(dir.file()) == latest_schema_version());
    CHECK(store.bridge_update_intents(1, "u1") == std::vector<std::string>{"newest", "older"});
    CHECK(store.bridge_update_intents(1, "u2") == std::vector<std::string>{"only"});
    CHECK(store.bridge_update_intents(1, "u3").empty());
    // Sent again: the newest; beyond kSentUpdatesKept, the oldest go.
    const std::pair<std::string, std::string> again[] = {{"u1", "older"}};
    store.bridge_intend_updates(1, again);
    CHECK(store.bridge_update_intents(1, "u1") == std::vector<std::string>{"older", "newest"});
    for (int i = 0; i < SqliteStore::kSentUpdatesKept + 3; ++i) {
        const std::pair<std::string, std::string> one[] = {{"u2", "text " + std::to_string(i)}};
        store.bridge_intend_updates(1, one);
    }
    const auto kept = store.bridge_update_intents(1, "u2");
    REQUIRE(kept.size() == static_cast<std::size_t>(SqliteStore::kSentUpdatesKept));
    CHECK(kept.front() == "text " + std::to_string(SqliteStore::kSentUpdatesKept + 2));
    CHECK(kept.back() == "text 3");
    CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A store file from a newer calbridge is refused with a clear error", "[schema][migrations]") {
    TempDir dir;
    { SqliteStore store(dir.file()); }
    {
        Connection c(dir.file().string(), false);
        c.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
    }
    try {
        SqliteStore store(dir.file());
        FAIL("opening a newer schema must throw");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()).find("newer than this calbridge") != std::string::npos);
    }
}

TEST_CASE("Not a store: a file that is no database, and :memory:", "[schema]") {
    TempDir dir;
    {
        std::FILE* f = std::fopen(dir.file("junk").c_str(), "wb");
        REQUIRE(f);
        for (int i = 0; i < 64; ++i) std::fputs("this is not an SQLite database, only text.\n", f);
        std::fclose(f);
    }
    CHECK_THROWS_AS(SqliteStore(dir.file("junk")), StoreError);
    CHECK_THROWS_AS(SqliteStore(":memory:"), std::invalid_argument);
}

TEST_CASE("Everything survives closing and reopening the store", "[schema][durability]") {
    TempDir dir;
    std::string etag;
    std::int64_t seq = 0;
    std::string token;
    {
        SqliteStore store(dir.file());
        REQUIRE(store.add_user("alice", "Alice", "a@example.org", "h1"));
        REQUIRE(store.make_collection(kCal, "alice", caldav::CollectionKind::calendar, {}).status ==
                WriteStatus::created);
        etag = store.put_object(event(kCal + "a.ics", "a", "x", {{10, 20, false}}), none()).etag;
        seq = store.collection(kCal)->sync_seq;
        token = store.issue_token(kCal)->token;
    }
    SqliteStore store(dir.file());
    CHECK(store.user_password_hash("alice") == "h1");
    const auto cal = store.collection(kCal);
    REQUIRE(cal);
    CHECK(cal->sync_seq == seq);
    CHECK(store.object_info(kCal + "a.ics")->etag == etag);
    CHECK(store.objects_in_range(cal->id, 0, 100).size() == 1);
    CHECK(store.collection_for_token(token)->path == kCal);
    // New writes continue the sequence: positions and etags are never reused.
    const auto next = store.put_object(event(kCal + "b.ics", "b", "y"), none());
    CHECK(next.etag != etag);
    CHECK(store.collection(kCal)->sync_seq > seq);
    CHECK(store.integrity_check() == "ok");
}

TEST_CASE("UID and time-range look-ups use their indexes, not scans", "[schema][plan]") {
    TempDir dir;
    { SqliteStore store(dir.file()); }
    Connection c(dir.file().string(), true);
    auto plan = [&](const std::string& sql) {
        Query q = c.query("EXPLAIN QUERY PLAN " + sql);
        std::string text;
        while (q.next()) text += q.text(3) + "\n";
        return text;
    };
    CHECK(plan(kPathByUidSql).find("objects_unique_uid") != std::string::npos);
    CHECK(plan("SELECT path, deleted, seq FROM changes WHERE collection_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3")
              .find("changes_by_seq") != std::string::npos);
}
