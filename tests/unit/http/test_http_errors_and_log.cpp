#include <catch2/catch.hpp>

#include "gateway/http/access_log.h"
#include "log_capture.h"
#include "server_fixture.h"
#include "test_client.h"

using namespace calbridge;
using namespace calbridge::http;
using namespace calbridge::http::test;
using Catch::Matchers::Contains;

TEST_CASE("a throwing handler gives 500 with a short body and an error log line", "[http][errors]") {
    LogCapture logs;
    RunningServer running([](caldav::Request& request) -> caldav::Response {
        if (request.target == "/boom") throw std::runtime_error("database password is hunter2");
        return echo(request);
    });
    Client client(running.port());
    client.send(request_text("GET", "/boom"));
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.result_int() == 500);
    CHECK(r.body() == "Internal Server Error\n");
    CHECK(logs.server().wait_for("handler failed on GET /boom from 127.0.0.1: database password is hunter2"));
    // The connection survives for the next request.
    client.send(request_text("GET", "/fine"));
    CHECK(client.read().body() == "GET /fine\n");
}

TEST_CASE("a handler status outside 200..599 becomes 500", "[http][errors]") {
    LogCapture logs;
    RunningServer running([](caldav::Request&) {
        caldav::Response r;
        r.status = 101;
        return r;
    });
    Client client(running.port());
    client.send(request_text("GET", "/"));
    CHECK(client.read().result_int() == 500);
}

TEST_CASE("one access-log line per request, with user, never the Authorization header", "[http][log]") {
    LogCapture logs;
    RunningServer running([](caldav::Request& request) {
        request.user = "alice";  // what the auth layer would set
        caldav::Response r;
        r.status = 207;
        r.body = "12345";
        return r;
    });
    Client client(running.port());
    client.send("PROPFIND /dav/alice/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Authorization: Basic YWxpY2U6c2VjcmV0LXB3\r\n\r\n");
    REQUIRE(client.read().result_int() == 207);
    client.send("GET /x\"y HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    client.read();
    REQUIRE(logs.access().wait_for("/x"));
    auto lines = logs.access().lines();
    REQUIRE(lines.size() == 2);
    CHECK_THAT(lines[0], Catch::Matchers::Matches(
                             R"(127\.0\.0\.1 - alice "PROPFIND /dav/alice/ HTTP/1\.1" 207 5 [0-9]+\.[0-9]ms)"));
    // A quote in the target cannot end the quoted request field early.
    CHECK_THAT(lines[1], Contains("\"GET /x\\x22y HTTP/1.1\""));
    for (const auto& sink : {logs.access().lines(), logs.server().lines()})
        for (const auto& line : sink) {
            CHECK_THAT(line, !Contains("YWxpY2U6c2VjcmV0LXB3"));
            CHECK_THAT(line, !Contains("secret-pw"));
        }
}

TEST_CASE("access_log_target can hide secrets in the logged target", "[http][log]") {
    LogCapture logs;
    auto config = test_config();
    config.access_log_target = [](std::string_view target) {
        return target.starts_with("/ics/") ? std::string("/ics/<token>") : std::string(target);
    };
    Recorder recorder;
    RunningServer running(recorder.handler(), config);
    Client client(running.port());
    client.send(request_text("GET", "/ics/s3cr3t-token"));
    client.read();
    REQUIRE(logs.access().wait_for("/ics/<token>"));
    for (const auto& line : logs.access().lines()) CHECK_THAT(line, !Contains("s3cr3t"));
}

TEST_CASE("the access line for a rejected request names its status", "[http][log]") {
    LogCapture logs;
    auto config = test_config();
    config.max_body_bytes = 10;
    Recorder recorder;
    RunningServer running(recorder.handler(), config);
    Client client(running.port());
    client.send("PUT /big HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\n");
    client.read();
    CHECK(logs.access().wait_for("\"PUT /big HTTP/1.1\" 413 "));
}

TEST_CASE("format_access_line escapes control characters and marks missing values", "[http][log]") {
    AccessRecord record;
    record.remote = "::1";
    record.target = "/a\nb";
    record.status = 400;
    record.duration = std::chrono::microseconds(1500);
    CHECK(format_access_line(record) == "::1 - - \"- /a\\x0ab HTTP/1.1\" 400 0 1.5ms");
}

TEST_CASE("binding a port in use fails with a clear message", "[http][errors]") {
    Recorder recorder;
    RunningServer first(recorder.handler());
    auto config = test_config();
    config.port = first.port();
    HttpServer second(config, recorder.handler());
    std::string expected = "cannot listen on 127.0.0.1:" + std::to_string(first.port()) + ": ";
    CHECK_THROWS_WITH(second.start(), Contains(expected) && Contains("in use", Catch::CaseSensitive::No));
}

TEST_CASE("an unusable bind address fails with a clear message", "[http][errors]") {
    Recorder recorder;
    auto config = test_config();
    config.bind_address = "203.0.113.7";  // TEST-NET-3: not an address of this machine
    HttpServer server(config, recorder.handler());
    CHECK_THROWS_WITH(server.start(), Contains("cannot listen on 203.0.113.7:0: "));
}
