// Each EWS operation against a loopback server that answers from Microsoft's samples or from
// what the request asked: the parsed results, the requests' content (ids, shapes, attributes
// that keep invitations from being sent), batching, and per-item errors as results. Every
// request is validated against messages.xsd/types.xsd by the server.
#include <catch2/catch.hpp>

#include <string>

#include "client_fixture.h"
#include "ews/errors.h"
#include "ews/operations/folders.h"
#include "ews/operations/items.h"
#include "ews/operations/sync_folder_items.h"
#include "request_reader.h"

using namespace calbridge::ews;
using namespace calbridge::ews::test;

namespace {

const std::string kPath = "/EWS/Exchange.asmx";

std::string folder_xml(const std::string& element, const std::string& id, const std::string& cls,
                       const std::string& name, bool can_write) {
    const char* w = can_write ? "true" : "false";
    return "<t:" + element + R"(><t:FolderId Id=")" + id + R"(" ChangeKey="CK-)" + id + R"("/><t:ParentFolderId Id="PARENT" ChangeKey="P"/><t:FolderClass>)" +
           cls + "</t:FolderClass><t:DisplayName>" + name + "</t:DisplayName><t:TotalCount>7</t:TotalCount>"
           "<t:EffectiveRights><t:CreateAssociated>false</t:CreateAssociated><t:CreateContents>" + w +
           "</t:CreateContents><t:CreateHierarchy>false</t:CreateHierarchy><t:Delete>" + w + "</t:Delete><t:Modify>" + w +
           "</t:Modify><t:Read>true</t:Read></t:EffectiveRights></t:" + element + ">";
}

std::string ok_message(const std::string& op, const std::string& inner) {
    return "<m:" + op + R"(ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>)" + inner +
           "</m:" + op + "ResponseMessage>";
}

std::string calendar_fragment(const std::string& subject) {
    return "<t:CalendarItem><t:Subject>" + subject +
           "</t:Subject><t:Start>2026-03-02T09:00:00Z</t:Start><t:End>2026-03-02T10:00:00Z</t:End></t:CalendarItem>";
}

}  // namespace

