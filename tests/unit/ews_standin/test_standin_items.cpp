// The EWS stand-in's items over loopback: CreateItem, GetItem, UpdateItem with ChangeKeys,
// DeleteItem, FindItem by UID / global object id, shared calendars read-only.
#include "standin_client.h"

#include <map>

#include "converters/mapi/appointment/global_object_id.h"
#include "gateway/auth/base64.h"

#include <atomic>
#include <thread>

using namespace standin_test;

namespace {
const std::string kSingle =
    "<t:Subject>Review</t:Subject><t:Body BodyType=\"Text\">agenda</t:Body>"
    "<t:Start>2026-03-02T10:00:00+01:00</t:Start><t:End>2026-03-02T11:00:00+01:00</t:End>"
    "<t:Location>Room 1</t:Location>"
    "<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>bob@example.com</t:EmailAddress></t:Mailbox>"
    "</t:Attendee></t:RequiredAttendees>";

std::string update_body(const std::string& id, const std::string& updates, const std::string& resolution = "AutoResolve") {
    return "<m:UpdateItem ConflictResolution=\"" + resolution +
           "\" SendMeetingInvitationsOrCancellations=\"SendToNone\"><m:ItemChanges><t:ItemChange>" + id + "<t:Updates>" +
           updates + "</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>";
}

std::string set_subject(const std::string& s) {
    return "<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>" + s +
           "</t:Subject></t:CalendarItem></t:SetItemField>";
}
}  // namespace

TEST_CASE("EWS stand-in: requests need Basic credentials", "[ews_standin]") {
    auto s = start_standin();
    auto r = post(*s, envelope(get_item_body("")), "");
    CHECK(r.status == 401);
    CHECK(r.headers.count("WWW-Authenticate") == 1);
    CHECK(post(*s, envelope(get_item_body("")), "alice@example.com", "wrong").status == 401);
    CHECK(s->stats().unauthorized == 2);
}

