#include "ews/transport/http_transport.h"

#include <algorithm>
#include <cctype>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include "ews/errors.h"

namespace calbridge::ews {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensure_curl_global() {
    static CurlGlobal once;  // thread-safe static init; curl_global_init is not thread-safe itself
    (void)once;
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    const std::string_view line(data, size * count);
    // Each response (a 401 challenge, a 100 Continue, the final one) starts with its status
    // line: keep only the last response's headers.
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string value(line.substr(colon + 1));
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
        headers->emplace_back(lower(line.substr(0, colon)), std::move(value));
    }
    return size * count;
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_case_name) return value;
    }
    return std::nullopt;
}

struct HttpTransport::Handle {
    CURL* curl = nullptr;
    ~Handle() {
        if (curl) curl_easy_cleanup(curl);
    }
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
    ensure_curl_global();
    handle_->curl = curl_easy_init();
    if (!handle_->curl) throw std::runtime_error("EWS transport: curl_easy_init failed");
    if (options_.insecure_skip_tls_verify) {
        spdlog::warn("EWS transport: TLS certificate verification is DISABLED (insecure option); "
                     "anyone on the path can read the credentials");
    }
    configure_handle();
}

HttpTransport::~HttpTransport() = default;

void HttpTransport::configure_handle() {
    CURL* c = handle_->curl;
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 0L);  // verbose output would print Authorization headers
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // EWS POSTs are never redirected silently
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl was built with
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options_.insecure_skip_tls_verify ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options_.insecure_skip_tls_verify ? 0L : 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (options_.proxy) curl_easy_setopt(c, CURLOPT_PROXY, options_.proxy->c_str());  // "" = none
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");

    const Credentials& cred = options_.credentials;
    switch (cred.method) {
        case AuthMethod::none:
        case AuthMethod::bearer:  // header set per request (the token can change)
            break;
        case AuthMethod::basic:
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
            break;
        case AuthMethod::ntlm:
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_NTLM));
            break;
        case AuthMethod::negotiate:
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_NEGOTIATE));
            break;
    }
    if (cred.method == AuthMethod::basic || cred.method == AuthMethod::ntlm) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cred.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, cred.password.c_str());
    } else if (cred.method == AuthMethod::negotiate) {
        curl_easy_setopt(c, CURLOPT_USERPWD, ":");  // credentials come from the ticket cache
    }
}

HttpResponse HttpTransport::post(const std::string& url, std::string_view body, std::string_view content_type,
                                 std::string_view operation,
                                 const std::vector<std::pair<std::string, std::string>>& extra_headers,
                                 bool fresh_connection) {
    std::lock_guard lock(mutex_);
    HttpResponse response = perform(true, url, body, content_type, operation, extra_headers, false, fresh_connection);
    if (response.status == 401 && options_.credentials.method == AuthMethod::bearer) {
        spdlog::info("EWS {}: HTTP 401 with a bearer token; refreshing the token once", operation);
        // The 401 answer came on a live connection: reusing it is safe.
        response = perform(true, url, body, content_type, operation, extra_headers, true, false);
    }
    return response;
}

HttpResponse HttpTransport::get(const std::string& url, std::string_view operation) {
    std::lock_guard lock(mutex_);
    return perform(false, url, {}, {}, operation, {}, false, false);
}

HttpResponse HttpTransport::perform(bool post, const std::string& url, std::string_view body, std::string_view content_type,
                                    std::string_view operation,
                                    const std::vector<std::pair<std::string, std::string>>& extra_headers,
                                    bool force_token_refresh, bool fresh_connection) {
    CURL* c = handle_->curl;
    HttpResponse response;

    Slist headers;
    auto add = [&headers](const std::string& line) {
        curl_slist* next = curl_slist_append(headers.get(), line.c_str());
        if (!next) throw std::bad_alloc();
        (void)headers.release();
        headers.reset(next);
    };
    if (post) add("Content-Type: " + std::string(content_type));
    add("Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : extra_headers) add(name + ": " + value);
    if (options_.credentials.method == AuthMethod::bearer) {
        if (!options_.credentials.bearer_token) {
            throw EwsError::failure(std::string(operation), ErrorCategory::auth, "bearer authentication configured without a token source");
        }
        add("Authorization: Bearer " + options_.credentials.bearer_token(force_token_refresh));
    }

    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    if (post) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);

    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, fresh_connection ? 1L : 0L);

    const auto started = std::chrono::steady_clock::now();
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);  // the list dies with this scope
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 0L);
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

    if (rc != CURLE_OK) {
        long request_size = 0;
        curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
        EwsError::Details d;
        d.operation = std::string(operation);
        d.message_text = std::string(curl_easy_strerror(rc)) + " (" + url + ")";
        switch (rc) {
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_COULDNT_RESOLVE_PROXY:
            case CURLE_COULDNT_CONNECT:
                d.category = ErrorCategory::transient;
                d.may_have_reached_server = false;
                break;
            case CURLE_OPERATION_TIMEDOUT:
            case CURLE_GOT_NOTHING:
            case CURLE_SEND_ERROR:
            case CURLE_RECV_ERROR:
            case CURLE_PARTIAL_FILE:
            case CURLE_HTTP2:
            case CURLE_HTTP2_STREAM:
                d.category = ErrorCategory::transient;
                // Nothing of the request went out (e.g. a connect timeout): safe to re-send.
                d.may_have_reached_server = request_size > 0;
                break;
            default:  // TLS verification, malformed URL, unsupported protocol...
                d.category = ErrorCategory::permanent;
                d.may_have_reached_server = false;
                break;
        }
        spdlog::debug("EWS {} {} {} failed after {} ms: {}", operation, post ? "POST" : "GET", url, elapsed_ms,
                      d.message_text);
        throw EwsError(std::move(d));
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    spdlog::debug("EWS {} {} {} -> HTTP {} ({} bytes, {} ms)", operation, post ? "POST" : "GET", url, response.status,
                  response.body.size(), elapsed_ms);
    return response;
}

}  // namespace calbridge::ews
