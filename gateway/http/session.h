#pragma once
// One client connection (plain or TLS): reads requests one after the other (keep-alive,
// pipelining), enforces the limits, calls the handler, writes the responses.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "gateway/http/server_config.h"
#include "gateway/http/session_registry.h"

namespace calbridge::http {

// What every connection of one server shares; outlives all of them.
struct SessionEnv {
    const ServerConfig& config;
    const Handler& handler;
    SessionRegistry& registry;
    boost::asio::ssl::context* tls = nullptr;  // null: plain HTTP
};

// Takes over an accepted socket (whose executor is the connection's strand) and runs the
// connection on it until it closes.
void start_session(boost::asio::ip::tcp::socket socket, const SessionEnv& env);

}  // namespace calbridge::http
