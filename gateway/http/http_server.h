#pragma once
// The HTTP/1.1 server of the gateway (Boost.Beast on Asio): keep-alive, pipelining, request
// size and time limits, optional TLS, graceful stop. It parses requests into caldav::Request,
// calls the Handler and writes its caldav::Response; it knows nothing of CalDAV itself.
#include <memory>

#include "gateway/http/server_config.h"

namespace calbridge::http {

class HttpServer {
public:
    HttpServer(ServerConfig config, Handler handler);
    ~HttpServer();  // stop() and wait()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Loads the TLS certificate and key (if configured), binds, listens and starts the threads.
    // Throws std::runtime_error with the reason, e.g.
    // "cannot listen on 127.0.0.1:8443: Address already in use".
    void start();
    // The bound port (the ephemeral one when ServerConfig::port was 0). Valid after start().
    unsigned short port() const;
    // Graceful: stops accepting, closes idle keep-alive connections, lets requests being read
    // or handled finish (their responses carry "Connection: close") for up to
    // ServerConfig::shutdown_timeout, then closes what is left. Returns at once; thread-safe;
    // may be called more than once.
    void stop();
    // Blocks until the server has stopped and its threads have ended.
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace calbridge::http
