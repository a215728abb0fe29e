// The EWS client's SOAP layer and error model without a server: namespace-aware response
// parsing on Microsoft's samples (prefixed and default namespaces), SOAP faults with
// BackOffMilliseconds, the ResponseCode categories, error messages with context, and request
// XML (ids, folders, envelopes) that the schema accepts.
#include <catch2/catch.hpp>

#include <string>

#include "canned_server.h"
#include "ews/errors.h"
#include "ews/operations/ids.h"
#include "ews/operations/items.h"
#include "ews/soap/envelope.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/response.h"
#include "ews/soap/xml.h"

using namespace calbridge::ews;
using calbridge::ews::test::sample;
using calbridge::ews::test::schema;

TEST_CASE("ErrorServerBusy fault: code, text and BackOffMilliseconds from detail") {
    const auto r = soap::Response::parse(sample("exchangelib-ErrorServerBusy-fault.xml"));
    REQUIRE(r->fault());
    CHECK(r->fault()->response_code == "ErrorServerBusy");
    CHECK(r->fault()->faultcode == "a:ErrorServerBusy");
    REQUIRE(r->fault()->back_off);
    CHECK(r->fault()->back_off->count() == 297749);
    CHECK(r->messages().empty());
}

TEST_CASE("Response messages are found by namespace, also in a default-namespace response") {
    // CreateItemResponse is unprefixed (default namespace = messages), its children use m:.
    const auto r = soap::Response::parse(sample("msdocs-CreateItem-CalendarItem-response.xml"));
    CHECK_FALSE(r->fault());
    CHECK(xml::local_name(r->body_element()) == "CreateItemResponse");
    CHECK(xml::namespace_of(r->body_element()) == ns::kMessages);
    REQUIRE(r->messages().size() == 1);
    CHECK(r->messages()[0].ok());
    REQUIRE(r->server_version());
    CHECK(r->server_version()->major == 8);
    CHECK(r->server_version()->major_build == 685);
}

TEST_CASE("ServerVersionInfo with a Version attribute") {
    const auto r = soap::Response::parse(sample("synthetic-UpdateItem-ErrorIrresolvableConflict-response.xml"));
    REQUIRE(r->server_version());
    CHECK(r->server_version()->major == 15);
    CHECK(r->server_version()->minor == 2);
    CHECK(r->server_version()->version == "V2017_07_11");
    REQUIRE(r->messages().size() == 1);
    CHECK_FALSE(r->messages()[0].ok());
    CHECK(r->messages()[0].response_code == "ErrorIrresolvableConflict");
    CHECK(r->messages()[0].message_text.find("change key") != std::string::npos);
}

