#pragma once
// A raw HTTP/1.1 test client over Beast: it sends bytes exactly as given (to test framing,
// pipelining, malformed input) and parses responses; every operation has a timeout so a
// misbehaving server fails the test instead of hanging it.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace calbridge::http::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;

inline std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

template <class Stream>
class BasicClient {
public:
    // Plain: Stream is beast::tcp_stream.
    explicit BasicClient(unsigned short port)
        requires std::is_same_v<Stream, beast::tcp_stream>
        : stream_(context_) {
        connect(port);
    }
    // TLS: verifies the server against ca_file and host_name; throws on a failed handshake.
    BasicClient(unsigned short port, net::ssl::context& tls, const std::string& host_name)
        requires(!std::is_same_v<Stream, beast::tcp_stream>)
        : stream_(context_, tls) {
        // SNI; SSL_set_tlsext_host_name() is a macro with a C cast.
        SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host_name.c_str()));
        stream_.set_verify_callback(net::ssl::host_name_verification(host_name));
        connect(port);
        error_ = run([&](auto done) { stream_.async_handshake(net::ssl::stream_base::client, done); });
    }

    beast::error_code error() const { return error_; }  // the last operation's
    Stream& stream() { return stream_; }
    void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }

    beast::error_code send(std::string_view bytes) {
        return error_ = run([&](auto done) { net::async_write(stream_, net::buffer(bytes.data(), bytes.size()), done); });
    }

    // One response; for the answer to a HEAD request, pass head = true (no body follows).
    beast::error_code read(Response& response, bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(head);
        error_ = run([&](auto done) { bhttp::async_read(stream_, buffer_, parser, done); });
        if (!error_) response = parser.release();
        return error_;
    }
    Response read(bool head = false) {
        Response response;
        read(response, head);
        return response;
    }

    // True when the server closed the connection (EOF or reset) before sending anything else.
    bool closed_by_server() {
        if (buffer_.size() > 0) return false;
        char byte;
        error_ = run([&](auto done) { stream_.async_read_some(net::buffer(&byte, 1), done); });
        return error_ == net::error::eof || error_ == net::error::connection_reset ||
               error_ == net::ssl::error::stream_truncated;
    }

    void close() { beast::get_lowest_layer(stream_).socket().close(); }

private:
    void connect(unsigned short port) {
        auto& lowest = beast::get_lowest_layer(stream_);
        error_ = run([&](auto done) {
            lowest.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                 [done](beast::error_code ec) mutable { done(ec, 0); });
        });
    }

    template <class Start>
    beast::error_code run(Start start) {
        beast::error_code result = net::error::would_block;
        beast::get_lowest_layer(stream_).expires_after(timeout_);
        start([&result](beast::error_code ec, auto&&...) { result = ec; });
        context_.restart();
        context_.run();
        beast::get_lowest_layer(stream_).expires_never();
        return result;
    }

    net::io_context context_;
    Stream stream_;
    beast::flat_buffer buffer_;
    beast::error_code error_;
    std::chrono::milliseconds timeout_{std::chrono::seconds(10)};
};

using Client = BasicClient<beast::tcp_stream>;
using TlsClient = BasicClient<beast::ssl_stream<beast::tcp_stream>>;

// GET-like request text with Host and optional extra header lines (each ending in \r\n).
inline std::string request_text(std::string_view method, std::string_view target, std::string_view extra = "",
                                std::string_view body = "") {
    std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    text += extra;
    if (!body.empty() || method == "PUT" || method == "POST")
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n";
    text += body;
    return text;
}

// Whether a new connection to the port is refused (the server stopped listening).
inline bool connection_refused(unsigned short port) {
    net::io_context context;
    tcp::socket socket(context);
    beast::error_code ec;
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    return ec == net::error::connection_refused;
}

}  // namespace calbridge::http::test
