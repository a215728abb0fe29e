#pragma once
// The accept loop: each accepted connection gets its own strand and a session.
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/http/session.h"

namespace calbridge::http {

// Runs on the acceptor's strand until the acceptor is closed. Sessions run on their own
// strands, so a handler that blocks never holds up accepting.
boost::asio::awaitable<void> accept_connections(boost::asio::ip::tcp::acceptor& acceptor,
                                                boost::asio::io_context& context, const SessionEnv& env);

}  // namespace calbridge::http
