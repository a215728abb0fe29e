#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::CollectionKind;
using caldav::WriteStatus;

TEST_CASE("make_collection stores calendar properties and refuses bad places", "[collections]") {
    StoreWithCalendar s;
    const auto cal = s.store.collection(kCal);
    REQUIRE(cal);
    CHECK(cal->kind == CollectionKind::calendar);
    CHECK(cal->owner == "alice");
    CHECK(cal->props.display_name == "Work");
    CHECK(cal->props.components == std::vector<std::string>{"VEVENT", "VTODO"});
    CHECK_FALSE(cal->props.order);
    CHECK(cal->created_at > 0);

    CHECK(s.store.make_collection(kCal, "alice", CollectionKind::calendar, {}).status == WriteStatus::already_exists);
    CHECK(s.store.make_collection("/dav/calendars/bob/x/", "bob", CollectionKind::plain, {}).status ==
          WriteStatus::parent_missing);
    // RFC 4791 4.2: nothing but calendar objects inside a calendar collection.
    CHECK(s.store.make_collection(kCal + "sub/", "alice", CollectionKind::plain, {}).status == WriteStatus::not_allowed);
    CHECK(s.store.make_collection("/dav/calendars/alice/nested", "alice", CollectionKind::plain, {}).status ==
          WriteStatus::not_allowed);  // no trailing slash: not a collection path
    REQUIRE(s.store.put_object({"/dav/calendars/alice/file", "x", "text/plain", "", {}}, none()).status ==
            WriteStatus::created);
    CHECK(s.store.make_collection("/dav/calendars/alice/file/", "alice", CollectionKind::plain, {}).status ==
          WriteStatus::already_exists);

    caldav::CollectionPatch props;
    props.order = std::optional<std::int32_t>(7);
    props.color = "#FF0000";
    REQUIRE(s.store.make_collection("/top/", "", CollectionKind::plain, props).status == WriteStatus::created);
    const auto top = s.store.collection("/top/");
    REQUIRE(top);
    CHECK(top->props.order == 7);
    CHECK(top->props.color == "#FF0000");
}

TEST_CASE("child_collections lists direct children only", "[collections][reads]") {
    StoreWithCalendar s;
    REQUIRE(s.store.make_collection("/dav/calendars/alice/a/", "alice", CollectionKind::plain, {}).status ==
            WriteStatus::created);
    REQUIRE(s.store.make_collection("/dav/calendars/alice/a/b/", "alice", CollectionKind::plain, {}).status ==
            WriteStatus::created);
    const auto children = s.store.child_collections("/dav/calendars/alice/");
    REQUIRE(children.size() == 2);
    CHECK(children[0].path == "/dav/calendars/alice/a/");
    CHECK(children[1].path == kCal);
    const auto top = s.store.child_collections("/");
    REQUIRE(top.size() == 1);
    CHECK(top[0].path == "/dav/");
    CHECK(s.store.child_collections("/nope/").empty());
}

TEST_CASE("patch_properties applies everything or nothing", "[collections][proppatch]") {
    StoreWithCalendar s;
    const auto before = s.store.collection(kCal).value();
    caldav::PropertyPatch patch;
    patch.collection.display_name = "Renamed";
    patch.collection.color = "#00FF00";
    patch.collection.order = std::optional<std::optional<std::int32_t>>(std::optional<std::int32_t>(3));
    patch.set.push_back({"urn:x", "flavour", "<x:flavour xmlns:x=\"urn:x\">mint</x:flavour>"});
    REQUIRE(s.store.patch_properties(kCal, patch).status == WriteStatus::replaced);

    const auto after = s.store.collection(kCal).value();
    CHECK(after.props.display_name == "Renamed");
    CHECK(after.props.color == "#00FF00");
    CHECK(after.props.order == 3);
    CHECK(after.props.components == before.props.components);
    CHECK(after.sync_seq > before.sync_seq);  // getctag changes
    auto dead = s.store.dead_properties(kCal);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].name == "flavour");

    // Removing the order (engaged + nullopt) and a property, replacing another.
    caldav::PropertyPatch second;
    second.collection.order.emplace(std::nullopt);  // engaged, holding "no order"
    second.set.push_back({"urn:x", "flavour", "<x:flavour xmlns:x=\"urn:x\">lime</x:flavour>"});
    second.remove.emplace_back("urn:x", "absent");
    REQUIRE(s.store.patch_properties(kCal, second).status == WriteStatus::replaced);
    CHECK_FALSE(s.store.collection(kCal)->props.order);
    dead = s.store.dead_properties(kCal);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].xml.find("lime") != std::string::npos);

    // A patch with a protected part (RFC 4791 5.2.3) fails as a whole: nothing of it stays.
    const auto mid = s.store.collection(kCal).value();
    caldav::PropertyPatch bad;
    bad.collection.display_name = "Should not stick";
    bad.collection.components = std::vector<std::string>{"VTODO"};
    bad.set.push_back({"urn:x", "other", "<x:other xmlns:x=\"urn:x\"/>"});
    bad.remove.emplace_back("urn:x", "flavour");
    CHECK(s.store.patch_properties(kCal, bad).status == WriteStatus::not_allowed);
    const auto unchanged = s.store.collection(kCal).value();
    CHECK(unchanged.props.display_name == "Renamed");
    CHECK(unchanged.props.components == before.props.components);
    CHECK(unchanged.sync_seq == mid.sync_seq);
    dead = s.store.dead_properties(kCal);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].name == "flavour");

    CHECK(s.store.patch_properties("/nope/", patch).status == WriteStatus::not_found);
}

