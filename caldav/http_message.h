#pragma once
// The HTTP request and response as the CalDAV engine sees them: plain values, free of any HTTP
// library (DESIGN.md: caldav/ knows neither Beast nor SQL). gateway/http converts Beast's
// messages to and from these; tests build them by hand.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace calbridge::caldav {

// Header fields in arrival order. Names compare case-insensitively (RFC 9110 5.1); a field
// that occurs several times keeps each occurrence.
class Headers {
public:
    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
    // Replaces every occurrence of name with one field.
    void set(std::string_view name, std::string value);
    // The first occurrence, or nullopt.
    std::optional<std::string_view> get(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    void remove(std::string_view name);
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

// Case-insensitive ASCII comparison of header names and tokens.
bool iequals(std::string_view a, std::string_view b) noexcept;

struct Request {
    std::string method;   // as sent, e.g. "PROPFIND" (methods are case-sensitive, RFC 9110 9.1)
    std::string target;   // request-target as sent: percent-encoded path, optional "?query"
    Headers headers;
    std::string body;
    // The authenticated user (gateway/auth), or nullopt for an anonymous request (e.g. a
    // secret-token .ics subscription URL).
    std::optional<std::string> user;
    // scheme://host[:port] the client used (from Host and the listener's TLS state); needed
    // for absolute URLs such as a Location header.
    std::string origin;
    // The IP address of the peer that sent the request (gateway/http; empty if unknown). The
    // TCP peer: behind a reverse proxy, the proxy's address. gateway/auth keys its brake on
    // failed logins by it.
    std::string remote_address;
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    // HEAD: headers (incl. Content-Length of the GET body) but no body on the wire.
    bool omit_body = false;
    // A refusal for a passing reason (every password check busy, gateway/auth): the HTTP
    // server may run the request again a little later instead of sending this response, for
    // a bounded time, without holding a thread while it waits.
    bool retry_later = false;
};

}  // namespace calbridge::caldav
