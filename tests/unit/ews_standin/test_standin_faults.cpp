// The EWS stand-in's fault injection, its control endpoint, and the replay of the requests a
// real client (python3-exchangelib 4.9.0) sent, which must all validate and get valid answers.
#include "standin_client.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace standin_test;
namespace fs = std::filesystem;

namespace {
const std::string kGetRoot = "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>"
                             "<t:DistinguishedFolderId Id=\"root\"/></m:FolderIds></m:GetFolder>";
}

TEST_CASE("EWS stand-in: ErrorServerBusy with BackOffMilliseconds, only for the operation asked", "[ews_standin]") {
    auto s = start_standin();
    s->faults().throttle_next(2, 1500, "FindItem");
    CHECK(soap(*s, kGetRoot).code() == "NoError");  // another operation: untouched
    auto find = "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>";
    for (int i = 0; i < 2; ++i) {
        auto r = soap(*s, find);
        CHECK(r.status == 500);
        auto detail = r.doc->document_element().child("s:Body").child("s:Fault").child("detail");
        CHECK(std::string(detail.child("t:MessageXml").child("t:Value").attribute("Name").value()) == "BackOffMilliseconds");
        CHECK(detail.child("t:MessageXml").child("t:Value").text().as_int() == 1500);
    }
    CHECK(soap(*s, find).code() == "NoError");
    CHECK(s->stats().operations["FindItem"].faults_injected == 2);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: HTTP 503 with Retry-After, HTTP 500, delays and dropped connections", "[ews_standin]") {
    auto s = start_standin();
    s->faults().http_503_next(1, 3);
    auto r = soap(*s, kGetRoot);
    CHECK(r.status == 503);
    CHECK(r.headers.find("Retry-After")->second == "3");
    s->faults().http_429_next(1, 2);
    auto too_many = soap(*s, kGetRoot);
    CHECK(too_many.status == 429);
    CHECK(too_many.headers.find("Retry-After")->second == "2");
    s->faults().http_500_next(1);
    CHECK(soap(*s, kGetRoot).status == 500);

    s->faults().delay_next(1, 300);
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(soap(*s, kGetRoot).code() == "NoError");
    CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(300));

    s->faults().drop_next(1);
    auto dropped = soap(*s, kGetRoot);
    CHECK(dropped.doc->document_element().empty());  // no SOAP answer arrived
    CHECK(soap(*s, kGetRoot).code() == "NoError");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: the control endpoint plans faults, resets and reports stats as JSON", "[ews_standin]") {
    auto s = start_standin();
    httplib::Client c("127.0.0.1", s->port());
    auto planned = c.Post("/standin/faults", R"({"kind":"server_busy","count":1,"millis":700})", "application/json");
    REQUIRE(planned);
    CHECK(planned->status == 200);
    CHECK(c.Post("/standin/faults", R"({"kind":"nonsense"})", "application/json")->status == 400);
    CHECK(soap(*s, kGetRoot).status == 500);
    CHECK(soap(*s, kGetRoot).status == 200);
    auto stats = nlohmann::json::parse(c.Get("/standin/stats")->body);
    CHECK(stats["total"]["requests"] == 2);
    CHECK(stats["operations"]["GetFolder"]["faults_injected"] == 1);
    CHECK(stats["total"]["invalid_responses"] == 0);

    REQUIRE(create(*s, "<t:Subject>x</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>").code() ==
            "NoError");
    CHECK(c.Post("/standin/read-only", R"({"owner":"alice@example.com","folder":"calendar"})", "application/json")->status == 200);
    CHECK(create(*s, "<t:Subject>y</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>").code() ==
          "ErrorAccessDenied");
    auto listed = nlohmann::json::parse(c.Get("/standin/items?owner=alice@example.com&folder=calendar")->body);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["subject"] == "x");
    CHECK(listed[0]["start"] == "2026-03-02T10:00:00Z");
    CHECK(listed[0]["uid"].get<std::string>().size() > 40);
    REQUIRE(s->items("alice@example.com").size() == 1);
    CHECK(s->items("alice@example.com")[0].item_id == listed[0]["item_id"]);
    CHECK(c.Post("/standin/reset", "", "application/json")->status == 200);
    CHECK(nlohmann::json::parse(c.Get("/standin/stats")->body)["total"]["requests"] == 0);
    auto folder = soap(*s, "<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds>" + calendar() +
                               "</m:FolderIds></m:GetFolder>");
    CHECK(folder.message().child("m:Folders").first_child().child("t:TotalCount").text().as_int() == 0);
    CHECK(create(*s, "<t:Subject>z</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>").code() ==
          "NoError");
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: every request exchangelib sent is accepted and answered with valid responses", "[ews_standin]") {
    auto s = start_standin();
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(CALBRIDGE_TEST_DATA) / "ews" / "requests")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 21);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream raw;
        raw << in.rdbuf();
        auto r = post(*s, raw.str());
        INFO(f.filename().string() << ": " << r.body.substr(0, 600));
        CHECK(r.status == 200);
        // Ids in these captures came from another server: ErrorInvalidIdMalformed is the honest
        // answer for them, everything else must succeed.
        for (std::size_t i = 0; r.message(i); ++i)
            CHECK((r.code(i) == "NoError" || r.code(i) == "ErrorInvalidIdMalformed"));
    }
    auto t = s->stats().total();
    CHECK(t.requests == files.size());
    CHECK(t.invalid_requests == 0);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: a dozen idle keep-alive clients do not hold up the next one", "[ews_standin]") {
    auto s = start_standin();
    std::vector<std::unique_ptr<httplib::Client>> idle;
    for (int i = 0; i < 12; ++i) {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", s->port());
        c->set_keep_alive(true);
        c->set_basic_auth("alice@example.com", "secret");
        auto r = c->Post("/EWS/Exchange.asmx", envelope(kGetRoot), "text/xml; charset=utf-8");
        REQUIRE(r);
        CHECK(r->status == 200);
        idle.push_back(std::move(c));  // the connection stays open
    }
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(soap(*s, kGetRoot).code() == "NoError");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
    idle.clear();
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: stats count the response messages of each operation, one per item of a batch", "[ews_standin]") {
    auto s = start_standin();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto r = create(*s, "<t:Subject>m" + std::to_string(i) +
                                "</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T11:00:00Z</t:End>");
        REQUIRE(r.code() == "NoError");
        ids.push_back(r.message().child("m:Items").first_child().child("t:ItemId").attribute("Id").value());
    }
    std::string get = "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>";
    for (std::size_t i = 0; i < 2; ++i) get += "<t:ItemId Id=\"" + ids[i] + "\"/>";
    get += "</m:ItemIds></m:GetItem>";
    auto r = soap(*s, get);
    REQUIRE(r.code(1) == "NoError");
    auto stats = s->stats();
    CHECK(stats.operations["GetItem"].requests == 1);
    CHECK(stats.operations["GetItem"].response_messages == 2);  // two ids asked, not the three in the folder
    CHECK(stats.operations["CreateItem"].response_messages == 3);
    CHECK(stats.total().response_messages == 5);
    httplib::Client c("127.0.0.1", s->port());
    auto json = nlohmann::json::parse(c.Get("/standin/stats")->body);
    CHECK(json["operations"]["GetItem"]["response_messages"] == 2);
    s->reset_stats();
    CHECK(s->stats().total().response_messages == 0);
    require_all_valid(*s);
}

TEST_CASE("EWS stand-in: the EWS path matches without regard to case, as IIS does (DavMail posts to /ews/exchange.asmx)", "[ews_standin]") {
    auto s = start_standin();
    httplib::Client c("127.0.0.1", s->port());
    c.set_basic_auth("alice@example.com", "secret");
    for (const char* path : {"/ews/exchange.asmx", "/EWS/Exchange.asmx", "/Ews/EXCHANGE.ASMX"}) {
        INFO(path);
        auto r = c.Post(path, envelope(kGetRoot), "text/xml; charset=utf-8");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->body.find("NoError") != std::string::npos);
    }
    CHECK(c.Post("/ews/other.asmx", envelope(kGetRoot), "text/xml; charset=utf-8")->status == 404);
    CHECK(s->stats().operations["GetFolder"].requests == 3);
    require_all_valid(*s);
}