TEST_CASE("EWS stand-in: a request that fails the schema gets ErrorSchemaValidation and is counted", "[ews_standin]") {
    auto s = start_standin();
    auto r = soap(*s, "<m:GetItem><m:ItemShap><t:BaseShape>IdOnly</t:BaseShape></m:ItemShap></m:GetItem>");
    CHECK(r.status == 500);
    CHECK(std::string(r.doc->document_element().child("s:Body").child("s:Fault").child_value("faultcode")) ==
          "a:ErrorSchemaValidation");
    CHECK(s->stats().operations["GetItem"].invalid_requests == 1);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: a RequestServerVersion the schema does not know gets ErrorInvalidRequest, as Exchange 2019 answers it",
          "[ews_standin]") {
    auto s = start_standin();
    std::string raw = envelope(get_item_body(""));
    raw.replace(raw.find("Exchange2016"), 12, "Exchange2019");
    auto r = post(*s, raw);
    CHECK(r.status == 500);
    CHECK(std::string(r.doc->document_element().child("s:Body").child("s:Fault").child_value("faultcode")) == "a:ErrorInvalidRequest");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: concurrent clients are served consistently", "[ews_standin]") {
    auto s = start_standin();
    std::vector<std::thread> threads;
    std::atomic<int> created{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i)
                if (create(*s, "<t:Subject>t" + std::to_string(t) + "-" + std::to_string(i) +
                                   "</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>")
                        .code() == "NoError")
                    ++created;
        });
    for (auto& t : threads) t.join();
    CHECK(created == 60);
    auto all = soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    CHECK(all.message().child("m:RootFolder").attribute("TotalItemsInView").as_int() == 60);
    CHECK(s->stats().total().requests == 61);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: several items in one CreateItem, each with its own response message", "[ews_standin]") {
    auto s = start_standin();
    auto r = soap(*s, "<m:CreateItem SendMeetingInvitations=\"SendToNone\"><m:Items>"
                      "<t:CalendarItem><t:Subject>A</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End></t:CalendarItem>"
                      "<t:CalendarItem><t:Subject>B</t:Subject><t:Start>2026-03-02T12:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End></t:CalendarItem>"
                      "<t:CalendarItem><t:Subject>C</t:Subject><t:Start>2026-03-03T10:00:00Z</t:Start><t:End>2026-03-03T11:00:00Z</t:End></t:CalendarItem>"
                      "</m:Items></m:CreateItem>");
    REQUIRE(r.status == 200);
    CHECK(r.code(0) == "NoError");
    CHECK(r.code(1) == "ErrorCalendarEndDateIsEarlierThanStartDate");
    CHECK(r.code(2) == "NoError");
    CHECK(std::string(first_item(r, 0).child("t:ItemId").attribute("Id").value()) !=
          first_item(r, 2).child("t:ItemId").attribute("Id").value());
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: GetItem returns the CalendarItem in schema order with UTC times", "[ews_standin]") {
    auto s = start_standin();
    auto created = create(*s, kSingle);
    REQUIRE(created.code() == "NoError");
    auto r = soap(*s, get_item_body(item_id(first_item(created))));
    REQUIRE(r.code() == "NoError");
    auto item = first_item(r);
    CHECK(std::string(item.child_value("t:Subject")) == "Review");
    CHECK(std::string(item.child_value("t:Start")) == "2026-03-02T09:00:00Z");
    CHECK(std::string(item.child_value("t:End")) == "2026-03-02T10:00:00Z");
    CHECK(std::string(item.child_value("t:CalendarItemType")) == "Single");
    CHECK(std::string(item.child_value("t:IsMeeting")) == "true");
    CHECK(std::string(item.child("t:Organizer").child("t:Mailbox").child_value("t:EmailAddress")) == "alice@example.com");
    CHECK(std::string(item.child("t:StartTimeZone").attribute("Id").value()) == "W. Europe Standard Time");
    CHECK_FALSE(std::string(item.child_value("t:UID")).empty());
    // IdOnly + AdditionalProperties: only what was asked (unknown message: fields ignored).
    auto only = soap(*s, get_item_body(item_id(first_item(created)), "IdOnly",
                                       "<t:AdditionalProperties><t:FieldURI FieldURI=\"item:Subject\"/>"
                                       "<t:FieldURI FieldURI=\"message:IsRead\"/></t:AdditionalProperties>"));
    auto few = first_item(only);
    CHECK(std::string(few.child_value("t:Subject")) == "Review");
    CHECK_FALSE(few.child("t:Start"));
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: UpdateItem keeps the ItemId, changes the ChangeKey, refuses an outdated one", "[ews_standin]") {
    auto s = start_standin();
    auto created = create(*s, kSingle);
    const std::string original = item_id(first_item(created));
    const std::string id = first_item(created).child("t:ItemId").attribute("Id").value();
    const std::string ck = first_item(created).child("t:ItemId").attribute("ChangeKey").value();

    auto u1 = soap(*s, update_body(original, set_subject("Review (moved)")));
    REQUIRE(u1.code() == "NoError");
    auto after = first_item(u1).child("t:ItemId");
    CHECK(std::string(after.attribute("Id").value()) == id);
    CHECK(std::string(after.attribute("ChangeKey").value()) != ck);

    // The old ChangeKey is outdated. AutoResolve applies a change to another property, refuses
    // one to the property changed since; NeverOverwrite refuses; AlwaysOverwrite wins.
    auto merged = soap(*s, update_body(original, "<t:SetItemField><t:FieldURI FieldURI=\"calendar:Location\"/><t:CalendarItem>"
                                                 "<t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField>"));
    CHECK(merged.code() == "NoError");
    CHECK(soap(*s, update_body(original, set_subject("X"))).code() == "ErrorIrresolvableConflict");
    CHECK(soap(*s, update_body("<t:ItemId Id=\"" + id + "\" ChangeKey=\"bogus\"/>", set_subject("X"))).code() == "ErrorInvalidChangeKey");
    CHECK(soap(*s, update_body(original, set_subject("X"), "NeverOverwrite")).code() == "ErrorIrresolvableConflict");
    auto u2 = soap(*s, update_body(original, set_subject("Forced"), "AlwaysOverwrite"));
    REQUIRE(u2.code() == "NoError");
    const std::string ck2 = first_item(u2).child("t:ItemId").attribute("ChangeKey").value();
    CHECK(ck2 != after.attribute("ChangeKey").value());

    // A colleague's edit (outside EWS) conflicts with any AutoResolve update on the old key.
    REQUIRE(s->touch_item(id));
    CHECK(soap(*s, update_body(item_id(first_item(u2)), set_subject("Y"))).code() == "ErrorIrresolvableConflict");

    // DeleteItemField and AppendToItemField.
    auto got = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>")));
    auto u3 = soap(*s, update_body(item_id(got),
                                   "<t:DeleteItemField><t:FieldURI FieldURI=\"calendar:Location\"/></t:DeleteItemField>"
                                   "<t:AppendToItemField><t:FieldURI FieldURI=\"calendar:RequiredAttendees\"/><t:CalendarItem>"
                                   "<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>carol@example.com</t:EmailAddress>"
                                   "</t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></t:AppendToItemField>"));
    REQUIRE(u3.code() == "NoError");
    auto final_item = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>")));
    CHECK(std::string(final_item.child_value("t:Subject")) == "Forced");
    CHECK(std::string(first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>"))).child_value("t:Subject")) == "Forced");
    CHECK_FALSE(final_item.child("t:Location"));
    CHECK(std::distance(final_item.child("t:RequiredAttendees").children().begin(),
                        final_item.child("t:RequiredAttendees").children().end()) == 2);

    // DeleteItem, then the id is gone.
    auto d = soap(*s, "<m:DeleteItem DeleteType=\"HardDelete\" SendMeetingCancellations=\"SendToNone\"><m:ItemIds><t:ItemId Id=\"" +
                          id + "\"/></m:ItemIds></m:DeleteItem>");
    CHECK(d.code() == "NoError");
    CHECK(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>")).code() == "ErrorItemNotFound");
    CHECK(soap(*s, get_item_body("<t:ItemId Id=\"not-an-id\"/>")).code() == "ErrorInvalidIdMalformed");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: the global object id follows the UID and FindItem finds an item by it", "[ews_standin]") {
    auto s = start_standin();
    REQUIRE(create(*s, "<t:Subject>Other</t:Subject><t:UID>other@example.com</t:UID><t:Start>2026-03-02T10:00:00Z</t:Start>"
                       "<t:End>2026-03-02T11:00:00Z</t:End>").code() == "NoError");
    auto created = create(*s, "<t:Subject>Mine</t:Subject><t:UID>mine-42@example.com</t:UID>"
                              "<t:Start>2026-03-04T10:00:00Z</t:Start><t:End>2026-03-04T11:00:00Z</t:End>");
    REQUIRE(created.code() == "NoError");
    const std::string goid_uri = "<t:ExtendedFieldURI PropertySetId=\"6ED8DA90-450B-101B-98DA-00AA003F1305\" PropertyId=\"3\" "
                                 "PropertyType=\"Binary\"/>";
    auto got = first_item(soap(*s, get_item_body(item_id(first_item(created)), "IdOnly",
                                                 "<t:AdditionalProperties>" + goid_uri + "</t:AdditionalProperties>")));
    const std::string value = got.child("t:ExtendedProperty").child_value("t:Value");
    REQUIRE_FALSE(value.empty());
    auto bytes = calbridge::auth::base64_decode(value);
    REQUIRE(bytes);
    // MS-OXCICAL 2.1.3.1.1.20.26 read back with the converter the bridge uses.
    CHECK(calbridge::mapi::uid_from_global_object_id(
              std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size())) == "mine-42@example.com");

    auto found = soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>"
                          "<t:AdditionalProperties><t:FieldURI FieldURI=\"item:Subject\"/></t:AdditionalProperties></m:ItemShape>"
                          "<m:IndexedPageItemView MaxEntriesReturned=\"10\" Offset=\"0\" BasePoint=\"Beginning\"/>"
                          "<m:Restriction><t:IsEqualTo>" + goid_uri + "<t:FieldURIOrConstant><t:Constant Value=\"" + value +
                          "\"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>"
                          "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    REQUIRE(found.code() == "NoError");
    auto root = found.message().child("m:RootFolder");
    CHECK(root.attribute("TotalItemsInView").as_int() == 1);
    CHECK(std::string(root.child("t:Items").first_child().child_value("t:Subject")) == "Mine");

    // Exchange cannot search on calendar:UID.
    auto by_uid = soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                           "<m:Restriction><t:IsEqualTo><t:FieldURI FieldURI=\"calendar:UID\"/><t:FieldURIOrConstant>"
                           "<t:Constant Value=\"mine-42@example.com\"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>"
                           "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    CHECK(by_uid.code() == "ErrorUnsupportedPathForQuery");

    // An Outlook-style UID is generated when the client sets none, and is the hex of the id.
    auto plain = create(*s, "<t:Subject>NoUid</t:Subject><t:Start>2026-03-05T10:00:00Z</t:Start><t:End>2026-03-05T11:00:00Z</t:End>");
    auto p = first_item(soap(*s, get_item_body(item_id(first_item(plain)), "IdOnly",
                                               "<t:AdditionalProperties><t:FieldURI FieldURI=\"calendar:UID\"/>" + goid_uri +
                                                   "</t:AdditionalProperties>")));
    const std::string uid = p.child_value("t:UID");
    CHECK(uid.rfind("040000008200E00074C5B7101A82E008", 0) == 0);
    auto pbytes = calbridge::auth::base64_decode(p.child("t:ExtendedProperty").child_value("t:Value"));
    REQUIRE(pbytes);
    CHECK(calbridge::mapi::uid_from_global_object_id(
              std::span(reinterpret_cast<const std::uint8_t*>(pbytes->data()), pbytes->size())) == uid);

    // A client that sets only the global object id gets the UID derived from it, and one id back.
    auto by_goid = create(*s, "<t:Subject>ByGoid</t:Subject><t:ExtendedProperty>" + goid_uri + "<t:Value>" +
                                  std::string(p.child("t:ExtendedProperty").child_value("t:Value")) +
                                  "</t:Value></t:ExtendedProperty><t:Start>2026-03-06T10:00:00Z</t:Start><t:End>2026-03-06T11:00:00Z</t:End>");
    REQUIRE(by_goid.code() == "NoError");
    auto g = first_item(soap(*s, get_item_body(item_id(first_item(by_goid)), "IdOnly",
                                               "<t:AdditionalProperties><t:FieldURI FieldURI=\"calendar:UID\"/>" + goid_uri +
                                                   "</t:AdditionalProperties>")));
    CHECK(std::string(g.child_value("t:UID")) == uid);
    CHECK(std::distance(g.children("t:ExtendedProperty").begin(), g.children("t:ExtendedProperty").end()) == 1);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: a calendar shared read-only can be read but not written", "[ews_standin]") {
    auto s = start_standin();
    auto bobs = create(*s, kSingle, calendar(), "bob@example.com", "secret2");
    REQUIRE(bobs.code() == "NoError");

    auto folder = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds>" +
                               calendar("bob@example.com") + "</m:FolderIds></m:GetFolder>");
    REQUIRE(folder.code() == "NoError");
    auto cf = folder.message().child("m:Folders").child("t:CalendarFolder");
    CHECK(std::string(cf.child("t:EffectiveRights").child_value("t:Read")) == "true");
    CHECK(std::string(cf.child("t:EffectiveRights").child_value("t:Modify")) == "false");
    CHECK(cf.child("t:TotalCount").text().as_int() == 1);

    CHECK(soap(*s, get_item_body(item_id(first_item(bobs)))).code() == "NoError");
    CHECK(create(*s, kSingle, calendar("bob@example.com")).code() == "ErrorAccessDenied");
    CHECK(soap(*s, update_body(item_id(first_item(bobs)), set_subject("mine now"))).code() == "ErrorAccessDenied");
    CHECK(soap(*s, "<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds>" + item_id(first_item(bobs)) +
                       "</m:ItemIds></m:DeleteItem>").code() == "ErrorAccessDenied");
    // Alice's own calendar made read-only by the fault API.
    REQUIRE(s->set_folder_read_only("alice@example.com", "calendar", true));
    CHECK(create(*s, kSingle).code() == "ErrorAccessDenied");
    // Bob shares nothing else: carol does not exist.
    CHECK(soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>" +
                       calendar("carol@example.com") + "</m:FolderIds></m:GetFolder>").code() == "ErrorNonExistentMailbox");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: FindFolder lists the sub-calendar", "[ews_standin]") {
    auto s = start_standin();
    auto r = soap(*s, "<m:FindFolder Traversal=\"Deep\"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>"
                      "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"msgfolderroot\"/></m:ParentFolderIds></m:FindFolder>");
    REQUIRE(r.code() == "NoError");
    std::vector<std::string> names;
    for (auto f : r.message().child("m:RootFolder").child("t:Folders").children())
        if (std::string(f.child_value("t:FolderClass")) == "IPF.Appointment") names.push_back(f.child_value("t:DisplayName"));
    CHECK(names == std::vector<std::string>{"Calendar", "Team"});

    // The sub-calendar by its FolderId: GetFolder, CreateItem into it, FindItem in it only.
    pugi::xml_node team;
    for (auto f : r.message().child("m:RootFolder").child("t:Folders").children())
        if (std::string(f.child_value("t:DisplayName")) == "Team") team = f;
    REQUIRE(std::string(team.name()) == "t:CalendarFolder");
    CHECK(std::string(team.child_value("t:FolderClass")) == "IPF.Appointment");
    const std::string team_id = "<t:FolderId Id=\"" + std::string(team.child("t:FolderId").attribute("Id").value()) + "\"/>";
    auto got = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds>" + team_id +
                            "</m:FolderIds></m:GetFolder>");
    CHECK(std::string(got.message().child("m:Folders").first_child().child_value("t:DisplayName")) == "Team");
    REQUIRE(create(*s, "<t:Subject>team meeting</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>",
                   team_id).code() == "NoError");
    auto count = [&](const std::string& folder) {
        return soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        "<m:ParentFolderIds>" + folder + "</m:ParentFolderIds></m:FindItem>")
            .message().child("m:RootFolder").attribute("TotalItemsInView").as_int();
    };
    CHECK(count(team_id) == 1);
    CHECK(count(calendar()) == 0);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: file attachments are created, listed, fetched and deleted, each a change of the item", "[ews_standin]") {
    auto s = start_standin();
    auto created = create(*s, kSingle);
    const std::string id = first_item(created).child("t:ItemId").attribute("Id").value();
    const std::string ck = first_item(created).child("t:ItemId").attribute("ChangeKey").value();
    auto added = soap(*s, "<m:CreateAttachment><m:ParentItemId Id=\"" + id + "\"/><m:Attachments><t:FileAttachment>"
                          "<t:Name>agenda.txt</t:Name><t:ContentType>text/plain</t:ContentType><t:Content>aGVsbG8gd29ybGQ=</t:Content>"
                          "</t:FileAttachment></m:Attachments></m:CreateAttachment>");
    REQUIRE(added.code() == "NoError");
    auto aid = added.message().child("m:Attachments").child("t:FileAttachment").child("t:AttachmentId");
    CHECK(std::string(aid.attribute("RootItemId").value()) == id);
    CHECK(std::string(aid.attribute("RootItemChangeKey").value()) != ck);

    auto item = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>")));
    CHECK(std::string(item.child_value("t:HasAttachments")) == "true");
    auto listed = item.child("t:Attachments").child("t:FileAttachment");
    CHECK(std::string(listed.child_value("t:Name")) == "agenda.txt");
    CHECK(listed.child("t:Size").text().as_int() == 11);
    CHECK_FALSE(listed.child("t:Content"));

    const std::string get = "<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id=\"" + std::string(aid.attribute("Id").value()) +
                            "\"/></m:AttachmentIds></m:GetAttachment>";
    auto fetched = soap(*s, get);
    REQUIRE(fetched.code() == "NoError");
    CHECK(std::string(fetched.message().child("m:Attachments").child("t:FileAttachment").child_value("t:Content")) ==
          "aGVsbG8gd29ybGQ=");
    auto removed = soap(*s, "<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id=\"" + std::string(aid.attribute("Id").value()) +
                                "\"/></m:AttachmentIds></m:DeleteAttachment>");
    CHECK(removed.code() == "NoError");
    CHECK(soap(*s, get).code() == "ErrorInvalidAttachmentId");
    CHECK_FALSE(first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + id + "\"/>"))).child("t:Attachments"));
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: ConvertId EwsId to EwsId names the mailbox that holds the id, whatever the request said", "[ews_standin]") {
    auto s = start_standin();
    // DavMail 6 learns the user's address this way: GetFolder root, then ConvertId of its id.
    auto root = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>"
                         "<t:DistinguishedFolderId Id=\"root\"/></m:FolderIds></m:GetFolder>");
    const std::string root_id = root.message().child("m:Folders").first_child().child("t:FolderId").attribute("Id").value();
    REQUIRE(!root_id.empty());
    auto item = create(*s, "<t:Subject>x</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>");
    const std::string item_id = item.message().child("m:Items").first_child().child("t:ItemId").attribute("Id").value();
    auto r = soap(*s, "<m:ConvertId DestinationFormat=\"EwsId\"><m:SourceIds>"
                      "<t:AlternateId Format=\"EwsId\" Id=\"" + root_id + "\" Mailbox=\"blah@blah.com\"/>"
                      "<t:AlternateId Format=\"EwsId\" Id=\"" + item_id + "\" Mailbox=\"blah@blah.com\"/>"
                      "<t:AlternateId Format=\"EwsId\" Id=\"bm90LW91cnM=\" Mailbox=\"blah@blah.com\"/>"
                      "<t:AlternateId Format=\"HexEntryId\" Id=\"00AB\" Mailbox=\"alice@example.com\"/>"
                      "</m:SourceIds></m:ConvertId>");
    REQUIRE(r.status == 200);
    REQUIRE(r.code(0) == "NoError");
    auto alt = r.message(0).child("m:AlternateId");
    CHECK(std::string(alt.attribute("Mailbox").value()) == "alice@example.com");
    CHECK(std::string(alt.attribute("Id").value()) == root_id);
    CHECK(std::string(alt.attribute("Format").value()) == "EwsId");
    CHECK(std::string(alt.attribute("xsi:type").value()) == "t:AlternateIdType");
    CHECK(r.code(1) == "NoError");
    CHECK(std::string(r.message(1).child("m:AlternateId").attribute("Mailbox").value()) == "alice@example.com");
    CHECK(r.code(2) == "ErrorInvalidIdMalformed");
    CHECK(r.code(3) == "ErrorInvalidRequest");
    // bob's root folder, visible to alice as the reader of his shared calendar, is bob's mailbox.
    auto bob_root = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>"
                             "<t:DistinguishedFolderId Id=\"root\"><t:Mailbox><t:EmailAddress>bob@example.com</t:EmailAddress>"
                             "</t:Mailbox></t:DistinguishedFolderId></m:FolderIds></m:GetFolder>");
    const std::string bob_root_id = bob_root.message().child("m:Folders").first_child().child("t:FolderId").attribute("Id").value();
    REQUIRE(!bob_root_id.empty());
    auto b = soap(*s, "<m:ConvertId DestinationFormat=\"EwsId\"><m:SourceIds><t:AlternateId Format=\"EwsId\" Id=\"" + bob_root_id +
                          "\" Mailbox=\"alice@example.com\"/></m:SourceIds></m:ConvertId>");
    CHECK(std::string(b.message().child("m:AlternateId").attribute("Mailbox").value()) == "bob@example.com");
    // The well-known folders DavMail resolves at login all exist.
    for (const char* id : {"inbox", "contacts", "sentitems", "drafts", "deleteditems", "junkemail", "outbox", "tasks"}) {
        INFO(id);
        auto f = soap(*s, std::string("<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds>"
                                      "<t:DistinguishedFolderId Id=\"") + id + "\"/></m:FolderIds></m:GetFolder>");
        CHECK(f.code() == "NoError");
    }
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: GetFolder answers the MAPI folder properties asked by tag, omits the unknown ones", "[ews_standin]") {
    auto s = start_standin();
    REQUIRE(create(*s, "<t:Subject>x</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>").code() ==
            "NoError");
    // The shape DavMail 6 asks for every folder it resolves.
    auto r = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x6752\" PropertyType=\"Integer\"/>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x3613\" PropertyType=\"String\"/>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x3603\" PropertyType=\"Integer\"/>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x360a\" PropertyType=\"Boolean\"/>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x670a\" PropertyType=\"SystemTime\"/>"
                      "<t:FieldURI FieldURI=\"folder:DisplayName\"/>"
                      "<t:ExtendedFieldURI PropertyTag=\"0x3602\" PropertyType=\"Integer\"/>"
                      "</t:AdditionalProperties></m:FolderShape><m:FolderIds>" + calendar() + "</m:FolderIds></m:GetFolder>");
    REQUIRE(r.code() == "NoError");
    std::map<std::string, std::string> props;
    for (auto e : r.message().child("m:Folders").first_child().children("t:ExtendedProperty"))
        props[e.child("t:ExtendedFieldURI").attribute("PropertyTag").value()] = e.child_value("t:Value");
    CHECK(props["0x3613"] == "IPF.Appointment");
    CHECK(props["0x3602"] == "1");
    CHECK(props["0x3603"] == "0");
    CHECK(props["0x360a"] == "true");  // the sub-calendar "Team"
    CHECK(props["0x670a"].size() == 20);  // 2026-11-27T04:55:14Z
    CHECK(props.count("0x6752") == 0);    // not a property the stand-in keeps: omitted, as Exchange omits unset ones
    // A mail folder's class.
    auto inbox = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                          "<t:ExtendedFieldURI PropertyTag=\"0x3613\" PropertyType=\"String\"/></t:AdditionalProperties>"
                          "</m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds></m:GetFolder>");
    CHECK(std::string(inbox.message().child("m:Folders").first_child().child("t:ExtendedProperty").child_value("t:Value")) == "IPF.Note");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: computed MAPI properties of items, asked by tag or name and usable in restrictions (DavMail's calendar listing)", "[ews_standin]") {
    auto s = start_standin();
    REQUIRE(create(*s, "<t:Subject>single</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>").code() ==
            "NoError");
    REQUIRE(create(*s, "<t:Subject>series</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>"
                       "<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence>"
                       "<t:NumberedRecurrence><t:StartDate>2026-03-02</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences>"
                       "</t:NumberedRecurrence></t:Recurrence>").code() == "NoError");
    const std::string recurring = "<t:ExtendedFieldURI DistinguishedPropertySetId=\"Appointment\" PropertyId=\"33315\" PropertyType=\"Boolean\"/>";
    const std::string instance =
        "<t:ExtendedFieldURI DistinguishedPropertySetId=\"PublicStrings\" PropertyName=\"urn:schemas:calendar:instancetype\" PropertyType=\"Integer\"/>";
    auto find = [&](const std::string& restriction) {
        return soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>" +
                            recurring + instance + "<t:ExtendedFieldURI PropertyTag=\"0x37\" PropertyType=\"String\"/>"
                            "<t:ExtendedFieldURI PropertyTag=\"0xe23\" PropertyType=\"Integer\"/>"
                            "<t:ExtendedFieldURI PropertyTag=\"0x3008\" PropertyType=\"SystemTime\"/>"
                            "</t:AdditionalProperties></m:ItemShape>" + restriction +
                            "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    };
    auto is_equal = [](const std::string& uri, const std::string& value) {
        return "<t:IsEqualTo>" + uri + "<t:FieldURIOrConstant><t:Constant Value=\"" + value + "\"/></t:FieldURIOrConstant></t:IsEqualTo>";
    };
    auto all = find("");
    REQUIRE(all.code() == "NoError");
    std::map<std::string, std::map<std::string, std::string>> by_subject;  // subject (0x37) -> key -> value
    for (auto item : all.message().child("m:RootFolder").child("t:Items").children()) {
        std::map<std::string, std::string> props;
        for (auto e : item.children("t:ExtendedProperty")) {
            auto uri = e.child("t:ExtendedFieldURI");
            std::string key = uri.attribute("PropertyTag").value();
            if (key.empty()) key = std::string(uri.attribute("PropertyId").value()) + uri.attribute("PropertyName").value();
            props[key] = e.child_value("t:Value");
        }
        by_subject[props["0x37"]] = props;
    }
    REQUIRE(by_subject.size() == 2);
    CHECK(by_subject["single"]["33315"] == "false");
    CHECK(by_subject["single"]["urn:schemas:calendar:instancetype"] == "0");
    CHECK(by_subject["series"]["33315"] == "true");
    CHECK(by_subject["series"]["urn:schemas:calendar:instancetype"] == "1");
    CHECK(by_subject["single"]["0xe23"] != by_subject["series"]["0xe23"]);
    CHECK(by_subject["series"]["0x3008"].size() == 20);
    // Restrictions on them, as DavMail sends its listing.
    auto singles = find("<m:Restriction>" + is_equal(recurring, "false") + "</m:Restriction>");
    CHECK(singles.message().child("m:RootFolder").attribute("TotalItemsInView").as_int() == 1);
    auto masters = find("<m:Restriction>" + is_equal(instance, "1") + "</m:Restriction>");
    CHECK(masters.message().child("m:RootFolder").attribute("TotalItemsInView").as_int() == 1);
    auto both = find("<m:Restriction><t:Or><t:Or>" + is_equal(recurring, "true") + is_equal(recurring, "false") + "</t:Or><t:Or>" +
                     is_equal(instance, "1") + is_equal(instance, "0") + "</t:Or></t:Or></m:Restriction>");
    CHECK(both.message().child("m:RootFolder").attribute("TotalItemsInView").as_int() == 2);
    require_all_valid(*s);
}
