#pragma once
// EWS's error model (issue 5): every failure the client reports is an EwsError carrying the EWS
// ResponseCode (or an HTTP/transport description), a category the caller acts on, and a message
// with its context ("EWS UpdateItem item 2 of 3: ErrorIrresolvableConflict: ...").
// Per-item errors inside a batch response are not thrown: they come back as results
// (ews/operations/item_result.h) and EwsError::from_item() builds the same value for them.
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace calbridge::ews {

enum class ErrorCategory {
    server_busy,          // ErrorServerBusy (throttling); back_off() says how long to wait
    invalid_sync_state,   // ErrorInvalidSyncStateData: drop the sync state and resync
    conflict,             // ErrorIrresolvableConflict, ErrorChangeKeyRequired...: the item changed
    access_denied,        // ErrorAccessDenied (read-only shared calendar), HTTP 403
    item_not_found,       // ErrorItemNotFound, ErrorFolderNotFound...
    auth,                 // HTTP 401: credentials refused
    transient,            // HTTP 5xx/503/429, timeouts, dropped connections: try again later
    permanent,            // anything else: the request itself is wrong
};

std::string_view to_string(ErrorCategory category) noexcept;

// The category of an EWS ResponseCode (messages.xsd ResponseCodeType values).
ErrorCategory categorize_response_code(std::string_view response_code) noexcept;

class EwsError : public std::runtime_error {
public:
    struct Details {
        std::string operation;          // "GetItem"
        std::string context;            // "folder 'calendar' of boss@example.com"; "" when none
        std::string response_code;      // "ErrorItemNotFound"; "" for HTTP/transport failures
        ErrorCategory category = ErrorCategory::permanent;
        std::string message_text;       // the server's MessageText / faultstring / curl's text
        std::optional<std::chrono::milliseconds> back_off;  // BackOffMilliseconds or Retry-After
        int http_status = 0;            // 0 when no HTTP response arrived
        // True when the request may have been processed although no answer came back (timeout
        // after sending, dropped connection): a non-idempotent request (CreateItem) must not be
        // re-sent blindly; look the item up first (by UID / global object id).
        bool may_have_reached_server = false;
        int item_index = 0;             // 1-based position in a batch, 0 for the whole request
        int item_count = 0;
    };

    explicit EwsError(Details details);

    const std::string& operation() const noexcept { return d_.operation; }
    const std::string& context() const noexcept { return d_.context; }
    const std::string& response_code() const noexcept { return d_.response_code; }
    ErrorCategory category() const noexcept { return d_.category; }
    const std::string& message_text() const noexcept { return d_.message_text; }
    std::optional<std::chrono::milliseconds> back_off() const noexcept { return d_.back_off; }
    int http_status() const noexcept { return d_.http_status; }
    bool may_have_reached_server() const noexcept { return d_.may_have_reached_server; }
    const Details& details() const noexcept { return d_; }

    // A failure without an EWS ResponseCode (protocol, HTTP, configuration).
    static EwsError failure(std::string operation, ErrorCategory category, std::string message_text,
                            int http_status = 0, bool may_have_reached_server = false);

    // The same error with context added ("folder 'calendar'"), for callers that know it.
    EwsError with_context(std::string context) const;

    // Per-item error of a batch response, category from the code.
    static EwsError from_item(std::string operation, int item_index, int item_count, std::string response_code,
                              std::string message_text);

private:
    static std::string compose(const Details& d);
    Details d_;
};

}  // namespace calbridge::ews
