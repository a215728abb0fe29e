#pragma once
// EwsClient: one EWS endpoint, one connection, and the retry rules of EWS's error model.
//  - ErrorServerBusy (SOAP fault or response messages): wait BackOffMilliseconds, then re-send;
//    a back-off longer than RetryPolicy::max_server_busy_wait is not waited for here but
//    surfaced (EwsError category server_busy, back_off()) so the caller can reschedule.
//  - HTTP 503/429: Retry-After (seconds) or exponential back-off, same cap.
//  - Timeouts, dropped connections, HTTP 500/502/504 without an EWS code: bounded retries with
//    exponential back-off, but only for idempotent requests, or when nothing reached the
//    server. A CreateItem that may have been processed is never re-sent: the EwsError
//    (transient, may_have_reached_server) lets the caller look the item up first. Such
//    requests also go on a fresh connection, because curl silently re-sends a request once
//    when a reused keep-alive connection turns out to be closed.
// Operations (ews/operations/*) are free functions over this class.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ews/soap/envelope.h"
#include "ews/soap/response.h"
#include "ews/transport/http_transport.h"

namespace calbridge::ews {

struct RetryPolicy {
    int max_retries = 3;                                    // transient failures, per request
    int max_server_busy_retries = 3;                        // ErrorServerBusy / 503 / 429, per request
    std::chrono::milliseconds initial_backoff{1'000};       // exponential: 1 s, 2 s, 4 s...
    std::chrono::milliseconds max_backoff{30'000};
    std::chrono::milliseconds max_server_busy_wait{60'000};  // cap for BackOffMilliseconds / Retry-After
};

struct ClientOptions {
    std::string url;  // https://mail.example.com/EWS/Exchange.asmx
    std::string server_version = std::string(soap::kDefaultServerVersion);
    TransportOptions transport;
    RetryPolicy retry;
    // X-AnchorMailbox (routes requests for another mailbox to its server); empty: not sent.
    std::string anchor_mailbox;
    // Test hooks: how the client waits (default: sleep), and every envelope it sends.
    std::function<void(std::chrono::milliseconds)> sleep;
    std::function<void(std::string_view operation, std::string_view envelope)> on_request;
};

enum class Idempotency { idempotent, non_idempotent };

struct ClientStats {
    std::uint64_t requests = 0;  // HTTP round trips, retries included
    std::uint64_t retries = 0;
};

// One client per thread: calls on one client are serialized by its transport, and the stats
// are not synchronized.
class EwsClient {
public:
    explicit EwsClient(ClientOptions options);

    // Sends <body_xml> (an m:<Operation> element using the m:/t: prefixes) in an envelope and
    // returns the parsed response. Never returns a SOAP fault: faults, HTTP errors and
    // transport failures throw EwsError. Response messages with errors are returned as they are
    // (per-item errors are results), except when every message is ErrorServerBusy (retried).
    std::unique_ptr<soap::Response> call(std::string_view operation, std::string_view body_xml,
                                         Idempotency idempotency);

    const ClientOptions& options() const noexcept { return options_; }
    // From the last response that carried one.
    const std::optional<soap::ServerVersionInfo>& server_version() const noexcept { return server_version_; }
    const ClientStats& stats() const noexcept { return stats_; }

private:
    void wait(std::chrono::milliseconds delay);
    std::chrono::milliseconds exponential(int retry) const;

    ClientOptions options_;
    HttpTransport transport_;
    std::optional<soap::ServerVersionInfo> server_version_;
    ClientStats stats_;
};

// Throws EwsError for a response message that is an error (single-message operations).
void throw_if_error(const soap::ResponseMessage& message, std::string_view operation, int http_status = 200);

}  // namespace calbridge::ews
