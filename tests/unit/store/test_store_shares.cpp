// Sharing in the SQLite store (issue 6, schema v6): grants to users and groups, the effective
// access calendars_shared_with computes, and what goes with a calendar, a user or a group.
#include <catch2/catch.hpp>

#include "unit/store/store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::Access;

namespace {

struct Sharing : StoreWithCalendar {
    Sharing() {
        for (const char* u : {"bob", "carol"}) store.add_user(u, u, "", "hash");
        REQUIRE(store.make_collection("/dav/calendars/alice/plain/", "alice", caldav::CollectionKind::plain, {}).status ==
                caldav::WriteStatus::created);
    }
    std::optional<Access> access_of(const std::string& user, const std::string& path = kCal) {
        for (const auto& s : store.calendars_shared_with(user))
            if (s.calendar.path == path) return s.access;
        return std::nullopt;
    }
};

}  // namespace

TEST_CASE("share, re-share, unshare and the reasons a share is refused", "[shares]") {
    Sharing s;
    CHECK(s.store.share(kCal, "bob", Access::read).status == ShareStatus::granted);
    CHECK(s.access_of("bob") == Access::read);
    CHECK(s.store.share(kCal, "bob", Access::read_write).status == ShareStatus::updated);
    CHECK(s.access_of("bob") == Access::read_write);
    CHECK_FALSE(s.access_of("carol"));
    CHECK_FALSE(s.access_of("alice"));   // the owner is never "shared with"

    CHECK(s.store.share("/dav/calendars/alice/nothing/", "bob", Access::read).status == ShareStatus::no_such_calendar);
    CHECK(s.store.share("/dav/calendars/alice/plain/", "bob", Access::read).status == ShareStatus::not_a_calendar);
    CHECK(s.store.share(kCal, "nobody", Access::read).status == ShareStatus::no_such_grantee);
    CHECK(s.store.share(kCal, "alice", Access::read).status == ShareStatus::grantee_is_owner);

    const auto grants = s.store.grants_of(s.cal_id);
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].grantee == "bob");
    CHECK_FALSE(grants[0].group);
    CHECK(grants[0].access == Access::read_write);
    const auto listed = s.store.list_grants("alice");
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].collection_path == kCal);
    CHECK(listed[0].owner == "alice");
    CHECK(s.store.list_grants("bob").empty());

    CHECK(s.store.unshare(kCal, "bob"));
    CHECK_FALSE(s.store.unshare(kCal, "bob"));
    CHECK(s.store.calendars_shared_with("bob").empty());
}

TEST_CASE("effective access is the highest of the direct and the group grants", "[shares][groups]") {
    Sharing s;
    const std::vector<std::string> team = {"bob", "carol"};
    const auto made = s.store.add_group_members("team", team);
    CHECK(made.status == GroupStatus::done);
    CHECK(made.created);
    CHECK(s.store.is_group("team"));
    CHECK(s.store.share(kCal, "team", Access::read).group);
    CHECK(s.store.share(kCal, "bob", Access::freebusy).status == ShareStatus::granted);
    CHECK(s.access_of("bob") == Access::read);
    CHECK(s.access_of("carol") == Access::read);
    CHECK(s.store.share(kCal, "bob", Access::read_write).status == ShareStatus::updated);
    CHECK(s.access_of("bob") == Access::read_write);
    CHECK(s.store.calendars_shared_with("bob").size() == 1);   // one entry per calendar

    const std::vector<std::string> carol = {"carol"};
    CHECK(s.store.remove_group_members("team", carol).status == GroupStatus::done);
    CHECK_FALSE(s.access_of("carol"));
    const auto groups = s.store.list_groups();
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].members == std::vector<std::string>{"bob"});
    CHECK(s.store.remove_group_members("team", carol).status == GroupStatus::not_a_member);

    CHECK(s.store.remove_group_members("team", {}).removed);
    CHECK_FALSE(s.store.is_group("team"));
    CHECK(s.access_of("bob") == Access::read_write);   // the direct grant stays
    CHECK(s.store.grants_of(s.cal_id).size() == 1);
}

TEST_CASE("a name is a user or a group, never both", "[shares][groups]") {
    Sharing s;
    const std::vector<std::string> bob = {"bob"};
    CHECK(s.store.add_group_members("carol", bob).status == GroupStatus::name_is_user);
    const std::vector<std::string> ghost = {"bob", "ghost"};
    const auto refused = s.store.add_group_members("team", ghost);
    CHECK(refused.status == GroupStatus::no_such_user);
    CHECK(refused.name == "ghost");
    CHECK_FALSE(s.store.is_group("team"));   // all or nothing
    REQUIRE(s.store.add_group_members("team", bob).status == GroupStatus::done);
    CHECK_THROWS_AS(s.store.add_user("team", "Team", "", "hash"), std::invalid_argument);
    CHECK(s.store.remove_group_members("nope", {}).status == GroupStatus::no_such_group);
}

TEST_CASE("grants go with their calendar, follow its MOVE, and go with their user", "[shares]") {
    Sharing s;
    REQUIRE(s.store.share(kCal, "bob", Access::read).status == ShareStatus::granted);
    REQUIRE(s.store.share(kCal, "carol", Access::read).status == ShareStatus::granted);
    REQUIRE(s.store.move(kCal, "/dav/calendars/alice/moved/", false).status == caldav::WriteStatus::created);
    CHECK(s.access_of("bob", "/dav/calendars/alice/moved/") == Access::read);
    REQUIRE(s.store.remove_user("carol"));
    CHECK(s.store.list_grants().size() == 1);
    REQUIRE(s.store.remove("/dav/calendars/alice/moved/", none()).status == caldav::WriteStatus::deleted);
    CHECK(s.store.list_grants().empty());
    CHECK(s.store.calendars_shared_with("bob").empty());
}
