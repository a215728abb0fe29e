#include "gateway/http/signal_stop.h"

#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "gateway/http/http_server.h"

namespace calbridge::http {

namespace net = boost::asio;

struct StopOnSignals::Impl {
    net::io_context context;
    net::signal_set signals{context, SIGTERM, SIGINT};
    std::thread thread;
};

StopOnSignals::StopOnSignals(HttpServer& server) : impl_(std::make_unique<Impl>()) {
    impl_->signals.async_wait([&server](const boost::system::error_code& ec, int signal_number) {
        if (ec) return;  // cancelled by the destructor
        spdlog::info("received signal {}, stopping the HTTP server", signal_number);
        server.stop();
    });
    impl_->thread = std::thread([this] { impl_->context.run(); });
}

StopOnSignals::~StopOnSignals() {
    // signal_set is not thread-safe: cancel on the thread that runs it.
    net::post(impl_->context, [impl = impl_.get()] {
        boost::system::error_code ignored;
        impl->signals.cancel(ignored);
    });
    impl_->thread.join();
}

}  // namespace calbridge::http
