#pragma once
// A per-connection deadline. When it expires, the connection's pending socket operations are
// cancelled (they complete with operation_aborted) and the socket is shut down, so that the
// expiry is permanent. cancel() alone reaches only an operation waiting in the reactor at that
// instant: a composed operation (Beast's async_read_header, async_read of a body, a TLS read)
// that sat between two reads, or whose read had completed with its handler still queued, would
// start its next read with no deadline, and a client trickling one byte at a time could hold
// the connection forever. After shutdown(receive) a read never waits: on Linux it still returns
// bytes already queued, then end-of-stream at once (so a client can only go on by sending faster
// than the server reads, which the size limits bound). A reading deadline shuts down only the
// receiving side, so the session can still send 408 Request Timeout (RFC 9110 15.5.9); a
// writing deadline shuts down both (writes then fail with EPIPE). Unlike beast::tcp_stream's
// timeouts it does not close the socket. Used only on the connection's strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

namespace calbridge::http {

// What a deadline guards, and so what its expiry ends for good.
enum class DeadlineFor {
    reading,  // reads fail from then on; writes still work (the 408)
    writing,  // reads and writes fail: a client that stops reading is cut
};

class Deadline {
public:
    explicit Deadline(boost::asio::ip::tcp::socket& socket);
    ~Deadline();
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    void arm_at(std::chrono::steady_clock::time_point when, DeadlineFor what);
    void arm(std::chrono::steady_clock::duration after, DeadlineFor what) {
        arm_at(std::chrono::steady_clock::now() + after, what);
    }
    // Stops the timer. An expiry that already happened stays in force (the socket stays shut
    // down).
    void disarm();
    // Whether a deadline of this connection has expired; like its effect, for good (a read
    // that fails after an expiry, even one a later arm() followed, is a timeout: 408).
    bool expired() const { return state_->expired; }

private:
    struct State {
        boost::asio::ip::tcp::socket* socket;  // null once the Deadline is gone
        std::uint64_t generation = 0;          // a wait of an older arm_at() is stale
        bool expired = false;
    };
    std::shared_ptr<State> state_;
    boost::asio::steady_timer timer_;
};

}  // namespace calbridge::http