TEST_CASE("GetFolder: another mailbox's calendar, read-only rights") {
    CannedServer server;
    const std::string answer =
        response("GetFolder", ok_message("GetFolder", "<m:Folders>" +
                                                          folder_xml("CalendarFolder", "BOSSCAL", "IPF.Appointment",
                                                                     "Calendar", false) +
                                                          "</m:Folders>"));
    REQUIRE(schema().validate(answer).valid);
    server.queue(kPath, {200, answer, {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const FolderInfo f = get_folder(client, FolderRef::distinguished("calendar", "boss@example.com"));
    CHECK(f.id.id == "BOSSCAL");
    CHECK(f.id.change_key == "CK-BOSSCAL");
    CHECK(f.display_name == "Calendar");
    CHECK(f.is_calendar());
    CHECK(f.total_count == 7);
    CHECK(f.can_read);
    CHECK_FALSE(f.can_create);
    CHECK_FALSE(f.can_modify);
    CHECK_FALSE(f.can_delete);
    const auto reqs = server.requests_for("GetFolder");
    REQUIRE(reqs.size() == 1);
    RequestReader req(reqs[0].body);
    const auto dfid = req.first(ns::kTypes, "DistinguishedFolderId");
    CHECK(std::string(dfid.attribute("Id").value()) == "calendar");
    CHECK(xml::child_text(xml::child(dfid, ns::kTypes, "Mailbox"), ns::kTypes, "EmailAddress") == "boss@example.com");
    CHECK(req.all(ns::kTypes, "FieldURI").size() == 5);
    CHECK(server.invalid() == 0);
}

TEST_CASE("GetFolder: ErrorFolderNotFound and ErrorAccessDenied throw with their categories") {
    CannedServer server;
    server.queue(kPath, {200, response("GetFolder", error_message("GetFolder", "ErrorFolderNotFound", "The specified folder could not be found in the store.")), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        get_folder(client, FolderRef::by_id("NOPE"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::item_not_found);
        CHECK(std::string(e.what()).find("EWS GetFolder (folder NOPE): ErrorFolderNotFound: The specified folder") == 0);
    }
    CannedServer denied;
    denied.queue(kPath, {200, response("GetFolder", error_message("GetFolder", "ErrorAccessDenied", "Access is denied. Check credentials and try again.")), {}});
    EwsClient client2(options_for(denied.ews_url(), waits));
    try {
        get_folder(client2, FolderRef::distinguished("calendar", "ceo@example.com"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::access_denied);
        CHECK(std::string(e.what()).find("ceo@example.com") != std::string::npos);
    }
}

TEST_CASE("FindFolder: calendar sub-folders over two pages, other folder classes left out") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        const std::string offset = req.first(ns::kMessages, "IndexedPageFolderView").attribute("Offset").value();
        if (offset == "0") {
            return Canned{200, response("FindFolder", ok_message("FindFolder",
                R"(<m:RootFolder IndexedPagingOffset="2" TotalItemsInView="3" IncludesLastItemInRange="false"><t:Folders>)" +
                folder_xml("CalendarFolder", "SUB1", "IPF.Appointment", "Holidays", true) +
                folder_xml("Folder", "NOTES", "IPF.StickyNote", "Notes", true) + "</t:Folders></m:RootFolder>")), {}};
        }
        return Canned{200, response("FindFolder", ok_message("FindFolder",
            R"(<m:RootFolder IndexedPagingOffset="3" TotalItemsInView="3" IncludesLastItemInRange="true"><t:Folders>)" +
            folder_xml("CalendarFolder", "SUB2", "IPF.Appointment.Birthday", "Birthdays", false) + "</t:Folders></m:RootFolder>")), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const auto folders = find_calendar_folders(client, FolderRef::distinguished("calendar"));
    REQUIRE(folders.size() == 2);
    CHECK(folders[0].id.id == "SUB1");
    CHECK(folders[0].display_name == "Holidays");
    CHECK(folders[1].id.id == "SUB2");
    CHECK_FALSE(folders[1].can_modify);
    const auto reqs = server.requests_for("FindFolder");
    REQUIRE(reqs.size() == 2);
    CHECK(std::string(RequestReader(reqs[1].body).first(ns::kMessages, "IndexedPageFolderView").attribute("Offset").value()) == "2");
    CHECK(std::string(RequestReader(reqs[0].body).operation().attribute("Traversal").value()) == "Shallow");
    CHECK(server.invalid() == 0);
}

TEST_CASE("SyncFolderItems: creates, updates and deletes with ids, the new state, includes_last") {
    CannedServer server;
    server.queue(kPath, {200, sample("synthetic-SyncFolderItems-calendar-changes-response.xml"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const SyncResult r = sync_folder_items(client, FolderRef::distinguished("calendar"), "OLD<state>", 1000);
    // Expected values read from the sample independently of the client.
    RequestReader sample_doc(sample("synthetic-SyncFolderItems-calendar-changes-response.xml"));
    const auto changes = xml::element_children(sample_doc.first(ns::kMessages, "Changes"));
    REQUIRE(r.changes.size() == changes.size());
    REQUIRE_FALSE(r.changes.empty());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const std::string kind(xml::local_name(changes[i]));
        const auto id = sample_doc.all(ns::kTypes, "ItemId")[i];
        CHECK(r.changes[i].id.id == std::string(id.attribute("Id").value()));
        CHECK(r.changes[i].id.change_key == std::string(id.attribute("ChangeKey").value()));
        if (kind == "Create") CHECK(r.changes[i].kind == SyncChange::Kind::create);
        if (kind == "Update") CHECK(r.changes[i].kind == SyncChange::Kind::update);
        if (kind == "Delete") CHECK(r.changes[i].kind == SyncChange::Kind::remove);
        if (kind != "Delete") CHECK(r.changes[i].item_type == "CalendarItem");
    }
    CHECK(r.sync_state == xml::trim(sample_doc.first(ns::kMessages, "SyncState").text().get()));
    CHECK(r.includes_last == (xml::trim(sample_doc.first(ns::kMessages, "IncludesLastItemInRange").text().get()) == "true"));
    const auto reqs = server.requests_for("SyncFolderItems");
    REQUIRE(reqs.size() == 1);
    RequestReader req(reqs[0].body);
    CHECK(xml::trim(req.first(ns::kMessages, "SyncState").text().get()) == "OLD<state>");
    CHECK(xml::trim(req.first(ns::kMessages, "MaxChangesReturned").text().get()) == "512");
    // First sync: no SyncState element at all.
    sync_folder_items(client, FolderRef::distinguished("calendar"), "", 100);
    RequestReader first(server.requests_for("SyncFolderItems").back().body);
    CHECK_FALSE(first.first(ns::kMessages, "SyncState"));
    CHECK(server.invalid() == 0);
}

TEST_CASE("SyncFolderItems: ErrorInvalidSyncStateData is invalid_sync_state") {
    CannedServer server;
    server.queue(kPath, {200, sample("msdocs-SyncFolderItems-ErrorInvalidSyncStateData-response.xml"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        sync_folder_items(client, FolderRef::distinguished("calendar"), "H4sIAAAA");
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::invalid_sync_state);
        CHECK(e.response_code() == "ErrorInvalidSyncStateData");
        CHECK(e.message_text().find("Synchronization state data is corrupt") != std::string::npos);
    }
    CHECK(server.requests().size() == 1);  // not retried: the same state fails again
}

TEST_CASE("GetItem: batches of batch_size, results in input order, a missing item is a result") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        std::string messages;
        for (const auto id : req.all(ns::kTypes, "ItemId")) {
            const std::string v = id.attribute("Id").value();
            if (v == "gone") {
                messages += error_message("GetItem", "ErrorItemNotFound", "The specified object was not found in the store., The process failed to get the correct properties.", "<m:Items/>");
            } else {
                messages += ok_message("GetItem", R"(<m:Items><t:CalendarItem><t:ItemId Id=")" + v + R"(" ChangeKey="ck-)" + v +
                                                      R"("/><t:Subject>subject )" + v + "</t:Subject></t:CalendarItem></m:Items>");
            }
        }
        return Canned{200, response("GetItem", messages), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const std::vector<ItemRef> ids{ItemId{"a", ""}, ItemId{"b", ""}, ItemId{"gone", ""}, ItemId{"d", ""}, ItemId{"e", ""}};
    GetItemsOptions opts;
    opts.batch_size = 2;
    const BatchResult r = get_items(client, ids, opts);
    CHECK(r.requests == 3);
    CHECK(server.requests_for("GetItem").size() == 3);
    REQUIRE(r.items.size() == 5);
    CHECK_FALSE(r.stopped);
    CHECK_FALSE(r.all_ok());
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(r.items[i].index == i);
        const std::string id = std::get<ItemId>(ids[i]).id;
        if (id == "gone") {
            REQUIRE(r.items[i].error);
            CHECK(r.items[i].error->category() == ErrorCategory::item_not_found);
            CHECK(std::string(r.items[i].error->what()).find("EWS GetItem item 3 of 5: ErrorItemNotFound") == 0);
            CHECK_FALSE(r.items[i].item);
        } else {
            CHECK(r.items[i].ok());
            CHECK(r.items[i].id.id == id);
            CHECK(r.items[i].id.change_key == "ck-" + id);
            CHECK(xml::child_text(r.items[i].item, ns::kTypes, "Subject") == "subject " + id);
        }
    }
    CHECK_THROWS_AS(r.throw_first_error(), EwsError);
    // The shape asks for what a calendar bridge needs.
    RequestReader req(server.requests_for("GetItem")[0].body);
    CHECK(xml::trim(req.first(ns::kTypes, "BaseShape").text().get()) == "AllProperties");
    std::set<std::string> uris;
    for (const auto f : req.all(ns::kTypes, "FieldURI")) uris.insert(f.attribute("FieldURI").value());
    for (const char* needed : {"calendar:UID", "item:Body", "calendar:Recurrence", "calendar:ModifiedOccurrences",
                               "calendar:DeletedOccurrences", "calendar:StartTimeZone", "calendar:EndTimeZone",
                               "calendar:RequiredAttendees", "calendar:OptionalAttendees", "calendar:Organizer",
                               "item:ReminderMinutesBeforeStart", "item:Categories", "item:Attachments"}) {
        CHECK(uris.count(needed) == 1);
    }
    const auto ext = req.first(ns::kTypes, "ExtendedFieldURI");
    CHECK(std::string(ext.attribute("PropertySetId").value()) == "6ED8DA90-450B-101B-98DA-00AA003F1305");
    CHECK(std::string(ext.attribute("PropertyId").value()) == "3");
    CHECK(std::string(ext.attribute("PropertyType").value()) == "Binary");
    CHECK(server.invalid() == 0);
}

TEST_CASE("GetItem: a recurring master with its exceptions from the sample, occurrence ids in the request") {
    CannedServer server;
    server.queue(kPath, {200, sample("synthetic-GetItem-RecurringMaster-exceptions-response.xml"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = get_items(client, {OccurrenceId{"MASTER-ID", "", 2}});
    REQUIRE(r.items.size() == 1);
    REQUIRE(r.items[0].ok());
    const pugi::xml_node item = r.items[0].item;
    CHECK(xml::local_name(item) == "CalendarItem");
    CHECK(xml::child(item, ns::kTypes, "Recurrence"));
    CHECK(xml::child(item, ns::kTypes, "ModifiedOccurrences"));
    CHECK(xml::child(item, ns::kTypes, "DeletedOccurrences"));
    CHECK(xml::child_text(item, ns::kTypes, "CalendarItemType") == "RecurringMaster");
    RequestReader req(server.requests_for("GetItem")[0].body);
    const auto occ = req.first(ns::kTypes, "OccurrenceItemId");
    CHECK(std::string(occ.attribute("RecurringMasterId").value()) == "MASTER-ID");
    CHECK(std::string(occ.attribute("InstanceIndex").value()) == "2");
    CHECK(server.invalid() == 0);
}

TEST_CASE("CreateItem: many CalendarItems per request, SendToNone, ids back, a refused one is a result") {
    CannedServer server;
    int counter = 0;
    server.handle(kPath, [&counter](const Recorded& r) {
        RequestReader req(r.body);
        std::string messages;
        for (const auto item : req.all(ns::kTypes, "CalendarItem")) {
            if (xml::child_text(item, ns::kTypes, "Subject") == "denied") {
                messages += error_message("CreateItem", "ErrorAccessDenied", "Access is denied. Check credentials and try again.", "<m:Items/>");
            } else {
                ++counter;
                messages += ok_message("CreateItem", R"(<m:Items><t:CalendarItem><t:ItemId Id="NEW)" + std::to_string(counter) +
                                                         R"(" ChangeKey="CK)" + std::to_string(counter) + R"("/></t:CalendarItem></m:Items>)");
            }
        }
        return Canned{200, response("CreateItem", messages), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    CreateItemsOptions opts;
    opts.batch_size = 2;
    const BatchResult r = create_items(client, FolderRef::by_id("CAL1", "CK-CAL1"),
                                       {calendar_fragment("one"), calendar_fragment("denied"), calendar_fragment("three")}, opts);
    REQUIRE(r.items.size() == 3);
    CHECK(r.requests == 2);
    CHECK(r.items[0].id.id == "NEW1");
    CHECK(r.items[2].id.id == "NEW2");
    CHECK(r.items[2].id.change_key == "CK2");
    REQUIRE(r.items[1].error);
    CHECK(r.items[1].error->category() == ErrorCategory::access_denied);
    CHECK(std::string(r.items[1].error->what()).find("EWS CreateItem (folder CAL1) item 2 of 3: ErrorAccessDenied") == 0);
    const auto reqs = server.requests_for("CreateItem");
    REQUIRE(reqs.size() == 2);
    RequestReader req(reqs[0].body);
    CHECK(std::string(req.operation().attribute("SendMeetingInvitations").value()) == "SendToNone");
    CHECK(std::string(req.first(ns::kTypes, "FolderId").attribute("Id").value()) == "CAL1");
    CHECK(req.all(ns::kTypes, "CalendarItem").size() == 2);
    CHECK(server.invalid() == 0);
}

TEST_CASE("UpdateItem: ChangeKey and occurrence ids, NeverOverwrite, a stale ChangeKey is a conflict result") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        std::string messages;
        for (const auto change : req.all(ns::kTypes, "ItemChange")) {
            const auto id = xml::child(change, ns::kTypes, "ItemId");
            if (id && std::string(id.attribute("ChangeKey").value()) == "stale") {
                messages += error_message("UpdateItem", "ErrorIrresolvableConflict",
                                          "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
                                          "<m:Items/>");
            } else {
                messages += ok_message("UpdateItem", R"(<m:Items><t:CalendarItem><t:ItemId Id="X" ChangeKey="NEWCK"/></t:CalendarItem></m:Items><m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>)");
            }
        }
        return Canned{200, response("UpdateItem", messages), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const std::string set_subject =
        R"(<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>renamed</t:Subject></t:CalendarItem></t:SetItemField>)";
    const std::string delete_location = R"(<t:DeleteItemField><t:FieldURI FieldURI="calendar:Location"/></t:DeleteItemField>)";
    const BatchResult r = update_items(client, {{ItemId{"A", "fresh"}, set_subject},
                                                {ItemId{"B", "stale"}, set_subject + delete_location},
                                                {OccurrenceId{"M", "mck", 4}, set_subject}});
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].ok());
    CHECK(r.items[0].id.change_key == "NEWCK");
    REQUIRE(r.items[1].error);
    CHECK(r.items[1].error->category() == ErrorCategory::conflict);
    CHECK(std::string(r.items[1].error->what()).find("EWS UpdateItem item 2 of 3: ErrorIrresolvableConflict: The send or update") == 0);
    CHECK(r.items[2].ok());
    RequestReader req(server.requests_for("UpdateItem")[0].body);
    CHECK(std::string(req.operation().attribute("ConflictResolution").value()) == "NeverOverwrite");
    CHECK(std::string(req.operation().attribute("SendMeetingInvitationsOrCancellations").value()) == "SendToNone");
    CHECK(std::string(req.first(ns::kTypes, "OccurrenceItemId").attribute("InstanceIndex").value()) == "4");
    CHECK(req.all(ns::kTypes, "DeleteItemField").size() == 1);
    CHECK(server.invalid() == 0);
}

TEST_CASE("UpdateItem: the documented conflict response as it comes from the sample") {
    CannedServer server;
    server.queue(kPath, {200, sample("synthetic-UpdateItem-ErrorIrresolvableConflict-response.xml"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = update_items(client, {{ItemId{"A", "old"}, R"(<t:DeleteItemField><t:FieldURI FieldURI="calendar:Location"/></t:DeleteItemField>)"}});
    REQUIRE(r.items.size() == 1);
    REQUIRE(r.items[0].error);
    CHECK(r.items[0].error->category() == ErrorCategory::conflict);
    CHECK_FALSE(r.stopped);
}

TEST_CASE("DeleteItem: MoveToDeletedItems and SendToNone by default, not-found is a result") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        std::string messages;
        for (const auto id : req.all(ns::kTypes, "ItemId")) {
            messages += std::string(id.attribute("Id").value()) == "gone"
                            ? error_message("DeleteItem", "ErrorItemNotFound", "The specified object was not found in the store.")
                            : ok_message("DeleteItem", "");
        }
        for (std::size_t i = 0; i < req.all(ns::kTypes, "OccurrenceItemId").size(); ++i) messages += ok_message("DeleteItem", "");
        return Canned{200, response("DeleteItem", messages), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = delete_items(client, {ItemId{"A", "CK"}, ItemId{"gone", ""}});
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].ok());
    REQUIRE(r.items[1].error);
    CHECK(r.items[1].error->category() == ErrorCategory::item_not_found);
    RequestReader req(server.requests_for("DeleteItem")[0].body);
    CHECK(std::string(req.operation().attribute("DeleteType").value()) == "MoveToDeletedItems");
    CHECK(std::string(req.operation().attribute("SendMeetingCancellations").value()) == "SendToNone");
    CHECK_FALSE(req.operation().attribute("AffectedTaskOccurrences"));
    DeleteItemsOptions hard;
    hard.delete_type = "HardDelete";
    CHECK(delete_items(client, {OccurrenceId{"M", "", 1}}, hard).all_ok());
    CHECK(std::string(RequestReader(server.requests_for("DeleteItem").back().body).operation().attribute("DeleteType").value()) == "HardDelete");
    CHECK(server.invalid() == 0);
}

TEST_CASE("FindItem by global object id: IsEqualTo on the extended property, all pages") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        const std::string offset = req.first(ns::kMessages, "IndexedPageItemView").attribute("Offset").value();
        const bool first = offset == "0";
        return Canned{200, response("FindItem", ok_message("FindItem",
            std::string(R"(<m:RootFolder IndexedPagingOffset=")") + (first ? "1" : "2") + R"(" TotalItemsInView="2" IncludesLastItemInRange=")" +
            (first ? "false" : "true") + R"("><t:Items><t:CalendarItem><t:ItemId Id=")" + (first ? "HIT1" : "HIT2") +
            R"(" ChangeKey="K"/></t:CalendarItem></t:Items></m:RootFolder>)")), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const std::string goid = "BAAAAIIA4AB0xbcQGoLgCAAAAAA=";
    const auto ids = find_items_by_extended_property(client, FolderRef::distinguished("calendar"), pid_lid_global_object_id(), goid);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0].id == "HIT1");
    CHECK(ids[1].id == "HIT2");
    const auto reqs = server.requests_for("FindItem");
    REQUIRE(reqs.size() == 2);
    RequestReader req(reqs[0].body);
    CHECK(std::string(req.operation().attribute("Traversal").value()) == "Shallow");
    const auto eq = req.first(ns::kTypes, "IsEqualTo");
    REQUIRE(eq);
    CHECK(std::string(xml::child(eq, ns::kTypes, "ExtendedFieldURI").attribute("PropertyId").value()) == "3");
    CHECK(std::string(xml::path(eq, ns::kTypes, {"FieldURIOrConstant", "Constant"}).attribute("Value").value()) == goid);
    CHECK(server.invalid() == 0);
}
