#pragma once
// EWS's error categories (ews/errors.h) in the bridge's protocol-neutral terms
// (gateway/sync/remote_calendar.h).
#include "ews/errors.h"
#include "gateway/sync/remote_calendar.h"

namespace calbridge::remotes {

// For a failure of a whole request: throttling keeps its back-off, a forgotten sync state asks
// for a resync, ...
sync::RemoteError to_remote_error(const ews::EwsError& error);

// For one item of a batch: a request the server refused for this item's content (schema,
// property errors: category permanent) is `rejected` (skip it, report it), not a reason to stop.
sync::RemoteErrorKind item_error_kind(const ews::EwsError& error);

}  // namespace calbridge::remotes
