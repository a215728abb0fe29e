// The per-connection Deadline (gateway/http/deadline.h) on a real loopback TCP connection: its
// expiry must hold for operations started after it fired, not only for the one pending then.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <string>

#include "gateway/http/deadline.h"

using namespace calbridge::http;
using namespace std::chrono_literals;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A connected pair of sockets on 127.0.0.1; `server` is the one the Deadline guards.
struct Connection {
    net::io_context context;
    tcp::socket server{context}, client{context};

    Connection() {
        tcp::acceptor acceptor(context, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
        client.connect(acceptor.local_endpoint());
        acceptor.accept(server);
    }

    // Runs the context until the Deadline's timer has fired (nothing else is pending).
    void let_expire(Deadline& deadline) {
        context.restart();
        context.run();
        REQUIRE(deadline.expired());
    }

    struct Outcome {
        boost::system::error_code ec;
        Clock::duration took;
    };
    // One operation on `server`, started now; a guard closes the socket after 2 s so that an
    // operation the deadline failed to end shows as operation_aborted after 2 s instead of hanging.
    template <class Start>
    Outcome run(Start start) {
        Outcome outcome{net::error::would_block, {}};
        bool done = false;
        net::steady_timer guard(context, 2s);
        guard.async_wait([&](boost::system::error_code ec) {
            if (!ec && !done) server.close(ec);
        });
        const auto started = Clock::now();
        start([&](boost::system::error_code ec, std::size_t) {
            outcome = {ec, Clock::now() - started};
            done = true;
            guard.cancel();
        });
        context.restart();
        context.run();
        return outcome;
    }
};

}  // namespace

TEST_CASE("a read deadline that expired with no read pending still ends the next read at once", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(20ms, DeadlineFor::reading);
    // The timer fires while no read is pending: what happens when a composed read (Beast's
    // async_read_header) is between two of its reads, or when a read's handler is queued.
    c.let_expire(deadline);
    char byte;
    auto read = c.run([&](auto done) { c.server.async_read_some(net::buffer(&byte, 1), done); });
    CHECK(read.ec == net::error::eof);
    CHECK(read.took < 1s);
    CHECK(deadline.expired());
    // Writing still works: the session answers 408.
    const std::string answer = "HTTP/1.1 408 Request Timeout\r\n\r\n";
    boost::system::error_code ec;
    net::write(c.server, net::buffer(answer), ec);
    CHECK_FALSE(ec);
    std::string received(answer.size(), '\0');
    net::read(c.client, net::buffer(received), ec);
    CHECK(received == answer);
}

TEST_CASE("bytes a client sends after a read deadline do not bring the wait back", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(20ms, DeadlineFor::reading);
    c.let_expire(deadline);
    // The trickling client: one more byte. A read may still return it, but then the next read
    // does not wait for more.
    net::write(c.client, net::buffer("x", 1));
    char buffer[16];
    auto first = c.run([&](auto done) { c.server.async_read_some(net::buffer(buffer), done); });
    if (!first.ec) {
        auto second = c.run([&](auto done) { c.server.async_read_some(net::buffer(buffer), done); });
        CHECK(second.ec == net::error::eof);
        CHECK(second.took < 1s);
    } else {
        CHECK(first.ec == net::error::eof);
    }
}

TEST_CASE("a read pending when the deadline expires is cancelled", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(50ms, DeadlineFor::reading);
    char byte;
    auto read = c.run([&](auto done) { c.server.async_read_some(net::buffer(&byte, 1), done); });
    CHECK((read.ec == net::error::operation_aborted || read.ec == net::error::eof));
    CHECK(read.took < 1s);
    CHECK(deadline.expired());
}

TEST_CASE("a write deadline that expired ends further writes and reads", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(20ms, DeadlineFor::writing);
    c.let_expire(deadline);
    const std::string data = "HTTP/1.1 200 OK\r\n\r\n";
    auto write = c.run([&](auto done) { net::async_write(c.server, net::buffer(data), done); });
    CHECK(write.ec == net::error::broken_pipe);
    char byte;
    auto read = c.run([&](auto done) { c.server.async_read_some(net::buffer(&byte, 1), done); });
    CHECK(read.ec == net::error::eof);
    CHECK(read.took < 1s);
}

TEST_CASE("a disarmed or re-armed deadline does not fire", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(20ms, DeadlineFor::reading);
    deadline.disarm();
    deadline.arm(10s, DeadlineFor::reading);  // replaces the first
    deadline.arm(20ms, DeadlineFor::writing);
    deadline.disarm();
    c.context.run_for(200ms);
    CHECK_FALSE(deadline.expired());
    // The connection is untouched both ways.
    net::write(c.client, net::buffer("ok", 2));
    char buffer[2];
    auto read = c.run([&](auto done) { net::async_read(c.server, net::buffer(buffer), done); });
    CHECK_FALSE(read.ec);
    boost::system::error_code ec;
    net::write(c.server, net::buffer("ok", 2), ec);
    CHECK_FALSE(ec);
}

TEST_CASE("an expiry stays visible after the deadline is armed again", "[http][deadline]") {
    Connection c;
    Deadline deadline(c.server);
    deadline.arm(20ms, DeadlineFor::reading);
    c.let_expire(deadline);
    // E.g. the session writes 100 Continue (a write deadline), then reads the body: the read
    // fails at once, and it must still count as a timeout (408), not as a vanished client.
    deadline.arm(10s, DeadlineFor::writing);
    deadline.disarm();
    CHECK(deadline.expired());
    char byte;
    auto read = c.run([&](auto done) { c.server.async_read_some(net::buffer(&byte, 1), done); });
    CHECK(read.ec == net::error::eof);
}
