// SyncFolderItems in the EWS stand-in: paging, one change per item, deletes, invalid states.
#include "standin_client.h"

using namespace standin_test;

namespace {
struct Page {
    std::string state;
    bool last = false;
    std::vector<std::string> changes;  // "Create <subject-or-id>", ...
    std::string code;
};

Page sync(calbridge::ews_standin::EwsStandin& s, const std::string& state, int max) {
    auto r = soap(s, "<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                     "<t:FieldURI FieldURI=\"item:Subject\"/></t:AdditionalProperties></m:ItemShape><m:SyncFolderId>" +
                         calendar() + "</m:SyncFolderId>" + (state.empty() ? "" : "<m:SyncState>" + state + "</m:SyncState>") +
                         "<m:MaxChangesReturned>" + std::to_string(max) + "</m:MaxChangesReturned></m:SyncFolderItems>");
    Page p;
    p.code = r.code();
    p.state = r.message().child_value("m:SyncState");
    p.last = std::string(r.message().child_value("m:IncludesLastItemInRange")) == "true";
    for (auto c : r.message().child("m:Changes").children()) {
        std::string kind = std::string(c.name()).substr(2);
        auto item = c.first_child();
        p.changes.push_back(kind + " " + (kind == "Delete" ? std::string("-") : std::string(item.child_value("t:Subject"))));
    }
    return p;
}

std::string make(calbridge::ews_standin::EwsStandin& s, const std::string& subject) {
    auto r = create(s, "<t:Subject>" + subject + "</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>");
    REQUIRE(r.code() == "NoError");
    return first_item(r).child("t:ItemId").attribute("Id").value();
}
}  // namespace

TEST_CASE("EWS stand-in: SyncFolderItems pages with MaxChangesReturned and reports the latest state of each item", "[ews_standin]") {
    auto s = start_standin();
    std::vector<std::string> ids;
    for (const char* subject : {"a", "b", "c", "d", "e"}) ids.push_back(make(*s, subject));

    auto p1 = sync(*s, "", 2);
    CHECK(p1.changes == std::vector<std::string>{"Create a", "Create b"});
    CHECK_FALSE(p1.last);
    auto p2 = sync(*s, p1.state, 2);
    CHECK(p2.changes == std::vector<std::string>{"Create c", "Create d"});
    auto p3 = sync(*s, p2.state, 2);
    CHECK(p3.changes == std::vector<std::string>{"Create e"});
    CHECK(p3.last);
    auto idle = sync(*s, p3.state, 2);
    CHECK(idle.changes.empty());
    CHECK(idle.last);

    // b touched twice, c deleted, f created: one change each.
    REQUIRE(s->touch_item(ids[1]));
    REQUIRE(s->touch_item(ids[1]));
    REQUIRE(soap(*s, "<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds><t:ItemId Id=\"" + ids[2] +
                         "\"/></m:ItemIds></m:DeleteItem>").code() == "NoError");
    make(*s, "f");
    auto p4 = sync(*s, idle.state, 512);
    CHECK(p4.changes == std::vector<std::string>{"Update b", "Delete -", "Create f"});
    CHECK(p4.last);

    // Replaying an old state is fine (the client crashed before saving the new one).
    CHECK(sync(*s, idle.state, 512).changes == p4.changes);

    // m:Ignore leaves an item's changes out.
    REQUIRE(s->touch_item(ids[0]));
    auto ignoring = soap(*s, "<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>" +
                                 calendar() + "</m:SyncFolderId><m:SyncState>" + p4.state + "</m:SyncState><m:Ignore><t:ItemId Id=\"" +
                                 ids[0] + "\"/></m:Ignore><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>");
    CHECK(ignoring.code() == "NoError");
    CHECK_FALSE(ignoring.message().child("m:Changes").first_child());
    CHECK(sync(*s, p4.state, 10).changes == std::vector<std::string>{"Update a"});

    s->invalidate_sync_states();
    CHECK(sync(*s, p4.state, 10).code == "ErrorInvalidSyncStateData");
    CHECK(sync(*s, "bm90IGEgc3RhdGU=", 10).code == "ErrorInvalidSyncStateData");
    auto full = sync(*s, "", 512);
    CHECK(full.changes.size() == 5);
    require_all_valid(*s);
}
