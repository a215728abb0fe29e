#include "gateway/http/deadline.h"

namespace calbridge::http {

Deadline::Deadline(boost::asio::ip::tcp::socket& socket)
    : state_(std::make_shared<State>(State{&socket})), timer_(socket.get_executor()) {}

Deadline::~Deadline() { state_->socket = nullptr; }

void Deadline::arm_at(std::chrono::steady_clock::time_point when) {
    std::uint64_t generation = ++state_->generation;
    state_->expired = false;
    timer_.expires_at(when);
    // The handler owns the state, not the Deadline: a wait that already completed and is
    // queued may run after the session is gone.
    timer_.async_wait([state = state_, generation](const boost::system::error_code& ec) {
        if (ec || state->socket == nullptr || generation != state->generation) return;
        state->expired = true;
        boost::system::error_code ignored;
        state->socket->cancel(ignored);
    });
}

void Deadline::disarm() {
    ++state_->generation;
    timer_.cancel();
}

}  // namespace calbridge::http
