#pragma once
// A per-connection deadline: when it expires, the connection's pending socket operations are
// cancelled (they complete with operation_aborted) and expired() tells why. Unlike
// beast::tcp_stream's timeouts it does not close the socket, so the session can still send
// 408 Request Timeout (RFC 9110 15.5.9). Used only on the connection's strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

namespace calbridge::http {

class Deadline {
public:
    explicit Deadline(boost::asio::ip::tcp::socket& socket);
    ~Deadline();
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    void arm_at(std::chrono::steady_clock::time_point when);
    void arm(std::chrono::steady_clock::duration after) { arm_at(std::chrono::steady_clock::now() + after); }
    void disarm();
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
