#include "gateway/http/listener.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace calbridge::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

net::awaitable<void> accept_connections(tcp::acceptor& acceptor, net::io_context& context,
                                        const SessionEnv& env) {
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
        // Responses are written whole: no need for Nagle's delay on the last segment.
        socket.set_option(tcp::no_delay(true), ec);
        start_session(std::move(socket), env);
    }
}

}  // namespace calbridge::http
