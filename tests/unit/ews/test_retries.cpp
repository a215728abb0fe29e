// The retry rules of the EWS error model against a loopback server: ErrorServerBusy (fault or
// response messages) waits BackOffMilliseconds and re-sends once; a back-off beyond the cap is
// surfaced; 503 honours Retry-After; 429 backs off exponentially; a dropped connection is
// retried a bounded number of times for GetItem and never for CreateItem.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "client_fixture.h"
#include "ews/errors.h"
#include "ews/operations/items.h"
#include "ews/operations/sync_folder_items.h"

using namespace calbridge::ews;
using namespace calbridge::ews::test;
using std::chrono::milliseconds;

namespace {

const std::string kPath = "/EWS/Exchange.asmx";

std::string busy_fault(const std::string& back_off_ms) {
    std::string f = sample("exchangelib-ErrorServerBusy-fault.xml");
    const auto at = f.find("297749");
    REQUIRE(at != std::string::npos);
    return f.replace(at, 6, back_off_ms);
}

std::string get_item_ok(const std::string& id) {
    return response("GetItem", R"(<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id=")" +
                                   id + R"(" ChangeKey="K"/></t:CalendarItem></m:Items></m:GetItemResponseMessage>)");
}

}  // namespace

TEST_CASE("ErrorServerBusy fault then success: one retry after BackOffMilliseconds") {
    CannedServer server;
    server.queue(kPath, {500, busy_fault("1500"), {}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = get_items(client, {ItemId{"A", ""}});
    REQUIRE(r.all_ok());
    CHECK(r.items[0].id.id == "A");
    CHECK(server.requests_for("GetItem").size() == 2);
    REQUIRE(waits.list.size() == 1);
    CHECK(waits.list[0] == milliseconds(1500));
    CHECK(client.stats().retries == 1);
    CHECK(server.invalid() == 0);
}

TEST_CASE("ErrorServerBusy on some items only: results, with the back-off, nothing re-sent") {
    CannedServer server;
    const std::string messages =
        R"(<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="A" ChangeKey="K"/></t:CalendarItem></m:Items></m:GetItemResponseMessage>)"
        R"(<m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>The server cannot service this request right now. Try again later.</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:MessageXml><t:Value Name="BackOffMilliseconds">700</t:Value></m:MessageXml><m:Items/></m:GetItemResponseMessage>)";
    server.queue(kPath, {200, response("GetItem", messages), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = get_items(client, {ItemId{"A", ""}, ItemId{"B", ""}});
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].ok());
    REQUIRE(r.items[1].error);
    CHECK(r.items[1].error->category() == ErrorCategory::server_busy);
    REQUIRE(r.items[1].error->back_off());
    CHECK(r.items[1].error->back_off()->count() == 700);
    CHECK(server.requests().size() == 1);
    CHECK(waits.list.empty());
}

TEST_CASE("The on_request hook sees every envelope sent, retries included") {
    CannedServer server;
    server.queue(kPath, {503, "", {{"Retry-After", "1"}}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    std::vector<std::string> seen;
    o.on_request = [&seen](std::string_view operation, std::string_view envelope) {
        seen.push_back(std::string(operation));
        CHECK(schema().validate(envelope).valid);
    };
    EwsClient client(o);
    CHECK(get_items(client, {ItemId{"A", ""}}).all_ok());
    CHECK(seen == std::vector<std::string>{"GetItem", "GetItem"});
    CHECK(server.requests().size() == 2);
}

TEST_CASE("ErrorServerBusy really waits when no sleep hook is set") {
    CannedServer server;
    server.queue(kPath, {500, busy_fault("120"), {}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.sleep = nullptr;
    EwsClient client(o);
    const auto started = std::chrono::steady_clock::now();
    CHECK(get_items(client, {ItemId{"A", ""}}).all_ok());
    CHECK(std::chrono::steady_clock::now() - started >= milliseconds(120));
}

TEST_CASE("ErrorServerBusy in every response message of an HTTP 200 is retried like the fault") {
    CannedServer server;
    const std::string busy_message =
        R"(<m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>The server cannot service this request right now. Try again later.</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:MessageXml><t:Value Name="BackOffMilliseconds">800</t:Value></m:MessageXml><m:Items/></m:GetItemResponseMessage>)";
    const std::string busy = response("GetItem", busy_message);
    REQUIRE(schema().validate(busy).valid);
    server.queue(kPath, {200, busy, {}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    CHECK(get_items(client, {ItemId{"A", ""}}).all_ok());
    REQUIRE(waits.list.size() == 1);
    CHECK(waits.list[0] == milliseconds(800));
}

TEST_CASE("A back-off beyond the configured maximum is surfaced as server_busy, not waited") {
    CannedServer server;
    server.queue(kPath, {500, sample("exchangelib-ErrorServerBusy-fault.xml"), {}});  // 297749 ms
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        sync_folder_items(client, FolderRef::distinguished("calendar"), "");
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::server_busy);
        CHECK(e.response_code() == "ErrorServerBusy");
        REQUIRE(e.back_off());
        CHECK(e.back_off()->count() == 297749);
    }
    CHECK(waits.list.empty());
    CHECK(server.requests().size() == 1);
}

TEST_CASE("ErrorServerBusy on CreateItem is retried: a throttled request was not processed") {
    CannedServer server;
    server.queue(kPath, {500, busy_fault("300"), {}});
    server.queue(kPath, {200, response("CreateItem", R"(<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="NEW" ChangeKey="K"/></t:CalendarItem></m:Items></m:CreateItemResponseMessage>)"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const BatchResult r = create_items(client, FolderRef::distinguished("calendar"),
                                       {"<t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem>"});
    REQUIRE(r.all_ok());
    CHECK(r.items[0].id.id == "NEW");
    CHECK(server.requests_for("CreateItem").size() == 2);
}

TEST_CASE("HTTP 503 with Retry-After waits that long, then succeeds") {
    CannedServer server;
    server.queue(kPath, {503, "busy", {{"Retry-After", "2"}}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    CHECK(get_items(client, {ItemId{"A", ""}}).all_ok());
    REQUIRE(waits.list.size() == 1);
    CHECK(waits.list[0] == milliseconds(2000));
    CHECK(server.requests().size() == 2);
}

TEST_CASE("HTTP 429 without Retry-After backs off exponentially and gives up after the bound") {
    CannedServer server;
    server.queue(kPath, {429, "", {}});
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.retry.max_server_busy_retries = 3;
    o.retry.initial_backoff = milliseconds(100);
    EwsClient client(o);
    const BatchResult r = get_items(client, {ItemId{"A", ""}});
    REQUIRE(r.stopped);
    CHECK(r.stopped->category() == ErrorCategory::transient);
    CHECK(r.stopped->http_status() == 429);
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].error);  // the item carries the request's error
    CHECK(server.requests().size() == 4);
    REQUIRE(waits.list.size() == 3);
    CHECK(waits.list[0] == milliseconds(100));
    CHECK(waits.list[1] == milliseconds(200));
    CHECK(waits.list[2] == milliseconds(400));
}

TEST_CASE("HTTP 500 without a SOAP fault: GetItem retried, CreateItem not") {
    CannedServer server;
    server.queue(kPath, {500, "<html>Internal Server Error</html>", {}});
    server.queue(kPath, {200, get_item_ok("A"), {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    CHECK(get_items(client, {ItemId{"A", ""}}).all_ok());
    CHECK(server.requests().size() == 2);

    CannedServer create_server;
    create_server.queue(kPath, {500, "<html>Internal Server Error</html>", {}});
    EwsClient client2(options_for(create_server.ews_url(), waits));
    const BatchResult r = create_items(client2, FolderRef::distinguished("calendar"),
                                       {"<t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem>"});
    REQUIRE(r.stopped);
    CHECK(r.stopped->category() == ErrorCategory::transient);
    CHECK(r.stopped->may_have_reached_server());
    CHECK(create_server.requests().size() == 1);
}

TEST_CASE("A dropped connection: bounded retries for GetItem") {
    DroppingServer server;
    Waits waits;
    ClientOptions o = options_for(server.url(), waits);
    o.retry.max_retries = 3;
    EwsClient client(o);
    const BatchResult r = get_items(client, {ItemId{"A", ""}});
    REQUIRE(r.stopped);
    CHECK(r.stopped->category() == ErrorCategory::transient);
    CHECK(r.stopped->may_have_reached_server());
    CHECK(client.stats().requests == 4);
    CHECK(server.requests_seen() == 4);
    CHECK(waits.list.size() == 3);
}

TEST_CASE("A dropped connection: CreateItem is sent once and reported as maybe-created") {
    DroppingServer server;
    Waits waits;
    EwsClient client(options_for(server.url(), waits));
    CreateItemsOptions opts;
    opts.batch_size = 1;
    const BatchResult r = create_items(client, FolderRef::distinguished("calendar"),
                                       {"<t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem>",
                                        "<t:CalendarItem><t:Subject>y</t:Subject></t:CalendarItem>"},
                                       opts);
    REQUIRE(r.stopped);
    CHECK(r.stopped->category() == ErrorCategory::transient);
    CHECK(r.stopped->may_have_reached_server());
    CHECK(std::string(r.stopped->what()).find("EWS CreateItem (folder 'calendar'): transport error") == 0);
    CHECK(server.requests_seen() == 1);  // never re-sent, and the second batch not attempted
    CHECK(client.stats().requests == 1);
    CHECK(waits.list.empty());
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].error);
    CHECK(r.items[1].error);
}

TEST_CASE("A slow server: the total timeout is transient, GetItem retried within the bound") {
    CannedServer server;
    server.handle(kPath, [](const Recorded&) {
        std::this_thread::sleep_for(milliseconds(600));
        return Canned{200, get_item_ok("A"), {}};
    });
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.transport.total_timeout = milliseconds(200);
    o.retry.max_retries = 1;
    EwsClient client(o);
    const BatchResult r = get_items(client, {ItemId{"A", ""}});
    REQUIRE(r.stopped);
    CHECK(r.stopped->category() == ErrorCategory::transient);
    CHECK(r.stopped->may_have_reached_server());
    CHECK(client.stats().requests == 2);
}

TEST_CASE("A kept-alive connection dropped under CreateItem: still sent only once") {
    // The first request (GetItem) is answered on a kept-alive connection; the server then
    // closes it when the CreateItem arrives. curl's own "retry on a dead reused connection"
    // must not re-send it: the server may have processed it.
    DroppingServer server(1, get_item_ok("A"));
    Waits waits;
    EwsClient client(options_for(server.url(), waits));
    REQUIRE(get_items(client, {ItemId{"A", ""}}).all_ok());
    const BatchResult r = create_items(client, FolderRef::distinguished("calendar"),
                                       {"<t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem>"});
    REQUIRE(r.stopped);
    CHECK(r.stopped->may_have_reached_server());
    CHECK(server.requests_seen() == 2);
}
