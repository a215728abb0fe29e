#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>

#include "log_capture.h"
#include "server_fixture.h"
#include "test_client.h"

using namespace calbridge;
using namespace calbridge::http;
using namespace calbridge::http::test;

TEST_CASE("several requests share one keep-alive connection", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    REQUIRE_FALSE(client.error());
    for (int i = 0; i < 4; ++i) {
        std::string target = "/item/" + std::to_string(i);
        REQUIRE_FALSE(client.send(request_text("GET", target)));
        Response r = client.read();
        REQUIRE_FALSE(client.error());
        CHECK(r.result_int() == 200);
        CHECK(r.body() == "GET " + target + "\n");
        CHECK(r.keep_alive());
    }
    CHECK(recorder.count() == 4);
}

TEST_CASE("responses carry Date, Server and Content-Length", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    client.send(request_text("GET", "/"));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(sv(r[bhttp::field::date]).ends_with(" GMT"));
    CHECK(sv(r[bhttp::field::date]).size() == 29);  // IMF-fixdate
    CHECK(sv(r[bhttp::field::server]).starts_with("calbridge/"));
    CHECK(sv(r[bhttp::field::content_length]) == std::to_string(r.body().size()));
    CHECK(sv(r[bhttp::field::content_type]) == "text/plain");
}

TEST_CASE("pipelined requests are answered in order", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    std::string burst = request_text("GET", "/1") + request_text("PUT", "/2", "", "two") + request_text("GET", "/3");
    REQUIRE_FALSE(client.send(burst));
    CHECK(client.read().body() == "GET /1\n");
    CHECK(client.read().body() == "PUT /2\ntwo");
    CHECK(client.read().body() == "GET /3\n");
    REQUIRE_FALSE(client.error());
    auto seen = recorder.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].target == "/1");
    CHECK(seen[1].target == "/2");
    CHECK(seen[2].target == "/3");
}

TEST_CASE("WebDAV, CalDAV and unknown methods reach the handler with headers and body", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    const std::string propfind =
        "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname/></d:prop></d:propfind>";
    const std::vector<std::pair<std::string, std::string>> sent = {
        {"PROPFIND", propfind},
        {"REPORT", "<c:calendar-query xmlns:c=\"urn:ietf:params:xml:ns:caldav\"/>"},
        {"MKCALENDAR", ""},
        {"PROPPATCH", "<d:propertyupdate xmlns:d=\"DAV:\"/>"},
        {"MKCOL", ""},
        {"COPY", ""},
        {"MOVE", ""},
        {"LOCK", "<d:lockinfo xmlns:d=\"DAV:\"/>"},
        {"ACL", ""},
        {"FROBNICATE", "custom"},
    };
    for (const auto& [method, body] : sent) {
        std::string text = method + " /dav/alice/calendar/ HTTP/1.1\r\nHost: 127.0.0.1\r\nDepth: 1\r\n"
                           "Content-Type: application/xml; charset=utf-8\r\nX-Custom: A b\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        REQUIRE_FALSE(client.send(text));
        Response r = client.read();
        REQUIRE_FALSE(client.error());
        CHECK(r.body() == method + " /dav/alice/calendar/\n" + body);
    }
    auto seen = recorder.requests();
    REQUIRE(seen.size() == sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        INFO(sent[i].first);
        CHECK(seen[i].method == sent[i].first);
        CHECK(seen[i].body == sent[i].second);
        CHECK(seen[i].headers.get("depth") == std::optional<std::string_view>("1"));
        CHECK(seen[i].headers.get("X-CUSTOM") == std::optional<std::string_view>("A b"));
        CHECK(seen[i].headers.get("Content-Type") == std::optional<std::string_view>("application/xml; charset=utf-8"));
    }
}

TEST_CASE("the handler sees the raw request-target, the origin, the peer address and repeated fields", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    client.send("GET /dav/a%20b/%E2%82%AC.ics?x=1&y HTTP/1.1\r\nHost: example.org:8443\r\n"
                "Accept: text/calendar\r\nAccept: */*\r\n\r\n");
    client.read();
    REQUIRE_FALSE(client.error());
    // HTTP/1.0 without Host: the listener's own address.
    Client old(running.port());
    old.send("GET /old HTTP/1.0\r\n\r\n");
    Response r = old.read();
    REQUIRE_FALSE(old.error());
    CHECK(r.result_int() == 200);
    auto seen = recorder.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].target == "/dav/a%20b/%E2%82%AC.ics?x=1&y");
    CHECK(seen[0].origin == "http://example.org:8443");
    std::vector<std::string> accepts;
    for (const auto& [name, value] : seen[0].headers.fields())
        if (caldav::iequals(name, "Accept")) accepts.push_back(value);
    CHECK(accepts == std::vector<std::string>{"text/calendar", "*/*"});
    CHECK(seen[1].origin == "http://127.0.0.1:" + std::to_string(running.port()));
    CHECK(seen[0].remote_address == "127.0.0.1");  // the TCP peer (auth keys its brake by it)
    CHECK(seen[1].remote_address == "127.0.0.1");
    CHECK_FALSE(seen[0].user.has_value());
}

