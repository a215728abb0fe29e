#include <catch2/catch.hpp>

#include <csignal>
#include <future>

#include "gateway/http/signal_stop.h"
#include "server_fixture.h"
#include "test_client.h"

using namespace calbridge;
using namespace calbridge::http;
using namespace calbridge::http::test;
using namespace std::chrono_literals;

TEST_CASE("stop() lets a running handler answer, closes idle connections, then the port", "[http][shutdown]") {
    std::promise<void> entered;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    RunningServer running([&](caldav::Request& request) {
        if (request.target == "/slow") {
            entered.set_value();
            released.wait();
        }
        caldav::Response r;
        r.body = "done " + request.target;
        return r;
    });
    const auto port = running.port();

    Client idle(port);
    idle.send(request_text("GET", "/quick"));
    REQUIRE(idle.read().body() == "done /quick");

    Client busy(port);
    busy.send(request_text("GET", "/slow"));
    REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);

    running.server.stop();
    CHECK(idle.closed_by_server());  // the idle keep-alive connection goes at once
    release.set_value();
    Response r = busy.read();
    REQUIRE_FALSE(busy.error());
    CHECK(r.body() == "done /slow");
    CHECK_FALSE(r.keep_alive());  // "Connection: close": the server is going away
    CHECK(busy.closed_by_server());

    auto waited = std::async(std::launch::async, [&] { running.server.wait(); });
    REQUIRE(waited.wait_for(5s) == std::future_status::ready);
    CHECK(connection_refused(port));
}

TEST_CASE("stop() cuts connections still open after the shutdown timeout", "[http][shutdown]") {
    auto config = test_config();
    config.shutdown_timeout = 1s;
    config.read_timeout = 30s;
    Recorder recorder;
    RunningServer running(recorder.handler(), config);
    Client client(running.port());
    // 100 Continue proves the server has read the header and now waits for the body.
    client.send("PUT /never-finished HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"
                "Expect: 100-continue\r\n\r\n");
    REQUIRE(client.read().result_int() == 100);

    auto started = std::chrono::steady_clock::now();
    running.server.stop();
    auto waited = std::async(std::launch::async, [&] { running.server.wait(); });
    REQUIRE(waited.wait_for(10s) == std::future_status::ready);
    auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(elapsed >= 900ms);
    CHECK(elapsed < 5s);
    CHECK(client.closed_by_server());
    CHECK(recorder.count() == 0);
}

TEST_CASE("stop() without connections returns promptly, and twice is harmless", "[http][shutdown]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    auto port = running.port();
    running.server.stop();
    running.server.stop();
    auto waited = std::async(std::launch::async, [&] { running.server.wait(); });
    REQUIRE(waited.wait_for(3s) == std::future_status::ready);
    CHECK(connection_refused(port));
}

TEST_CASE("SIGTERM stops the server gracefully", "[http][shutdown]") {
    Recorder recorder;
    RunningServer running(recorder.handler());
    auto port = running.port();
    {
        StopOnSignals on_signals(running.server);
        Client client(port);
        client.send(request_text("GET", "/"));
        REQUIRE(client.read().result_int() == 200);
        std::raise(SIGTERM);
        auto waited = std::async(std::launch::async, [&] { running.server.wait(); });
        REQUIRE(waited.wait_for(5s) == std::future_status::ready);
    }
    CHECK(connection_refused(port));
}
