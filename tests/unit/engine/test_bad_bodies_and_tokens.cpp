// Malformed and hostile XML bodies through the engine (each a RequestError with its RFC
// status), and the secret-token .ics subscription URL (issue 4 item 5).
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

TEST_CASE("malformed or hostile PROPFIND / PROPPATCH bodies are 400 and change nothing", "[engine]") {
    EngineFixture f;
    const std::vector<std::string> bodies = {
        "<propfind xmlns='DAV:'><prop><displayname></prop></propfind>",                 // not well-formed
        "<D:propfind xmlns:D='DAV:'><D:prop><foo:bar xmlns:foo=''/></D:prop></D:propfind>",   // litmus propfind_invalid2
        R"(<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><propfind xmlns="DAV:"><prop>&x;</prop></propfind>)",
    };
    for (const auto& body : bodies) {
        INFO(body);
        CHECK(f.propfind(kAliceCal, "0", body).status == 400);
        CHECK(f.send("PROPPATCH", kAliceCal, body).status == 400);
    }
    auto ms = parse_multistatus(f.propfind(kAliceCal, "0", propfind_body({xml::dav("displayname")})));
    CHECK(std::string(ms->responses.at(0).prop(xml::dav("displayname")).text().as_string()) == "Calendar");
}

TEST_CASE("a secret-token subscription URL serves the calendar without auth", "[engine]") {
    EngineFixture f;
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", event_ics("a", "Subscribed")).status == 201);
    const auto issued = f.store.issue_token(kAliceCal);
    REQUIRE(issued);
    const std::string url = "/ics/" + issued->token + ".ics";
    const Response r = f.send("GET", url, {}, {}, std::nullopt);
    CHECK(r.status == 200);
    CHECK(r.body.find("SUMMARY:Subscribed") != std::string::npos);
    const std::string etag = header(r, "ETag");
    CHECK(f.send("GET", url, {}, {{"If-None-Match", etag}}, std::nullopt).status == 304);
    const Response head = f.send("HEAD", url, {}, {}, std::nullopt);
    CHECK(head.status == 200);
    CHECK(head.omit_body);
    CHECK(f.send("PUT", url, event_ics("b"), {}, std::nullopt).status == 405);
    REQUIRE(f.store.revoke_token(issued->id));
    CHECK(f.send("GET", url, {}, {}, std::nullopt).status == 404);
}
