#pragma once
// The HTTP side of the EWS client, on libcurl: one easy handle reused for every request so the
// connection (and NTLM/Negotiate's connection-bound authentication) is kept alive; TLS
// verification on unless explicitly disabled; proxies; timeouts; Basic, NTLM, Negotiate and
// OAuth bearer authentication. Transport failures become EwsError (ews/errors.h); HTTP statuses
// are returned as they are, because an HTTP 500 may carry a SOAP fault the caller must read.
// Secrets never reach a log: no header is logged, curl's verbose output stays off.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace calbridge::ews {

enum class AuthMethod { none, basic, ntlm, negotiate, bearer };

struct Credentials {
    AuthMethod method = AuthMethod::none;
    // basic and ntlm: "user@example.com" or "DOMAIN\user"; negotiate uses the Kerberos ticket
    // cache (kinit) and ignores both.
    std::string user;
    std::string password;
    // bearer: asked before each request (cheap when the token is cached); force_refresh is true
    // after the server answered 401, so an expired token is replaced once.
    std::function<std::string(bool force_refresh)> bearer_token;
};

struct TransportOptions {
    Credentials credentials;
    std::string ca_file;                  // PEM bundle to trust instead of the system store
    bool insecure_skip_tls_verify = false;  // logs a warning on every transport built with it
    // Unset: curl's own environment handling (https_proxy, http_proxy, all_proxy, no_proxy).
    // "": no proxy at all. Otherwise "http://proxy:3128" and the like.
    std::optional<std::string> proxy;
    std::chrono::milliseconds connect_timeout{15'000};
    std::chrono::milliseconds total_timeout{120'000};
    std::string user_agent = std::string("calbridge/") + CALBRIDGE_VERSION_STRING;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    // Headers of the final response (after any 401 authentication round), names lower-cased.
    std::vector<std::pair<std::string, std::string>> headers;

    std::optional<std::string> header(std::string_view lower_case_name) const;
};

class HttpTransport {
public:
    explicit HttpTransport(TransportOptions options);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    // POSTs body to url. `operation` only names the request in errors and logs. Throws EwsError
    // with category transient for timeouts, refused and dropped connections (may_have_reached_server
    // says whether the request could have been processed), permanent for TLS and URL errors.
    // Calls are serialized: one connection, one request at a time.
    // fresh_connection: send on a new connection. On a reused one that turns out to be closed,
    // curl re-sends the request by itself once (measured: tests/unit/ews/test_retries.cpp), which
    // must not happen to a request that may already have been processed (CreateItem). Costs a
    // TCP/TLS handshake, and with NTLM/Negotiate one more authentication round trip.
    HttpResponse post(const std::string& url, std::string_view body, std::string_view content_type,
                      std::string_view operation, const std::vector<std::pair<std::string, std::string>>& extra_headers = {},
                      bool fresh_connection = false);

    // A GET without a body (Autodiscover's HTTP redirect probe). Same errors as post().
    HttpResponse get(const std::string& url, std::string_view operation);

    const TransportOptions& options() const noexcept { return options_; }

private:
    HttpResponse perform(bool post, const std::string& url, std::string_view body, std::string_view content_type,
                         std::string_view operation, const std::vector<std::pair<std::string, std::string>>& extra_headers,
                         bool force_token_refresh, bool fresh_connection);
    void configure_handle();

    TransportOptions options_;
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::mutex mutex_;
};

}  // namespace calbridge::ews
