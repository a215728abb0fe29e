#include "gateway/http/http_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gateway/http/listener.h"
#include "gateway/http/session.h"
#include "gateway/http/session_registry.h"
#include "gateway/http/tls_context.h"

namespace calbridge::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
    Impl(ServerConfig c, Handler h) : config(std::move(c)), handler(std::move(h)) {}

    ServerConfig config;
    Handler handler;
    net::io_context context;
    std::optional<net::ssl::context> tls;
    tcp::acceptor acceptor{net::make_strand(context)};
    // stop()'s grace timer and the "all connections gone" notice meet on this strand.
    net::strand<net::io_context::executor_type> control = net::make_strand(context);
    net::steady_timer grace_timer{control};
    SessionRegistry registry{[this] { net::post(control, [this] { grace_timer.cancel(); }); }};
    std::optional<SessionEnv> env;
    std::vector<std::thread> threads;
    std::mutex threads_mutex;
    unsigned short bound_port = 0;
    std::atomic<bool> started{false};
    std::atomic<bool> stop_requested{false};

    std::string listen_name() const { return config.bind_address + ":" + std::to_string(config.port); }

    [[noreturn]] void fail(const std::string& reason) const {
        throw std::runtime_error("cannot listen on " + listen_name() + ": " + reason);
    }

    tcp::endpoint endpoint() {
        boost::system::error_code ec;
        auto address = net::ip::make_address(config.bind_address, ec);
        if (!ec) return {address, config.port};
        tcp::resolver resolver(context);  // a host name such as "localhost"
        auto results = resolver.resolve(config.bind_address, std::to_string(config.port),
                                        tcp::resolver::passive, ec);
        if (ec || results.empty()) fail("cannot resolve the address: " + (ec ? ec.message() : "no result"));
        return results.begin()->endpoint();
    }

    void listen() {
        auto where = endpoint();
        boost::system::error_code ec;
        if (acceptor.open(where.protocol(), ec); ec) fail(ec.message());
        // Lets a restarted server bind while old connections sit in TIME_WAIT; Linux still
        // refuses a second listener on the same port.
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (acceptor.bind(where, ec); ec) fail(ec.message());
        if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) fail(ec.message());
        bound_port = acceptor.local_endpoint().port();
    }

    void run_thread() {
        for (;;) {
            try {
                context.run();
                return;
            } catch (const std::exception& e) {
                spdlog::error("http: unexpected error in the I/O loop: {}", e.what());
            }
        }
    }
};

HttpServer::HttpServer(ServerConfig config, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler))) {}

HttpServer::~HttpServer() {
    stop();
    wait();
}

void HttpServer::start() {
    Impl& s = *impl_;
    if (s.started) throw std::logic_error("HttpServer::start() called twice");
    if (!s.handler) throw std::invalid_argument("HttpServer needs a request handler");
    if (s.config.max_connections == 0) throw std::invalid_argument("HttpServer: max_connections must be at least 1");
    if (s.config.tls_cert.has_value() != s.config.tls_key.has_value())
        throw std::runtime_error(std::string("TLS needs both a certificate and a private key; only the ") +
                                 (s.config.tls_cert ? "certificate" : "private key") + " is configured");
    if (s.config.tls_cert) s.tls.emplace(make_server_tls_context(*s.config.tls_cert, *s.config.tls_key));
    s.listen();

    s.env.emplace(SessionEnv{s.config, s.handler, s.registry, s.tls ? &*s.tls : nullptr});
    net::co_spawn(s.acceptor.get_executor(), accept_connections(s.acceptor, s.context, *s.env),
                  [](std::exception_ptr e) {
                      if (!e) return;
                      try {
                          std::rethrow_exception(e);
                      } catch (const std::exception& ex) {
                          spdlog::error("http: the accept loop ended: {}", ex.what());
                      }
                  });
    unsigned count = s.config.threads ? s.config.threads : std::max(2u, std::thread::hardware_concurrency());
    std::lock_guard lock(s.threads_mutex);
    for (unsigned i = 0; i < count; ++i) s.threads.emplace_back([&s] { s.run_thread(); });
    s.started = true;
    spdlog::info("http: listening on {}://{}:{} with {} threads", s.tls ? "https" : "http",
                 s.config.bind_address, s.bound_port, count);
}

unsigned short HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop() {
    Impl& s = *impl_;
    if (!s.started || s.stop_requested.exchange(true)) return;
    spdlog::info("http: stopping; open connections: {}", s.registry.size());
    s.registry.begin_stop();
    net::post(s.acceptor.get_executor(), [&s] {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
    });
    net::post(s.control, [&s] {
        s.grace_timer.expires_after(s.config.shutdown_timeout);
        s.grace_timer.async_wait([&s](const boost::system::error_code& ec) {
            if (ec) return;  // every connection ended in time
            spdlog::warn("http: {} connections still open after {} s, closing them", s.registry.size(),
                         s.config.shutdown_timeout.count());
            s.registry.force_close_all();
        });
        if (s.registry.size() == 0) s.grace_timer.cancel();
    });
}

void HttpServer::wait() {
    Impl& s = *impl_;
    std::lock_guard lock(s.threads_mutex);
    for (auto& thread : s.threads)
        if (thread.joinable()) thread.join();
    s.threads.clear();
}

}  // namespace calbridge::http