TEST_CASE("A prefix bound to another namespace is not mistaken for SOAP") {
    CHECK_THROWS(soap::Response::parse(R"(<s:Envelope xmlns:s="urn:not-soap"><s:Body/></s:Envelope>)"));
    CHECK_THROWS(soap::Response::parse("not xml <"));
    // The same document with another prefix parses.
    const auto r = soap::Response::parse(
        R"(<x:Envelope xmlns:x="http://schemas.xmlsoap.org/soap/envelope/"><x:Body><q:GetItemResponse xmlns:q="http://schemas.microsoft.com/exchange/services/2006/messages"><q:ResponseMessages><q:GetItemResponseMessage ResponseClass="Error"><q:MessageText>gone</q:MessageText><q:ResponseCode>ErrorItemNotFound</q:ResponseCode></q:GetItemResponseMessage></q:ResponseMessages></q:GetItemResponse></x:Body></x:Envelope>)");
    REQUIRE(r->messages().size() == 1);
    CHECK(r->messages()[0].response_code == "ErrorItemNotFound");
    CHECK(r->messages()[0].message_text == "gone");
}

TEST_CASE("ResponseCodes map to the categories the bridge acts on") {
    CHECK(categorize_response_code("ErrorServerBusy") == ErrorCategory::server_busy);
    CHECK(categorize_response_code("ErrorInvalidSyncStateData") == ErrorCategory::invalid_sync_state);
    CHECK(categorize_response_code("ErrorIrresolvableConflict") == ErrorCategory::conflict);
    CHECK(categorize_response_code("ErrorChangeKeyRequired") == ErrorCategory::conflict);
    CHECK(categorize_response_code("ErrorAccessDenied") == ErrorCategory::access_denied);
    CHECK(categorize_response_code("ErrorItemNotFound") == ErrorCategory::item_not_found);
    CHECK(categorize_response_code("ErrorMailboxStoreUnavailable") == ErrorCategory::transient);
    CHECK(categorize_response_code("ErrorSchemaValidation") == ErrorCategory::permanent);
    CHECK(categorize_response_code("") == ErrorCategory::permanent);
}

TEST_CASE("Per-item errors carry their position and the server's text") {
    const EwsError e = EwsError::from_item("UpdateItem", 2, 3, "ErrorIrresolvableConflict", "change key mismatch");
    CHECK(std::string(e.what()) ==
          "EWS UpdateItem item 2 of 3: ErrorIrresolvableConflict: change key mismatch [conflict]");
    CHECK(e.category() == ErrorCategory::conflict);
    const EwsError t = EwsError::failure("GetItem", ErrorCategory::transient, "Timeout was reached", 0, true);
    CHECK(std::string(t.what()) == "EWS GetItem: transport error: Timeout was reached [transient]");
    CHECK(t.may_have_reached_server());
}

TEST_CASE("Item and folder references, escaped, in a request the schema accepts") {
    CHECK(item_ref_xml(ItemId{"AA&B", "CK"}) == R"(<t:ItemId Id="AA&amp;B" ChangeKey="CK"/>)");
    CHECK(item_ref_xml(OccurrenceId{"MASTER", "", 3}) == R"(<t:OccurrenceItemId RecurringMasterId="MASTER" InstanceIndex="3"/>)");
    const FolderRef shared = FolderRef::distinguished("calendar", "boss@example.com");
    CHECK(shared.xml() ==
          R"(<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>boss@example.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>)");
    const std::string body = "<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds>" + item_ref_xml(ItemId{"A", "B"}) +
                             item_ref_xml(OccurrenceId{"M", "K", 2}) + "</m:ItemIds></m:DeleteItem>";
    for (const std::string version : {"Exchange2013_SP1", "Exchange2016"}) {
        const auto v = schema().validate(soap::envelope(body, version));
        CHECK(v.valid);
        CHECK(v.body_element == "DeleteItem");
    }
    // The schema really checks: a version it does not know is refused.
    CHECK_FALSE(schema().validate(soap::envelope(body, "Exchange2019")).valid);
}

TEST_CASE("Extended property values are read by property set and id") {
    const auto r = soap::Response::parse(calbridge::ews::test::response(
        "GetItem",
        R"(<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="I" ChangeKey="C"/>)"
        R"(<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="6ed8da90-450b-101b-98da-00aa003f1305" PropertyId="3" PropertyType="Binary"/><t:Value>BAAAAIIA4AB0xbcQGoLgCAAAAAA=</t:Value></t:ExtendedProperty>)"
        R"(</t:CalendarItem></m:Items></m:GetItemResponseMessage>)"));
    const pugi::xml_node item =
        xml::element_children(xml::child(r->messages()[0].node, ns::kMessages, "Items")).front();
    CHECK(extended_property_value(item, pid_lid_global_object_id()) == "BAAAAIIA4AB0xbcQGoLgCAAAAAA=");
    CHECK(extended_property_value(item, ExtendedProperty{"6ED8DA90-450B-101B-98DA-00AA003F1305", 4, "Binary"}).empty());
}

TEST_CASE("Integers from the server: decimal, hexadecimal, garbage refused without exceptions") {
    CHECK(xml::to_integer(" 42 ") == 42);
    CHECK(xml::to_integer("0x8005") == 0x8005);
    CHECK_FALSE(xml::to_integer(""));
    CHECK_FALSE(xml::to_integer("12abc"));
    CHECK_FALSE(xml::to_integer("0x"));
    CHECK_FALSE(xml::to_integer("99999999999999999999999"));
}

TEST_CASE("Extended property ids written in hexadecimal match too") {
    const auto r = soap::Response::parse(calbridge::ews::test::response(
        "GetItem",
        R"(<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="I" ChangeKey="C"/>)"
        R"(<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="6ED8DA90-450B-101B-98DA-00AA003F1305" PropertyId="0x3" PropertyType="Binary"/><t:Value>AQID</t:Value></t:ExtendedProperty>)"
        R"(<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="6ED8DA90-450B-101B-98DA-00AA003F1305" PropertyId="junk" PropertyType="Binary"/><t:Value>BAD=</t:Value></t:ExtendedProperty>)"
        R"(</t:CalendarItem></m:Items></m:GetItemResponseMessage>)"));
    const pugi::xml_node item =
        xml::element_children(xml::child(r->messages()[0].node, ns::kMessages, "Items")).front();
    CHECK(extended_property_value(item, pid_lid_global_object_id()) == "AQID");
}
