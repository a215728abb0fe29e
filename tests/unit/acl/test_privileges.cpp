// privileges() on its own (caldav/access/privileges.h): the table of issue6.md per access
// level, and Collection::read_only taking the writes away from everybody.
#include <catch2/catch.hpp>

#include "caldav/access/privileges.h"

using namespace calbridge::caldav;

namespace {

Collection calendar(bool read_only = false) {
    Collection c;
    c.id = 7;
    c.path = "/dav/calendars/alice/work/";
    c.owner = "alice";
    c.kind = CollectionKind::calendar;
    c.read_only = read_only;
    return c;
}

Resource object_in(const Collection& c) {
    ObjectInfo info;
    info.path = c.path + "e.ics";
    info.collection_id = c.id;
    Resource r = object_resource(info, CollectionKind::calendar);
    r.owner = c.owner;
    r.read_only = c.read_only;
    return r;
}

}  // namespace

TEST_CASE("privileges per access level on the calendar and on its objects", "[acl][privileges]") {
    const Collection work = calendar();
    const Resource cal = collection_resource(work);
    const Resource obj = object_in(work);
    Resource missing;
    missing.path = work.path + "new.ics";
    missing.owner = "alice";

    CHECK(privileges({"alice", {}}, cal).is_all());
    CHECK(privileges({"bob", {}}, cal).none());
    CHECK(privileges({"", {}}, cal).none());

    const SharedCalendar rw[] = {{work, Access::read_write}};
    const PrivilegeSet on_cal = privileges({"bob", rw}, cal);
    CHECK(on_cal.has(Privilege::bind));
    CHECK(on_cal.has(Privilege::unbind));
    CHECK_FALSE(on_cal.has(Privilege::write_properties));
    CHECK(privileges({"bob", rw}, obj).has(Privilege::write_properties));
    CHECK_FALSE(privileges({"bob", rw}, obj).has(Privilege::unbind));
    CHECK(privileges({"bob", rw}, missing).has(Privilege::bind));

    const SharedCalendar ro[] = {{work, Access::read}};
    CHECK(privileges({"bob", ro}, obj).has(Privilege::read));
    CHECK_FALSE(privileges({"bob", ro}, obj).has(Privilege::write_content));
    CHECK_FALSE(privileges({"bob", ro}, missing).has(Privilege::bind));

    const SharedCalendar fb[] = {{work, Access::freebusy}};
    CHECK(privileges({"bob", fb}, cal).has(Privilege::read_free_busy));
    CHECK_FALSE(privileges({"bob", fb}, cal).has(Privilege::read));
    CHECK_FALSE(privileges({"bob", fb}, obj).has(Privilege::read));
    CHECK_FALSE(privileges({"bob", fb}, obj).none());

    // A share of another calendar grants nothing here, nor on a calendar whose path merely
    // starts the same way.
    Collection other = work;
    other.path = "/dav/calendars/alice/work-archive/";
    const SharedCalendar elsewhere[] = {{other, Access::read_write}};
    CHECK(privileges({"bob", elsewhere}, cal).none());
    CHECK(privileges({"bob", elsewhere}, obj).none());
}

TEST_CASE("a read-only calendar gives nobody a write privilege, the owner included", "[acl][privileges]") {
    const Collection work = calendar(true);
    const Resource cal = collection_resource(work);
    const Resource obj = object_in(work);
    for (const PrivilegeSet& set : {privileges({"alice", {}}, cal), privileges({"alice", {}}, obj)}) {
        CHECK(set.has(Privilege::read));
        CHECK_FALSE(set.has(Privilege::write_content));
        CHECK_FALSE(set.has(Privilege::write_properties));
        CHECK_FALSE(set.has(Privilege::bind));
        CHECK_FALSE(set.has(Privilege::unbind));
    }
    const SharedCalendar rw[] = {{work, Access::read_write}};
    CHECK_FALSE(privileges({"bob", rw}, obj).has(Privilege::write_content));
    CHECK(privileges({"bob", rw}, obj).has(Privilege::read));
}
