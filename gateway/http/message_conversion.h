#pragma once
// Beast's messages ⇄ the engine's caldav::Request / caldav::Response.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "caldav/http_message.h"

namespace calbridge::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// RFC 9110 7.2: Host is uri-host [ ":" port ] (RFC 3986 3.2.2: reg-name, IPv4 or an IP
// literal in brackets). Anything else (spaces, '/', '@', controls) is refused with 400 so it
// cannot reach absolute URLs built from the origin.
bool valid_host(std::string_view host);

// "https://" or "http://" + the Host header, or + fallback_authority (the listener's
// address:port) when the request has none (HTTP/1.0).
std::string request_origin(std::string_view host, bool tls, std::string_view fallback_authority);

// Moves method (as sent, never Beast's verb enum: unknown methods must reach the engine),
// request-target, fields in arrival order and body; origin and the peer's IP address (auth
// keys its failure brake by it) are the session's.
caldav::Request to_caldav_request(BeastRequest&& message, std::string origin, std::string remote_address);

struct ResponseFraming {
    bool head_request = false;   // RFC 9110 9.3.2: never a body in answer to HEAD
    bool keep_alive = true;
    unsigned request_version = 11;
};

// The handler's Connection: close (RFC 9112 9.6) ends the connection after this response.
bool response_closes(const caldav::Response& response);

// Adds Date, Server, Content-Length (RFC 9110 8.6: none for 1xx, 204, 304) and Connection.
// Header fields that would break the framing (CR, LF or NUL; names that are not tokens) are
// dropped with an error log line.
BeastResponse to_beast_response(caldav::Response&& response, const ResponseFraming& framing);

// A short text/plain response, used for the server's own errors (400, 408, 413, 431, 500).
caldav::Response text_response(int status, std::string_view text);

}  // namespace calbridge::http