TEST_CASE("Connection: close is honoured", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    client.send(request_text("GET", "/bye", "Connection: close\r\n"));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.result_int() == 200);
    CHECK_FALSE(r.keep_alive());
    CHECK(client.closed_by_server());
}

TEST_CASE("a handler's Connection: close ends the connection after its response", "[http]") {
    RunningServer running([](caldav::Request&) {
        caldav::Response r;
        r.headers.add("Connection", "close");
        r.body = "last";
        return r;
    });
    Client client(running.port());
    client.send(request_text("GET", "/"));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.body() == "last");
    CHECK_FALSE(r.keep_alive());
    CHECK(client.closed_by_server());
}

TEST_CASE("HTTP/1.0 keep-alive is answered with Connection: keep-alive", "[http]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    Client client(running.port());
    client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(sv(r[bhttp::field::connection]) == "keep-alive");
    client.send("GET /b HTTP/1.0\r\n\r\n");  // no keep-alive: the server closes after it
    CHECK(client.read().body() == "GET /b\n");
    CHECK(client.closed_by_server());
}

TEST_CASE("HEAD gets the GET headers and no body", "[http]") {
    // The handler forgets omit_body on purpose: RFC 9110 9.3.2 is enforced by the server.
    RunningServer running([](caldav::Request&) {
        caldav::Response r;
        r.headers.add("ETag", "\"abc\"");
        r.body = "0123456789";
        return r;
    });
    Client client(running.port());
    client.send(request_text("HEAD", "/x.ics"));
    Response head = client.read(/*head=*/true);
    REQUIRE_FALSE(client.error());
    CHECK(head.result_int() == 200);
    CHECK(sv(head[bhttp::field::content_length]) == "10");
    CHECK(sv(head[bhttp::field::etag]) == "\"abc\"");
    CHECK(head.body().empty());
    // Had body bytes followed the HEAD response, this GET's response would not parse.
    client.send(request_text("GET", "/x.ics"));
    Response get = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(get.body() == "0123456789");
}

TEST_CASE("omit_body with an engine-declared Content-Length keeps that length", "[http]") {
    RunningServer running([](caldav::Request&) {
        caldav::Response r;
        r.omit_body = true;
        r.headers.add("Content-Length", "4242");
        return r;
    });
    Client client(running.port());
    client.send(request_text("HEAD", "/big"));
    Response head = client.read(true);
    REQUIRE_FALSE(client.error());
    CHECK(sv(head[bhttp::field::content_length]) == "4242");
}

TEST_CASE("204 and 304 responses have neither body nor Content-Length", "[http]") {
    RunningServer running([](caldav::Request& request) {
        caldav::Response r;
        r.status = request.target == "/204" ? 204 : 304;
        r.body = "ignored";
        return r;
    });
    Client client(running.port());
    for (std::string target : {"/204", "/304"}) {
        client.send(request_text("GET", target));
        Response r = client.read();
        REQUIRE_FALSE(client.error());
        CHECK(r.result_int() == std::stoul(target.substr(1)));
        CHECK(r.count(bhttp::field::content_length) == 0);
        CHECK(r.body().empty());
    }
    client.send(request_text("GET", "/204"));  // the connection is still in step
    CHECK(client.read().result_int() == 204);
}

TEST_CASE("response header fields with CR or LF are dropped, not sent", "[http]") {
    LogCapture logs;
    RunningServer running([](caldav::Request&) {
        caldav::Response r;
        r.headers.add("Location", "/ok\r\nSet-Cookie: evil=1");
        r.headers.add("X-Fine", "yes");
        return r;
    });
    Client client(running.port());
    client.send(request_text("GET", "/"));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.count(bhttp::field::set_cookie) == 0);
    CHECK(r.count(bhttp::field::location) == 0);
    CHECK(sv(r["X-Fine"]) == "yes");
    CHECK(logs.server().wait_for("dropping response header field 'Location'"));
}

TEST_CASE("a response marked retry_later is not sent: the request runs again after a pause", "[http]") {
    // caldav::Response::retry_later (every password check busy, gateway/auth): the session
    // waits on a timer, holding no thread, and calls the handler again.
    std::atomic<int> calls{0};
    Recorder recorder([&](caldav::Request& request) {
        caldav::Response response = echo(request);
        if (++calls <= 3) {
            response.status = 503;
            response.retry_later = true;
        }
        return response;
    });
    RunningServer running(recorder.handler());
    Client client(running.port());
    REQUIRE_FALSE(client.send(request_text("GET", "/busy")));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.result_int() == 200);
    CHECK(r.body() == "GET /busy\n");
    CHECK(calls == 4);
    CHECK(recorder.count() == 4);
}

TEST_CASE("a request that stays retry_later gets its refusal after the retry budget", "[http]") {
    Recorder recorder([](caldav::Request&) {
        caldav::Response response;
        response.status = 503;
        response.headers.add("Retry-After", "1");
        response.retry_later = true;
        return response;
    });
    RunningServer running(recorder.handler());
    Client client(running.port());
    const auto started = std::chrono::steady_clock::now();
    REQUIRE_FALSE(client.send(request_text("GET", "/always-busy")));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.result_int() == 503);
    CHECK(sv(r[bhttp::field::retry_after]) == "1");
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(2));
    CHECK(recorder.count() > 10);   // run again every 50 ms, not once
}