TEST_CASE("Dead properties of objects leave the etag alone", "[objects][proppatch]") {
    StoreWithCalendar s;
    const auto put = s.store.put_object(event(kCal + "a.ics", "a", "x"), none());
    caldav::PropertyPatch patch;
    patch.set.push_back({"", "plain", "<plain>1</plain>"});
    REQUIRE(s.store.patch_properties(kCal + "a.ics", patch).status == WriteStatus::replaced);
    CHECK(s.store.object_info(kCal + "a.ics")->etag == put.etag);
    const auto dead = s.store.dead_properties(kCal + "a.ics");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].ns.empty());
    CHECK(dead[0].xml == "<plain>1</plain>");
    CHECK(s.store.patch_properties(kCal + "b.ics", patch).status == WriteStatus::not_found);
}

TEST_CASE("Removing a collection removes its tree and leaves a tombstone in the parent", "[collections][remove]") {
    StoreWithCalendar s;
    const std::string home = "/dav/calendars/alice/";
    REQUIRE(s.store.make_collection(home + "docs/", "alice", CollectionKind::plain, {}).status == WriteStatus::created);
    REQUIRE(s.store.make_collection(home + "docs/deep/", "alice", CollectionKind::plain, {}).status ==
            WriteStatus::created);
    REQUIRE(s.store.put_object({home + "docs/deep/f.txt", "f", "text/plain", "", {}}, none()).status ==
            WriteStatus::created);
    REQUIRE(s.store.put_object(event(kCal + "a.ics", "a", "x", {{100, 200, false}}), none()).status ==
            WriteStatus::created);
    const auto home_id = s.store.collection(home)->id;
    const auto seq_before = s.store.collection(home)->sync_seq;

    CHECK(s.store.remove(home + "docs/", if_match("some-etag")).status == WriteStatus::precondition_failed);
    CHECK(s.store.collection(home + "docs/deep/"));
    CHECK(s.store.remove(home + "docs/", if_match("*")).status == WriteStatus::deleted);
    CHECK_FALSE(s.store.collection(home + "docs/"));
    CHECK_FALSE(s.store.collection(home + "docs/deep/"));
    CHECK_FALSE(s.store.object_info(home + "docs/deep/f.txt"));

    CHECK(s.store.remove(kCal, none()).status == WriteStatus::deleted);
    CHECK_FALSE(s.store.object_info(kCal + "a.ics"));
    CHECK(s.store.objects_in_range(s.cal_id, 0, 1000).empty());

    const auto changes = s.store.changes_since(home_id, seq_before, 0);
    REQUIRE(changes);
    REQUIRE(changes->changes.size() == 2);
    CHECK(changes->changes[0].path == home + "docs/");
    CHECK(changes->changes[0].deleted);
    CHECK(changes->changes[1].path == kCal);
    CHECK(changes->changes[1].deleted);
    CHECK(s.store.remove(home + "docs/", none()).status == WriteStatus::not_found);
    CHECK(s.store.integrity_check() == "ok");
}

TEST_CASE("make_collection stores the dead properties of the request in the same write", "[collections][atomic]") {
    // MKCOL / MKCALENDAR with properties (RFC 5689 3, RFC 4791 5.3.1.2): all or nothing.
    StoreWithCalendar s;
    const std::string path = "/dav/calendars/alice/with-props/";
    caldav::CollectionPatch live;
    live.display_name = "With properties";
    const std::vector<caldav::DeadProperty> dead{{"urn:x", "note", "<x:note xmlns:x=\"urn:x\">n</x:note>"},
                                                 {"", "bare", "<bare xmlns=\"\">b</bare>"}};
    REQUIRE(s.store.make_collection(path, "alice", CollectionKind::calendar, live, dead).status == WriteStatus::created);
    CHECK(s.store.collection(path)->props.display_name == "With properties");
    const auto stored = s.store.dead_properties(path);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].name == "note");
    CHECK(stored[0].xml == dead[0].xml);
    CHECK(stored[1].name == "bare");
    // Refused (something exists there, or no parent): neither the collection nor properties.
    const std::string orphan = "/dav/calendars/alice/none/orphan/";
    CHECK(s.store.make_collection(orphan, "alice", CollectionKind::plain, live, dead).status ==
          WriteStatus::parent_missing);
    CHECK_FALSE(s.store.collection(orphan));
    CHECK(s.store.dead_properties(orphan).empty());
    CHECK(s.store.make_collection(path, "alice", CollectionKind::plain, {}, dead).status == WriteStatus::already_exists);
    CHECK(s.store.dead_properties(path).size() == 2);
}
