#include "ews/errors.h"

#include <array>
#include <utility>

namespace calbridge::ews {

std::string_view to_string(ErrorCategory category) noexcept {
    switch (category) {
        case ErrorCategory::server_busy: return "server_busy";
        case ErrorCategory::invalid_sync_state: return "invalid_sync_state";
        case ErrorCategory::conflict: return "conflict";
        case ErrorCategory::access_denied: return "access_denied";
        case ErrorCategory::item_not_found: return "item_not_found";
        case ErrorCategory::auth: return "auth";
        case ErrorCategory::transient: return "transient";
        case ErrorCategory::permanent: return "permanent";
    }
    return "permanent";
}

ErrorCategory categorize_response_code(std::string_view code) noexcept {
    // Names from messages.xsd ResponseCodeType.
    struct Entry {
        std::string_view code;
        ErrorCategory category;
    };
    static constexpr std::array<Entry, 22> kTable{{
        {"ErrorServerBusy", ErrorCategory::server_busy},
        {"ErrorInvalidSyncStateData", ErrorCategory::invalid_sync_state},
        {"ErrorIrresolvableConflict", ErrorCategory::conflict},
        {"ErrorChangeKeyRequired", ErrorCategory::conflict},
        {"ErrorChangeKeyRequiredForWriteOperations", ErrorCategory::conflict},
        {"ErrorInvalidChangeKey", ErrorCategory::conflict},
        {"ErrorStaleObject", ErrorCategory::conflict},
        {"ErrorAccessDenied", ErrorCategory::access_denied},
        {"ErrorImpersonationDenied", ErrorCategory::access_denied},
        {"ErrorInsufficientPermissionsToSync", ErrorCategory::access_denied},
        {"ErrorItemNotFound", ErrorCategory::item_not_found},
        {"ErrorFolderNotFound", ErrorCategory::item_not_found},
        {"ErrorNonExistentMailbox", ErrorCategory::item_not_found},
        {"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", ErrorCategory::item_not_found},
        {"ErrorCalendarOccurrenceIsDeletedFromRecurrence", ErrorCategory::item_not_found},
        {"ErrorAttachmentNotFound", ErrorCategory::item_not_found},
        {"ErrorInternalServerTransientError", ErrorCategory::transient},
        {"ErrorMailboxStoreUnavailable", ErrorCategory::transient},
        {"ErrorConnectionFailed", ErrorCategory::transient},
        {"ErrorTimeoutExpired", ErrorCategory::transient},
        {"ErrorMailboxMoveInProgress", ErrorCategory::transient},
        {"ErrorBatchProcessingStopped", ErrorCategory::transient},
    }};
    for (const Entry& e : kTable) {
        if (e.code == code) return e.category;
    }
    return ErrorCategory::permanent;
}

EwsError::EwsError(Details details) : std::runtime_error(compose(details)), d_(std::move(details)) {}

std::string EwsError::compose(const Details& d) {
    std::string out = "EWS " + (d.operation.empty() ? std::string("request") : d.operation);
    if (!d.context.empty()) out += " (" + d.context + ")";
    if (d.item_index > 0) {
        out += " item " + std::to_string(d.item_index) + " of " + std::to_string(d.item_count);
    }
    out += ": ";
    if (!d.response_code.empty()) {
        out += d.response_code;
    } else if (d.http_status != 0) {
        out += "HTTP " + std::to_string(d.http_status);
    } else {
        out += "transport error";
    }
    if (!d.message_text.empty()) out += ": " + d.message_text;
    if (d.back_off) out += " (back off " + std::to_string(d.back_off->count()) + " ms)";
    out += " [" + std::string(to_string(d.category)) + "]";
    return out;
}

EwsError EwsError::with_context(std::string context) const {
    Details d = d_;
    d.context = std::move(context);
    return EwsError(std::move(d));
}

EwsError EwsError::failure(std::string operation, ErrorCategory category, std::string message_text,
                           int http_status, bool may_have_reached_server) {
    Details d;
    d.operation = std::move(operation);
    d.category = category;
    d.message_text = std::move(message_text);
    d.http_status = http_status;
    d.may_have_reached_server = may_have_reached_server;
    return EwsError(std::move(d));
}

EwsError EwsError::from_item(std::string operation, int item_index, int item_count, std::string response_code,
                             std::string message_text) {
    Details d;
    d.operation = std::move(operation);
    d.category = categorize_response_code(response_code);
    d.response_code = std::move(response_code);
    d.message_text = std::move(message_text);
    d.item_index = item_index;
    d.item_count = item_count;
    d.http_status = 200;
    return EwsError(std::move(d));
}

}  // namespace calbridge::ews
