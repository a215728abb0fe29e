#include "gateway/http/session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <limits>
#include <type_traits>

#include "gateway/http/access_log.h"
#include "gateway/http/deadline.h"
#include "gateway/http/memory_release.h"
#include "gateway/http/message_conversion.h"

namespace calbridge::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<tcp::socket>;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
// After a response that closes the connection, read (and drop) what the client still sends
// for this long / this much, so that closing with unread data does not reset the connection
// before the client has read the response (RFC 9112 9.6, "lingering close").
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1024 * 1024;
constexpr std::size_t kMaxLeadingBlankBytes = 64;
// caldav::Response::retry_later: how often and how long a request is run again.
constexpr auto kRetryStep = std::chrono::milliseconds(50);
constexpr auto kRetryBudget = std::chrono::seconds(3);

std::string_view to_std(beast::string_view s) { return {s.data(), s.size()}; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string endpoint_authority(const tcp::endpoint& endpoint) {
    auto address = endpoint.address();
    std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(endpoint.port());
}

bool is_http_parse_error(const beast::error_code& ec) {
    return &ec.category() == &beast::error_code(bhttp::error::bad_method).category() &&
           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

enum class Phase { handshake, idle, reading, handling, writing, closing };

template <class Stream>
class Session final : public SessionControl, public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    Session(Stream stream, const SessionEnv& env)
        : stream_(std::move(stream)),
          env_(env),
          deadline_(socket()),
          // Bounded: Beast 1.74 applies header_limit only to the header section, not to a chunk's
          // size line and extensions nor to the trailer section, which would otherwise grow this
          // buffer without end. Overflow is error::buffer_overflow, answered 400.
          buffer_(env.config.max_header_bytes + kReadChunk + 64 * 1024) {
        beast::error_code ec;
        auto remote = socket().remote_endpoint(ec);
        if (!ec) remote_address_ = remote.address().to_string();
        remote_ = remote_address_.empty() ? std::string("-") : remote_address_;
        auto local = socket().local_endpoint(ec);
        local_authority_ = ec ? std::string("localhost") : endpoint_authority(local);
    }
    ~Session() override { env_.registry.remove(this); }

    static net::awaitable<void> run(std::shared_ptr<Session> self) { co_await self->serve(); }

    // `caller` (the registry's reference) travels with the posted handler: if the connection
    // ends meanwhile, the last reference is dropped on the strand, never on the thread
    // calling stop() (see SessionControl).
    void close_if_idle(std::shared_ptr<SessionControl> caller) override {
        net::post(socket().get_executor(), [self = this->shared_from_this(), caller = std::move(caller)] {
            if (self->phase_ == Phase::idle || self->phase_ == Phase::handshake) {
                beast::error_code ignored;
                self->socket().cancel(ignored);
            }
        });
    }

    void force_close(std::shared_ptr<SessionControl> caller) override {
        net::post(socket().get_executor(), [self = this->shared_from_this(), caller = std::move(caller)] {
            beast::error_code ignored;
            self->socket().close(ignored);
        });
    }

private:
    tcp::socket& socket() { return beast::get_lowest_layer(stream_); }
    const ServerConfig& config() const { return env_.config; }
    static auto with(beast::error_code& ec) { return net::redirect_error(net::use_awaitable, ec); }

    net::awaitable<void> serve() {
        if constexpr (kTls) {
            phase_ = Phase::handshake;
            deadline_.arm(config().read_timeout, DeadlineFor::writing);  // the handshake writes too
            beast::error_code ec;
            co_await stream_.async_handshake(net::ssl::stream_base::server, with(ec));
            if (ec) {
                spdlog::debug("http: TLS handshake with {} failed: {}", remote_, ec.message());
                co_await close(false);
                co_return;
            }
        }
        bool linger = false;
        while (co_await serve_one_request(linger)) {
        }
        co_await close(linger);
    }

    // One request and its response. Returns whether the connection stays open; sets linger
    // when a response was sent on a connection that now closes.
    net::awaitable<bool> serve_one_request(bool& linger) {
        if (!co_await wait_for_request()) co_return false;

        phase_ = Phase::reading;
        const auto started = Clock::now();
        const auto request_deadline = started + config().read_timeout;
        deadline_.arm_at(request_deadline, DeadlineFor::reading);
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(config().max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
        parser.body_limit(config().max_body_bytes);

        beast::error_code ec;
        co_await bhttp::async_read_header(stream_, buffer_, parser, with(ec));
        if (ec) co_return co_await reject(ec, parser.get(), started, linger);

        const auto& header = parser.get();
        // RFC 9112 3.2: exactly one valid Host field in an HTTP/1.1 request.
        auto hosts = header.count(bhttp::field::host);
        const std::string host(to_std(header[bhttp::field::host]));  // a copy: the header may be replaced below
        if (hosts > 1 || (hosts == 1 && !valid_host(host)) || (hosts == 0 && header.version() >= 11))
            co_return co_await send_error(400, "Bad Request: missing or invalid Host\n", header, started, linger);

        // RFC 9112 6.1 and 6.3: chunked is the only transfer coding we decode; a request whose
        // final coding is not chunked has no determinable length (400), one with other codings
        // before chunked is not implemented (501). Either way the connection closes.
        if (header.count(bhttp::field::transfer_encoding) &&
            (header.count(bhttp::field::transfer_encoding) > 1 ||
             !caldav::iequals(trim(to_std(header[bhttp::field::transfer_encoding])), "chunked"))) {
            if (parser.chunked())
                co_return co_await send_error(501, "Not Implemented: transfer coding\n", header, started, linger);
            co_return co_await send_error(400, "Bad Request: transfer coding\n", header, started, linger);
        }

        // RFC 9110 10.1.1: 100-continue before the body is read; other expectations are refused.
        // (A too large Content-Length has already failed above with body_limit: 413 without
        // reading the body.) HTTP/1.0 requests' Expect is ignored.
        if (header.version() >= 11 && header.count(bhttp::field::expect)) {
            if (!caldav::iequals(to_std(header[bhttp::field::expect]), "100-continue"))
                co_return co_await send_error(417, "Expectation Failed\n", header, started, linger);
            if (!parser.is_done()) {
                bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
                deadline_.arm(config().write_timeout, DeadlineFor::writing);
                co_await bhttp::async_write(stream_, proceed, with(ec));
                if (ec) co_return false;
                deadline_.arm_at(request_deadline, DeadlineFor::reading);
            }
        }
        if (!parser.is_done()) {
            // Beast merges chunked trailer fields into the header after Host, Expect and
            // Transfer-Encoding were checked: a trailer could smuggle a second Host or an
            // Authorization. Trailers are discarded (RFC 9110 6.5.1 allows it): the header the
            // handler sees is the one that was checked.
            bhttp::request_header<> checked = parser.get().base();
            co_await bhttp::async_read(stream_, buffer_, parser, with(ec));
            if (ec) co_return co_await reject(ec, parser.get(), started, linger);
            if (std::distance(parser.get().begin(), parser.get().end()) != std::distance(checked.begin(), checked.end()))
                parser.get().base() = std::move(checked);
        }
        deadline_.disarm();

        phase_ = Phase::handling;
        const bool head = parser.get().method() == bhttp::verb::head;
        const unsigned version = parser.get().version();
        bool keep_alive = parser.get().keep_alive();
        const std::string origin = request_origin(host, kTls, local_authority_);
        caldav::Request request = to_caldav_request(parser.release(), origin, remote_address_);
        const std::string method = request.method, target = request.target;
        caldav::Response response = call_handler(request);
        // A passing refusal (every password check busy, or the same login being checked for
        // another connection): run the request again after a pause that holds no thread, so
        // a client opening several connections with new credentials is served once the first
        // check is done; the refusal itself goes out only after kRetryBudget.
        for (auto waited = Clock::duration::zero();
             response.retry_later && waited < kRetryBudget && !env_.registry.stopping(); waited += kRetryStep) {
            net::steady_timer pause(socket().get_executor(), kRetryStep);
            beast::error_code ignored;
            co_await pause.async_wait(with(ignored));
            response = call_handler(request);
        }
        keep_alive = keep_alive && !response_closes(response) && !env_.registry.stopping();
        bool sent = false;
        bool large = false;
        {
            auto message = to_beast_response(std::move(response), {head, keep_alive, version});
            large = message.body().size() >= kReleaseMemoryAfterBytes;
            sent = co_await send(message, method, target, version, request.user.value_or(""), started);
        }
        if (large) release_freed_memory();   // the body is gone now
        linger = sent && !keep_alive;
        co_return sent && keep_alive;
    }

    // Waits (idle_timeout) for the first byte of the next request unless a pipelined one is
    // already buffered. False: the client closed, went quiet, or the server is stopping.
    net::awaitable<bool> wait_for_request() {
        std::size_t skipped = 0;
        for (;;) {
            if (buffer_.size() == 0) {
                phase_ = Phase::idle;
                if (env_.registry.stopping()) co_return false;
                deadline_.arm(config().idle_timeout, DeadlineFor::reading);
                beast::error_code ec;
                std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), with(ec));
                buffer_.commit(n);
                if (ec) co_return false;
            }
            // RFC 9112 2.2: empty lines before a request-line are ignored (some clients send
            // CRLF after a POST body). A few only: a stream of them is left to the parser (400).
            auto bytes = static_cast<const char*>(buffer_.data().data());
            std::size_t blank = 0;
            while (blank < buffer_.size() && (bytes[blank] == '\r' || bytes[blank] == '\n')) ++blank;
            buffer_.consume(blank);
            skipped += blank;
            if (buffer_.size() > 0 || skipped > kMaxLeadingBlankBytes) co_return true;
        }
    }

    caldav::Response call_handler(caldav::Request& request) {
        try {
            return env_.handler(request);
        } catch (const std::exception& e) {
            spdlog::error("http: handler failed on {} {} from {}: {}", request.method,
                          loggable_target(request.target), remote_, e.what());
        } catch (...) {
            spdlog::error("http: handler failed on {} {} from {}: unknown exception", request.method,
                          loggable_target(request.target), remote_);
        }
        return text_response(500, "Internal Server Error\n");
    }

    // A request that could not be read whole: answer when there is someone to answer.
    net::awaitable<bool> reject(const beast::error_code& ec, const bhttp::request_header<>& header,
                                Clock::time_point started, bool& linger) {
        if (deadline_.expired())  // RFC 9110 15.5.9
            co_return co_await send_error(408, "Request Timeout\n", header, started, linger);
        if (ec == bhttp::error::header_limit)  // RFC 6585 5
            co_return co_await send_error(431, "Request Header Fields Too Large\n", header, started, linger);
        if (ec == bhttp::error::body_limit)  // RFC 9110 15.5.14
            co_return co_await send_error(413, "Content Too Large\n", header, started, linger);
        if (is_http_parse_error(ec))  // RFC 9112 2.2 and 6.3: malformed, then close
            co_return co_await send_error(400, "Bad Request\n", header, started, linger);
        // The client went away mid-request, or stop() cut it: the handler is never called.
        spdlog::debug("http: connection from {} ended mid-request: {}", remote_, ec.message());
        co_return false;
    }

    net::awaitable<bool> send_error(int status, std::string_view text, const bhttp::request_header<>& header,
                                    Clock::time_point started, bool& linger) {
        auto message = to_beast_response(text_response(status, text), {false, false, 11});
        std::string method(to_std(header.method_string())), target(to_std(header.target()));
        linger = co_await send(message, method, target, header.version() == 10 ? 10 : 11, "", started);
        co_return false;  // the request's framing is unknown: the connection cannot be reused
    }

    net::awaitable<bool> send(BeastResponse& message, std::string_view method, std::string_view target,
                              unsigned version, std::string_view user, Clock::time_point started) {
        phase_ = Phase::writing;
        deadline_.arm(config().write_timeout, DeadlineFor::writing);
        beast::error_code ec;
        co_await bhttp::async_write(stream_, message, with(ec));
        deadline_.disarm();
        std::string logged_target = loggable_target(target);
        log_access({remote_, user, method, logged_target, version, static_cast<int>(message.result_int()),
                    ec ? 0 : message.body().size(), Clock::now() - started});
        if (ec) spdlog::debug("http: writing the response to {} failed: {}", remote_, ec.message());
        co_return !ec;
    }

    std::string loggable_target(std::string_view target) const {
        return config().access_log_target ? config().access_log_target(target) : std::string(target);
    }

    net::awaitable<void> close(bool linger) {
        phase_ = Phase::closing;
        beast::error_code ec;
        if (linger) {
            deadline_.arm(kLingerTime, DeadlineFor::writing);
            if constexpr (kTls) {
                co_await stream_.async_shutdown(with(ec));  // close_notify (RFC 8446 6.1)
            } else {
                socket().shutdown(tcp::socket::shutdown_send, ec);
                std::array<char, 8192> scratch;
                std::size_t drained = 0;
                while (!ec && drained < kLingerBytes)
                    drained += co_await socket().async_read_some(net::buffer(scratch), with(ec));
            }
            deadline_.disarm();
        }
        socket().close(ec);
    }

    Stream stream_;
    const SessionEnv& env_;
    Deadline deadline_;
    beast::flat_buffer buffer_;
    Phase phase_ = Phase::handshake;
    std::string remote_address_;  // the peer's IP address; empty if unknown
    std::string remote_;          // the same for log lines: "-" if unknown
    std::string local_authority_;
};

}  // namespace

void start_session(tcp::socket socket, const SessionEnv& env) {
    auto executor = socket.get_executor();
    auto spawn = [&](auto session) {
        env.registry.add(session);
        // Moved, not copied: the coroutine holds the only strong reference, so the session is
        // destroyed on its strand when the coroutine ends, even if that happens before this
        // (the acceptor's) thread gets here again.
        using SessionType = typename decltype(session)::element_type;
        net::co_spawn(executor, SessionType::run(std::move(session)), [](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                spdlog::error("http: connection ended by an unexpected error: {}", ex.what());
            }
        });
    };
    if (env.tls)
        spawn(std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *env.tls), env));
    else
        spawn(std::make_shared<Session<tcp::socket>>(std::move(socket), env));
}

}  // namespace calbridge::http
