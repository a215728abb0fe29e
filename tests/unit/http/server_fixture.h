#pragma once
// A started HttpServer on 127.0.0.1 (ephemeral port, short limits) and a handler that records
// every request it receives.
#include <functional>
#include <mutex>
#include <vector>

#include "gateway/http/http_server.h"

namespace calbridge::http::test {

inline ServerConfig test_config() {
    ServerConfig config;
    config.bind_address = "127.0.0.1";
    config.port = 0;
    config.threads = 2;
    config.read_timeout = std::chrono::seconds(5);
    config.idle_timeout = std::chrono::seconds(5);
    config.write_timeout = std::chrono::seconds(5);
    config.shutdown_timeout = std::chrono::seconds(5);
    return config;
}

// Default answer: 200 with "METHOD target\n" + the request body, so each response tells
// which request it answers.
inline caldav::Response echo(const caldav::Request& request) {
    caldav::Response response;
    response.headers.add("Content-Type", "text/plain");
    response.body = request.method + " " + request.target + "\n" + request.body;
    return response;
}

class Recorder {
public:
    explicit Recorder(std::function<caldav::Response(caldav::Request&)> respond = echo)
        : respond_(std::move(respond)) {}

    Handler handler() {
        return [this](caldav::Request& request) {
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(request);
            }
            return respond_(request);
        };
    }
    std::vector<caldav::Request> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }

private:
    std::function<caldav::Response(caldav::Request&)> respond_;
    std::mutex mutex_;
    std::vector<caldav::Request> requests_;
};

struct RunningServer {
    RunningServer(Handler handler, ServerConfig config = test_config()) : server(std::move(config), std::move(handler)) {
        server.start();
    }
    unsigned short port() const { return server.port(); }
    HttpServer server;
};

}  // namespace calbridge::http::test
