#include "gateway/http/listener.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <string_view>

namespace calbridge::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// RFC 9110 15.6.4 and 10.2.3: the server is overloaded, try again in a second. No Date: a 5xx
// may go without one (RFC 9110 6.6.1).
constexpr std::string_view kTooManyConnections =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 42\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "\r\n"
    "Service Unavailable: too many connections\n";
static_assert(kTooManyConnections.size() - kTooManyConnections.find("\r\n\r\n") - 4 == 42);

// Over max_connections: on plain HTTP a best-effort 503 in one non-blocking write (it fits any
// socket buffer; a client that reads nothing cannot hold this loop), then the connection is
// closed. A TLS client would take the 503 for a broken handshake: it only sees the close.
void refuse(tcp::socket& socket, bool tls) {
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    if (!ec && !tls) net::write(socket, net::buffer(kTooManyConnections.data(), kTooManyConnections.size()), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

// Logs a run of refused connections once at its start and once at its end, not per connection.
class RefusalLog {
public:
    void refused(std::size_t limit) {
        if (refused_++ == 0)
            spdlog::warn("http: {} connections open (server.max_connections): refusing new ones until "
                         "some close",
                         limit);
    }
    void accepted() {
        if (refused_ == 0) return;
        spdlog::info("http: accepting connections again; {} refused while at the limit", refused_);
        refused_ = 0;
    }

private:
    std::size_t refused_ = 0;
};

}  // namespace

net::awaitable<void> accept_connections(tcp::acceptor& acceptor, net::io_context& context,
                                        const SessionEnv& env) {
    RefusalLog refusals;
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(
            net::any_io_executor(net::make_strand(context)), net::redirect_error(net::use_awaitable, ec));
        if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;  // stop()
        if (ec) {
            // E.g. EMFILE: out of file descriptors. Back off instead of spinning on the error.
            spdlog::warn("http: accepting a connection failed: {}", ec.message());
            net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
            co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
            continue;
        }
        if (env.registry.stopping()) {
            socket.close(ec);
            continue;
        }
        // Only this loop adds sessions, so the count cannot grow between the check and the add.
        if (env.registry.size() >= env.config.max_connections) {
            refusals.refused(env.config.max_connections);
            refuse(socket, env.tls != nullptr);
            continue;
        }
        refusals.accepted();
        // Responses are written whole: no need for Nagle's delay on the last segment.
        socket.set_option(tcp::no_delay(true), ec);
        start_session(std::move(socket), env);
    }
}

}  // namespace calbridge::http
