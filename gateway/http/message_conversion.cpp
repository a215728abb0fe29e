#include "gateway/http/message_conversion.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <charconv>
#include <chrono>

#include "gateway/http/http_date.h"

namespace calbridge::http {

namespace bhttp = boost::beast::http;

namespace {

std::string_view to_std(boost::beast::string_view s) { return {s.data(), s.size()}; }

// RFC 9110 5.6.2 tchar.
bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(ch) == std::string_view::npos)
            return false;
    }
    return true;
}

bool safe_field_value(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::optional<std::size_t> parse_length(std::string_view s) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

// Fields the server owns: the framing and connection management (RFC 9112 6, 9.6), Date.
bool server_owned(std::string_view name) {
    return caldav::iequals(name, "Content-Length") || caldav::iequals(name, "Transfer-Encoding") ||
           caldav::iequals(name, "Connection") || caldav::iequals(name, "Date");
}

const std::string& server_name() {
    static const std::string name = std::string("calbridge/") + CALBRIDGE_VERSION_STRING;
    return name;
}

}  // namespace

bool valid_host(std::string_view host) {
    if (host.empty()) return false;
    std::string_view name = host;
    std::string_view port;
    if (host.front() == '[') {  // IP-literal
        auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        for (char c : host.substr(1, close - 1))
            if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
        std::string_view rest = host.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return false;
        if (!rest.empty()) port = rest.substr(1);
        name = {};
    } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
        name = host.substr(0, colon);
        port = host.substr(colon + 1);
        if (name.empty()) return false;
    }
    for (char ch : name) {  // reg-name / IPv4address, without percent-encoding
        auto c = static_cast<unsigned char>(ch);
        bool ok = std::isalnum(c) || ch == '-' || ch == '.' || ch == '_' || ch == '~';
        if (!ok) return false;
    }
    for (char c : port)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return port.size() <= 5;
}

std::string request_origin(std::string_view host, bool tls, std::string_view fallback_authority) {
    std::string origin = tls ? "https://" : "http://";
    origin += host.empty() ? fallback_authority : host;
    return origin;
}

caldav::Request to_caldav_request(BeastRequest&& message, std::string origin, std::string remote_address) {
    caldav::Request request;
    request.method = std::string(to_std(message.method_string()));
    request.target = std::string(to_std(message.target()));
    for (const auto& field : message)
        request.headers.add(std::string(to_std(field.name_string())), std::string(to_std(field.value())));
    request.body = std::move(message.body());
    request.origin = std::move(origin);
    request.remote_address = std::move(remote_address);
    return request;
}

bool response_closes(const caldav::Response& response) {
    auto connection = response.headers.get("Connection");
    return connection && caldav::iequals(*connection, "close");
}

BeastResponse to_beast_response(caldav::Response&& response, const ResponseFraming& framing) {
    int status = response.status;
    if (status < 200 || status > 599) {
        // 1xx are the server's business (100 Continue); anything else is not HTTP.
        spdlog::error("http: handler returned status {}, sending 500 instead", status);
        response = text_response(500, "Internal Server Error\n");
        status = 500;
    }
    BeastResponse out;
    out.version(11);
    out.result(static_cast<unsigned>(status));
    for (auto& [name, value] : response.headers.fields()) {
        if (server_owned(name)) continue;
        if (!is_token(name) || !safe_field_value(value)) {
            spdlog::error("http: dropping response header field '{}' with a forbidden character",
                          name.substr(0, 64));
            continue;
        }
        out.insert(name, value);
    }
    out.set(bhttp::field::date, http_date(std::chrono::system_clock::now()));
    if (!out.count(bhttp::field::server)) out.set(bhttp::field::server, server_name());

    // RFC 9110 8.6: no Content-Length (and no content) in 204 and 304 responses.
    bool bodyless_status = status == 204 || status == 304;
    if (!bodyless_status) {
        std::size_t length = response.body.size();
        if (framing.head_request || response.omit_body) {
            // HEAD (RFC 9110 9.3.2): the Content-Length the GET would have had, no content.
            if (response.body.empty())
                if (auto declared = response.headers.get("Content-Length"))
                    length = parse_length(*declared).value_or(0);
            out.set(bhttp::field::content_length, std::to_string(length));
        } else {
            out.body() = std::move(response.body);
            out.content_length(length);
        }
    }
    out.keep_alive(framing.keep_alive);
    if (framing.keep_alive && framing.request_version == 10)
        out.set(bhttp::field::connection, "keep-alive");  // RFC 9112 C.2.2
    return out;
}

caldav::Response text_response(int status, std::string_view text) {
    caldav::Response response;
    response.status = status;
    response.headers.add("Content-Type", "text/plain; charset=utf-8");
    response.body = std::string(text);
    return response;
}

}  // namespace calbridge::http
