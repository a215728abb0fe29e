#include "gateway/http/deadline.h"

namespace calbridge::http {

Deadline::Deadline(boost::asio::ip::tcp::socket& socket)
    : state_(std::make_shared<State>(State{&socket})), timer_(socket.get_executor()) {}

Deadline::~Deadline() { state_->socket = nullptr; }

void Deadline::arm_at(std::chrono::steady_clock::time_point when, DeadlineFor what) {
    std::uint64_t generation = ++state_->generation;
    timer_.expires_at(when);
    // The handler owns the state, not the Deadline: a wait that already completed and is
    // queued may run after the session is gone.
    timer_.async_wait([state = state_, generation, what](const boost::system::error_code& ec) {
        if (ec || state->socket == nullptr || generation != state->generation) return;
        state->expired = true;
        boost::system::error_code ignored;
        // cancel() alone ends only an operation pending in the reactor at this instant; the
        // shutdown makes every later read (and, for a write deadline, write) fail at once.
        state->socket->cancel(ignored);
        state->socket->shutdown(what == DeadlineFor::reading ? boost::asio::ip::tcp::socket::shutdown_receive
                                                             : boost::asio::ip::tcp::socket::shutdown_both,
                                ignored);
    });
}

void Deadline::disarm() {
    ++state_->generation;
    timer_.cancel();
}

}  // namespace calbridge::http
