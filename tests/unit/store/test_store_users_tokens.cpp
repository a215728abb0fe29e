#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

TEST_CASE("Users have a principal, a password hash and a calendar home", "[users]") {
    TempDir dir;
    SqliteStore store(dir.file());
    CHECK(store.list_users().empty());
    REQUIRE(store.add_user("alice", "Alice A.", "alice@example.org", "$pbkdf2$1"));
    CHECK_FALSE(store.add_user("alice", "Again", "", "x"));
    REQUIRE(store.add_user("bob", "Bob", "", "$pbkdf2$2"));

    const auto alice = store.principal("alice");
    REQUIRE(alice);
    CHECK(alice->display_name == "Alice A.");
    CHECK(alice->email == "alice@example.org");
    CHECK_FALSE(store.principal("carol"));
    const auto home = store.collection(SqliteStore::home_path("alice"));
    REQUIRE(home);
    CHECK(home->path == "/dav/calendars/alice/");
    CHECK(home->owner == "alice");
    CHECK(home->kind == caldav::CollectionKind::plain);
    CHECK(store.collection("/dav/calendars/")->owner.empty());

    CHECK(store.user_password_hash("alice") == "$pbkdf2$1");
    CHECK(store.set_password_hash("alice", "$pbkdf2$new"));
    CHECK(store.user_password_hash("alice") == "$pbkdf2$new");
    CHECK_FALSE(store.set_password_hash("carol", "x"));
    CHECK_FALSE(store.user_password_hash("carol"));

    const auto users = store.list_users();
    REQUIRE(users.size() == 2);
    CHECK(users[0].user == "alice");
    CHECK(users[1].user == "bob");

    CHECK_THROWS_AS(store.add_user("a/b", "", "", ""), std::invalid_argument);
    CHECK_THROWS_AS(store.add_user("..", "", "", ""), std::invalid_argument);
    CHECK_THROWS_AS(store.add_user("", "", "", ""), std::invalid_argument);
}

TEST_CASE("Removing a user removes the home tree and its tokens", "[users]") {
    StoreWithCalendar s;
    REQUIRE(s.store.put_object(event(kCal + "a.ics", "a", "x"), none()).status == WriteStatus::created);
    const auto token = s.store.issue_token(kCal).value();
    const auto root = s.store.collection("/dav/calendars/").value();

    CHECK(s.store.remove_user("alice"));
    CHECK_FALSE(s.store.remove_user("alice"));
    CHECK_FALSE(s.store.principal("alice"));
    CHECK_FALSE(s.store.collection("/dav/calendars/alice/"));
    CHECK_FALSE(s.store.object_info(kCal + "a.ics"));
    CHECK_FALSE(s.store.collection_for_token(token.token));
    const auto changes = s.store.changes_since(root.id, root.sync_seq, 0).value();
    REQUIRE(changes.changes.size() == 1);
    CHECK(changes.changes[0].path == "/dav/calendars/alice/");
    CHECK(changes.changes[0].deleted);
    // The name can be used again, with a fresh home.
    REQUIRE(s.store.add_user("alice", "New Alice", "", "h"));
    CHECK(s.store.child_collections("/dav/calendars/alice/").empty());
}

TEST_CASE("Subscription tokens open one calendar until revoked", "[tokens]") {
    StoreWithCalendar s;
    CHECK_FALSE(s.store.issue_token("/dav/calendars/alice/nope/"));
    const auto first = s.store.issue_token(kCal).value();
    const auto second = s.store.issue_token(kCal).value();
    CHECK(first.token.size() == 64);
    CHECK(first.token != second.token);
    CHECK(first.id != second.id);

    const auto opened = s.store.collection_for_token(first.token);
    REQUIRE(opened);
    CHECK(opened->path == kCal);
    CHECK_FALSE(s.store.collection_for_token("not-a-token"));
    CHECK_FALSE(s.store.collection_for_token(""));
    CHECK_FALSE(s.store.collection_for_token(first.token.substr(0, 63)));

    const auto listed = s.store.tokens(kCal);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].id == first.id);
    CHECK(listed[0].collection_path == kCal);
    CHECK(listed[0].created_at > 0);

    CHECK(s.store.revoke_token(first.id));
    CHECK_FALSE(s.store.revoke_token(first.id));
    CHECK_FALSE(s.store.collection_for_token(first.token));
    CHECK(s.store.collection_for_token(second.token));
    CHECK(s.store.tokens(kCal).size() == 1);

    // A token follows its calendar when it moves.
    REQUIRE(s.store.move(kCal, "/dav/calendars/alice/moved/", false).status == WriteStatus::created);
    CHECK(s.store.collection_for_token(second.token)->path == "/dav/calendars/alice/moved/");
}

TEST_CASE("The clear token is not stored", "[tokens]") {
    StoreWithCalendar s;
    const auto issued = s.store.issue_token(kCal).value();
    std::string file_bytes;
    for (const auto& suffix : {"", "-wal"}) {
        std::FILE* f = std::fopen((s.store.file() + suffix).c_str(), "rb");
        if (!f) continue;
        char buffer[4096];
        std::size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) file_bytes.append(buffer, n);
        std::fclose(f);
    }
    REQUIRE(file_bytes.size() > 4096);
    CHECK(file_bytes.find(issued.token) == std::string::npos);
}
