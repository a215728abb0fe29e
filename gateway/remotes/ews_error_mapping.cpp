#include "gateway/remotes/ews_error_mapping.h"

namespace calbridge::remotes {

namespace {

sync::RemoteErrorKind kind_of(ews::ErrorCategory category) {
    switch (category) {
        case ews::ErrorCategory::server_busy: return sync::RemoteErrorKind::busy;
        case ews::ErrorCategory::invalid_sync_state: return sync::RemoteErrorKind::invalid_sync_state;
        case ews::ErrorCategory::conflict: return sync::RemoteErrorKind::conflict;
        case ews::ErrorCategory::access_denied: return sync::RemoteErrorKind::access_denied;
        case ews::ErrorCategory::item_not_found: return sync::RemoteErrorKind::not_found;
        case ews::ErrorCategory::transient: return sync::RemoteErrorKind::transient;
        case ews::ErrorCategory::auth:
        case ews::ErrorCategory::permanent: return sync::RemoteErrorKind::permanent;
    }
    return sync::RemoteErrorKind::permanent;
}

}  // namespace

sync::RemoteError to_remote_error(const ews::EwsError& error) {
    const auto back_off = error.back_off();
    return sync::RemoteError(kind_of(error.category()), error.what(), back_off ? back_off->count() : 0);
}

sync::RemoteErrorKind item_error_kind(const ews::EwsError& error) {
    const sync::RemoteErrorKind kind = kind_of(error.category());
    return kind == sync::RemoteErrorKind::permanent ? sync::RemoteErrorKind::rejected : kind;
}

}  // namespace calbridge::remotes
