// ServerConfig::max_connections: beyond it a connection is turned away at once (503 with
// Retry-After on plain HTTP, or just closed), logged once per run of refusals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "log_capture.h"
#include "server_fixture.h"
#include "test_client.h"

using namespace calbridge;
using namespace calbridge::http;
using namespace calbridge::http::test;
using namespace std::chrono_literals;

namespace {

// Whether the server turned a new connection away: a 503 with Retry-After, or closed before
// answering anything. A request that is served (or a server that says nothing) is not.
bool turned_away(Client& client) {
    client.send(request_text("GET", "/turned-away"));
    Response r;
    if (const auto ec = client.read(r))
        return ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
               ec == net::error::broken_pipe;
    return r.result_int() == 503 && sv(r[bhttp::field::retry_after]) == "1" && !r.keep_alive();
}

std::size_t lines_with(CaptureSink& sink, const std::string& text) {
    auto lines = sink.lines();
    return std::count_if(lines.begin(), lines.end(), [&](const auto& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("over max_connections a new connection is turned away until one closes", "[http][limits]") {
    LogCapture logs;
    Recorder recorder;
    auto config = test_config();
    config.max_connections = 2;
    RunningServer running(recorder.handler(), config);

    // Two connections, each with a session (it has answered).
    Client first(running.port()), second(running.port());
    first.send(request_text("GET", "/first"));
    REQUIRE(first.read().result_int() == 200);
    second.send(request_text("GET", "/second"));
    REQUIRE(second.read().result_int() == 200);

    Client third(running.port());
    CHECK(turned_away(third));
    CHECK(logs.server().wait_for("refusing new ones"));
    Client fourth(running.port());
    CHECK(turned_away(fourth));
    CHECK(lines_with(logs.server(), "refusing new ones") == 1);  // once per run, not per connection

    // The two keep working.
    first.send(request_text("GET", "/first-again"));
    CHECK(first.read().result_int() == 200);
    second.send(request_text("GET", "/second-again"));
    CHECK(second.read().result_int() == 200);

    // Once one closes, a new connection is served. The server notices the close
    // asynchronously: try a few times.
    first.close();
    bool served = false;
    for (auto until = std::chrono::steady_clock::now() + 5s; !served && std::chrono::steady_clock::now() < until;) {
        Client next(running.port());
        next.send(request_text("GET", "/next"));
        Response r;
        served = !next.read(r) && r.result_int() == 200;
        if (!served) std::this_thread::sleep_for(20ms);
    }
    CHECK(served);
    CHECK(logs.server().wait_for("accepting connections again"));
    for (const auto& request : recorder.requests()) CHECK(request.target != "/turned-away");
    CHECK(recorder.count() == 5);
}

TEST_CASE("max_connections 0 is refused at start", "[http][limits]") {
    auto config = test_config();
    config.max_connections = 0;
    Recorder recorder;
    HttpServer server(config, recorder.handler());
    CHECK_THROWS_WITH(server.start(), Catch::Contains("max_connections"));
}
