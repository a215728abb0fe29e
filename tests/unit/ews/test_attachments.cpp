// File attachments: GetAttachment content and metadata, CreateAttachment returning the parent's
// new ChangeKey, DeleteAttachment, and a missing attachment reported with its position.
#include <catch2/catch.hpp>

#include <string>

#include "client_fixture.h"
#include "ews/errors.h"
#include "ews/operations/attachments.h"
#include "request_reader.h"

using namespace calbridge::ews;
using namespace calbridge::ews::test;

namespace {
const std::string kPath = "/EWS/Exchange.asmx";

std::string ok(const std::string& op, const std::string& inner) {
    return "<m:" + op + R"(ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>)" + inner +
           "</m:" + op + "ResponseMessage>";
}
}  // namespace

TEST_CASE("GetAttachment: name, type, size and base64 content per requested id") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        RequestReader req(r.body);
        std::string messages;
        for (const auto id : req.all(ns::kTypes, "AttachmentId")) {
            const std::string v = id.attribute("Id").value();
            if (v == "missing") {
                messages += error_message("GetAttachment", "ErrorAttachmentNotFound", "The attachment could not be found.", "<m:Attachments/>");
                continue;
            }
            messages += ok("GetAttachment", R"(<m:Attachments><t:FileAttachment><t:AttachmentId Id=")" + v +
                                                R"("/><t:Name>agenda-)" + v + R"(.txt</t:Name><t:ContentType>text/plain</t:ContentType><t:Size>5</t:Size><t:IsInline>false</t:IsInline><t:Content>aGVsbG8=</t:Content></t:FileAttachment></m:Attachments>)");
        }
        return Canned{200, response("GetAttachment", messages), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const auto files = get_attachments(client, {"A1", "A2"});
    REQUIRE(files.size() == 2);
    CHECK(files[0].id == "A1");
    CHECK(files[1].name == "agenda-A2.txt");
    CHECK(files[1].content_type == "text/plain");
    CHECK(files[1].size == 5);
    CHECK(files[1].content_base64 == "aGVsbG8=");
    try {
        get_attachments(client, {"A1", "missing"});
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::item_not_found);
        CHECK(std::string(e.what()).find("EWS GetAttachment item 2 of 2: ErrorAttachmentNotFound") == 0);
    }
    CHECK(server.invalid() == 0);
}

TEST_CASE("CreateAttachment and DeleteAttachment return the parent's new ChangeKey") {
    CannedServer server;
    server.handle(kPath, [](const Recorded& r) {
        if (r.operation == "CreateAttachment") {
            return Canned{200, response("CreateAttachment", ok("CreateAttachment", R"(<m:Attachments><t:FileAttachment><t:AttachmentId Id="NEWATT" RootItemId="ITEM" RootItemChangeKey="CK2"/></t:FileAttachment></m:Attachments>)")), {}};
        }
        return Canned{200, response("DeleteAttachment", ok("DeleteAttachment", R"(<m:RootItemId RootItemId="ITEM" RootItemChangeKey="CK3"/>)")), {}};
    });
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    FileAttachment f;
    f.name = "notes & plans.txt";
    f.content_type = "text/plain";
    f.content_base64 = "aGVsbG8=";
    const CreatedAttachment created = create_attachment(client, ItemId{"ITEM", "CK1"}, f);
    CHECK(created.attachment_id == "NEWATT");
    CHECK(created.parent.id == "ITEM");
    CHECK(created.parent.change_key == "CK2");
    RequestReader req(server.requests_for("CreateAttachment").at(0).body);
    CHECK(std::string(req.first(ns::kMessages, "ParentItemId").attribute("ChangeKey").value()) == "CK1");
    CHECK(xml::trim(req.first(ns::kTypes, "Name").text().get()) == "notes & plans.txt");
    CHECK(xml::trim(req.first(ns::kTypes, "Content").text().get()) == "aGVsbG8=");
    const ItemId after = delete_attachment(client, "NEWATT");
    CHECK(after.change_key == "CK3");
    CHECK(server.invalid() == 0);
    CHECK(server.validated() == 2);
}
