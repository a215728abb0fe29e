// `calbridge share / unshare / shares / group / groups` (issue 6 item 1): the exact syntax, what
// they print, and the errors a user can act on.
#include "gateway/store/sqlite_store.h"
#include "unit/cli/cli_support.h"

using namespace clitest;

namespace {

void add_users(const ScratchDir& dir, std::initializer_list<const char*> names) {
    std::ofstream(dir.file("pw.txt")) << "pw\n";
    for (const char* n : names)
        REQUIRE(run_calbridge(std::string("user add ") + n + " --password-file pw.txt --store s.db", dir.path())
                    .exit_code == 0);
}

}  // namespace

TEST_CASE("share, re-share, shares and unshare a calendar", "[cli][share]") {
    ScratchDir dir("share");
    add_users(dir, {"alice", "bob", "carol"});
    Run shared = run_calbridge("share calendar --user alice --with bob --access read --store s.db", dir.path());
    INFO(shared.output);
    REQUIRE(shared.exit_code == 0);
    CHECK_THAT(shared.output, Catch::Contains("Shared /dav/calendars/alice/calendar/ with bob (read)"));
    CHECK_THAT(shared.output, Catch::Contains("/dav/calendars/bob/shared-alice-calendar/"));

    Run again = run_calbridge("share /dav/calendars/alice/calendar/ --with bob --access read-write --store s.db", dir.path());
    INFO(again.output);
    REQUIRE(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Contains("is now read-write"));
    {
        calbridge::store::SqliteStore store(dir.file("s.db"));
        const auto shares = store.calendars_shared_with("bob");
        REQUIRE(shares.size() == 1);
        CHECK(shares[0].access == calbridge::caldav::Access::read_write);
    }

    Run list = run_calbridge("shares --user alice --store s.db", dir.path());
    INFO(list.output);
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.output, Catch::Contains("CALENDAR"));
    CHECK_THAT(list.output, Catch::Matches(R"([\s\S]*/dav/calendars/alice/calendar/ +bob +user +read-write +/dav/calendars/bob/shared-alice-calendar/[\s\S]*)"));

    Run unshared = run_calbridge("unshare calendar --user alice --with bob --store s.db", dir.path());
    INFO(unshared.output);
    CHECK(unshared.exit_code == 0);
    CHECK_THAT(run_calbridge("shares --store s.db", dir.path()).output, Catch::Contains("No shared calendars"));
    Run twice = run_calbridge("unshare calendar --user alice --with bob --store s.db", dir.path());
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("bob has no grant"));
}

TEST_CASE("share refuses what it cannot do, saying why", "[cli][share]") {
    ScratchDir dir("share-errors");
    add_users(dir, {"alice", "bob"});
    auto fails_with = [&](const std::string& args, const std::string& message) {
        Run r = run_calbridge(args + " --store s.db", dir.path());
        INFO(args << "\n" << r.output);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(message));
    };
    fails_with("share calendar --user alice --with nobody --access read", "no user or group nobody");
    fails_with("share calendar --user ghost --with bob --access read", "no user ghost");
    fails_with("share nope --user alice --with bob --access read", "no calendar nope of user alice");
    fails_with("share calendar --user alice --with alice --access read", "alice owns");
    fails_with("share calendar --with bob --access read", "give --user OWNER");
    fails_with("share calendar --user alice --with bob --access write", "write");
    fails_with("group add bob alice", "bob is a user");
    fails_with("group add team alice ghost", "no user ghost");
    fails_with("group remove team", "no group team");
    {
        calbridge::store::SqliteStore store(dir.file("s.db"));
        REQUIRE(store.make_collection("/dav/calendars/alice/plain/", "alice", calbridge::caldav::CollectionKind::plain, {})
                    .status == calbridge::caldav::WriteStatus::created);
    }
    fails_with("share /dav/calendars/alice/plain/ --with bob --access read", "not a calendar");
}

TEST_CASE("groups: add, share with, list, remove members and the group", "[cli][share]") {
    ScratchDir dir("groups");
    add_users(dir, {"alice", "bob", "carol"});
    Run made = run_calbridge("group add team bob carol --store s.db", dir.path());
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    CHECK_THAT(made.output, Catch::Contains("Created group team"));
    CHECK_THAT(run_calbridge("groups --store s.db", dir.path()).output,
               Catch::Matches(R"([\s\S]*team +bob carol[\s\S]*)"));
    Run shared = run_calbridge("share calendar --user alice --with team --access freebusy --store s.db", dir.path());
    INFO(shared.output);
    REQUIRE(shared.exit_code == 0);
    CHECK_THAT(shared.output, Catch::Contains("with group team (freebusy)"));
    CHECK_THAT(run_calbridge("shares --store s.db", dir.path()).output,
               Catch::Matches(R"([\s\S]*team +group +freebusy +/dav/calendars/<member>/shared-alice-calendar/[\s\S]*)"));
    CHECK(run_calbridge("group remove team carol --store s.db", dir.path()).exit_code == 0);
    {
        calbridge::store::SqliteStore store(dir.file("s.db"));
        CHECK(store.calendars_shared_with("carol").empty());
        CHECK(store.calendars_shared_with("bob").size() == 1);
    }
    Run removed = run_calbridge("group remove team --store s.db", dir.path());
    CHECK(removed.exit_code == 0);
    CHECK_THAT(removed.output, Catch::Contains("Removed group team"));
    CHECK_THAT(run_calbridge("groups --store s.db", dir.path()).output, Catch::Contains("No groups"));
    CHECK_THAT(run_calbridge("shares --store s.db", dir.path()).output, Catch::Contains("No shared calendars"));
}
