#include "ews/client.h"

#include <algorithm>
#include <charconv>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

#include "ews/errors.h"

namespace calbridge::ews {

namespace {

// Retry-After (RFC 9110 10.2.3) as delay-seconds; an HTTP-date is not honoured (nullopt).
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
    const auto value = response.header("retry-after");
    if (!value) return std::nullopt;
    long long seconds = 0;
    const auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc() || seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

std::string snippet(std::string_view body) {
    std::string s(body.substr(0, 200));
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

}  // namespace

void throw_if_error(const soap::ResponseMessage& message, std::string_view operation, int http_status) {
    if (message.ok()) return;
    EwsError::Details d;
    d.operation = std::string(operation);
    d.response_code = message.response_code;
    d.category = categorize_response_code(message.response_code);
    d.message_text = message.message_text;
    d.back_off = message.back_off;
    d.http_status = http_status;
    throw EwsError(std::move(d));
}

EwsClient::EwsClient(ClientOptions options) : options_(std::move(options)), transport_(options_.transport) {
    // Basic and bearer credentials are readable by anyone on the path of a plain-http request.
    const AuthMethod method = options_.transport.credentials.method;
    if ((method == AuthMethod::basic || method == AuthMethod::bearer) && options_.url.rfind("http://", 0) == 0) {
        const std::string_view rest = std::string_view(options_.url).substr(7);
        const bool loopback = rest.rfind("127.", 0) == 0 || rest.rfind("localhost", 0) == 0 || rest.rfind("[::1]", 0) == 0;
        if (!loopback) {
            spdlog::warn("EWS: {} is plain http: the credentials travel unencrypted (use https)", options_.url);
        }
    }
}

void EwsClient::wait(std::chrono::milliseconds delay) {
    if (options_.sleep) {
        options_.sleep(delay);
    } else {
        std::this_thread::sleep_for(delay);
    }
}

std::chrono::milliseconds EwsClient::exponential(int retry) const {
    auto delay = options_.retry.initial_backoff;
    for (int i = 0; i < retry && delay < options_.retry.max_backoff; ++i) delay *= 2;
    return std::min(delay, options_.retry.max_backoff);
}

std::unique_ptr<soap::Response> EwsClient::call(std::string_view operation, std::string_view body_xml,
                                                Idempotency idempotency) {
    const std::string envelope = soap::envelope(body_xml, options_.server_version);
    std::vector<std::pair<std::string, std::string>> headers;
    if (!options_.anchor_mailbox.empty()) headers.emplace_back("X-AnchorMailbox", options_.anchor_mailbox);
    const bool idempotent = idempotency == Idempotency::idempotent;
    const RetryPolicy& policy = options_.retry;
    int transient_retries = 0;
    int busy_retries = 0;

    // A server that refused the request (busy, 503, 429): wait and re-send, or surface.
    auto busy = [&](EwsError::Details d, std::optional<std::chrono::milliseconds> back_off) -> bool {
        const auto delay = back_off.value_or(exponential(busy_retries));
        d.back_off = delay;
        if (delay > policy.max_server_busy_wait || busy_retries >= policy.max_server_busy_retries) {
            throw EwsError(std::move(d));
        }
        ++busy_retries;
        ++stats_.retries;
        spdlog::info("EWS {}: {} (HTTP {}), retrying in {} ms ({} of {})", operation,
                     d.response_code.empty() ? std::string("server busy") : d.response_code, d.http_status,
                     delay.count(), busy_retries, policy.max_server_busy_retries);
        wait(delay);
        return true;
    };
    // A failure after which the request may or may not have been processed.
    auto transient = [&](EwsError::Details d) -> bool {
        d.category = ErrorCategory::transient;
        if ((!idempotent && d.may_have_reached_server) || transient_retries >= policy.max_retries) {
            throw EwsError(std::move(d));
        }
        const auto delay = exponential(transient_retries);
        ++transient_retries;
        ++stats_.retries;
        spdlog::info("EWS {}: {}, retrying in {} ms ({} of {})", operation, d.message_text, delay.count(),
                     transient_retries, policy.max_retries);
        wait(delay);
        return true;
    };

    for (;;) {
        if (options_.on_request) options_.on_request(operation, envelope);
        ++stats_.requests;
        HttpResponse http;
        try {
            http = transport_.post(options_.url, envelope, "text/xml; charset=utf-8", operation, headers,
                                   /*fresh_connection=*/!idempotent);
        } catch (const EwsError& e) {
            if (e.category() == ErrorCategory::transient && transient(e.details())) continue;
            throw;
        }

        EwsError::Details d;
        d.operation = std::string(operation);
        d.http_status = static_cast<int>(http.status);
        std::unique_ptr<soap::Response> parsed;
        std::string parse_error;
        const std::string body_snippet = snippet(http.body);
        if (!http.body.empty()) {
            try {
                parsed = soap::Response::parse(std::move(http.body));
            } catch (const std::exception& e) {
                parse_error = e.what();
            }
        }
        if (parsed && parsed->server_version()) server_version_ = parsed->server_version();

        if (parsed && parsed->fault()) {
            // Faults come with HTTP 500 (SOAP 1.1 6.2). The EWS code in detail decides.
            const soap::Fault& f = *parsed->fault();
            d.response_code = f.response_code;
            d.message_text = f.message.empty() ? f.faultstring : f.message;
            d.category = f.response_code.empty() ? ErrorCategory::transient : categorize_response_code(f.response_code);
            if (d.category == ErrorCategory::server_busy) {
                d.may_have_reached_server = false;  // throttled requests are not processed
                if (busy(d, f.back_off)) continue;
            }
            if (d.category == ErrorCategory::transient) {
                d.may_have_reached_server = true;
                if (transient(d)) continue;
            }
            throw EwsError(std::move(d));
        }
        if (http.status == 503 || http.status == 429) {
            d.category = ErrorCategory::transient;
            d.message_text = "server unavailable or throttling";
            if (busy(d, retry_after(http))) continue;
        }
        if (http.status == 401) {
            d.category = ErrorCategory::auth;
            d.message_text = "credentials refused (check the user, the secret and the auth method)";
            throw EwsError(std::move(d));
        }
        if (http.status == 403) {
            d.category = ErrorCategory::access_denied;
            d.message_text = "forbidden";
            throw EwsError(std::move(d));
        }
        if (http.status >= 500) {
            d.message_text = "server error without a SOAP fault";
            if (!body_snippet.empty()) d.message_text += ": " + body_snippet;
            d.may_have_reached_server = true;
            if (transient(d)) continue;
        }
        if (http.status != 200) {
            d.category = ErrorCategory::permanent;
            d.message_text = "unexpected HTTP status";
            throw EwsError(std::move(d));
        }
        if (!parsed) {
            d.category = ErrorCategory::transient;
            d.may_have_reached_server = true;
            d.message_text = "unreadable response: " + (parse_error.empty() ? std::string("empty body") : parse_error);
            if (transient(d)) continue;
        }
        const auto& messages = parsed->messages();
        const bool all_busy = !messages.empty() && std::all_of(messages.begin(), messages.end(), [](const auto& m) {
            return m.response_code == "ErrorServerBusy";
        });
        if (all_busy) {
            d.response_code = "ErrorServerBusy";
            d.category = ErrorCategory::server_busy;
            d.message_text = messages.front().message_text;
            if (busy(d, messages.front().back_off)) continue;
        }
        return parsed;
    }
}

}  // namespace calbridge::ews
