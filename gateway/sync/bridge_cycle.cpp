// What the pull and the push of a bridge cycle share: validation of what goes into the store,
// conflict records, the remote's capabilities.
#include "gateway/sync/bridge_cycle.h"

#include "caldav/calendar/calendar_object_validation.h"

namespace calbridge::sync {

using namespace bridge_detail;

std::optional<caldav::ObjectWrite> Bridge::Cycle::object_write(const std::string& path, const std::string& text) {
    // The same validation and time-range spans as a CalDAV PUT (RFC 4791 5.3.2.1, 9.9).
    caldav::ValidationOptions validation;
    validation.supported_components = collection_.props.components;
    validation.max_resource_size = options_.max_resource_size;
    caldav::ValidationResult valid = caldav::validate_calendar_object(text, validation);
    if (!valid) {
        spdlog::error("bridge {}: {}: the remote item is not a valid calendar object ({}: {}); skipped", options_.name,
                      path, caldav::element_name(valid.error.precondition), valid.error.message);
        return std::nullopt;
    }
    caldav::ObjectWrite w;
    w.path = path;
    w.data = text;
    w.content_type = kContentType;
    w.uid = std::move(valid.object->uid);
    w.spans = std::move(valid.object->spans);
    return w;
}

store::NewConflict Bridge::Cycle::conflict(const std::string& uid, std::string_view kind, std::string incoming,
                                           std::string local_etag) const {
    store::NewConflict c;
    c.collection_path = collection_.path;
    c.uid = uid;
    c.source = "exchange:" + options_.name;
    c.kind = std::string(kind);
    c.local_etag = std::move(local_etag);
    c.incoming_data = std::move(incoming);
    return c;
}

void Bridge::Cycle::count_conflict(const std::string& uid, std::string_view kind,
                                   const std::vector<std::string>& fields) {
    ++report_.conflicts;
    std::string what;
    for (const std::string& f : fields) what += (what.empty() ? " in " : ", ") + f;
    spdlog::warn("bridge {}: UID {}: {}{} (policy {}); the version not kept is in the conflicts (calbridge status)",
                 options_.name, uid, kind, what, to_string(policy()));
}

void Bridge::Cycle::learn_rights() {
    if (!capabilities_ || !capabilities_->can_write) capabilities_ = remote_.capabilities();
    save_read_only(!capabilities_->can_write);
}

bool Bridge::Cycle::can_write() {
    if (!capabilities_) learn_rights();
    if (!capabilities_->can_write) report_.read_only = true;
    return capabilities_->can_write;
}

void Bridge::Cycle::became_read_only(const std::string& why) {
    if (!capabilities_) capabilities_.emplace();
    if (capabilities_->can_write)
        spdlog::warn("bridge {}: the remote refused a write ({}): {} is read-only from now on", options_.name, why,
                     collection_.path);
    capabilities_->can_write = false;
    save_read_only(true);
}

void Bridge::Cycle::save_read_only(bool read_only) {
    if (read_only) report_.read_only = true;
    if (pair_.remote_read_only == read_only) return;
    // Saved before anything is reverted: from this commit on a CalDAV write to the calendar gets
    // 403 need-privileges, so no client edit can slip in between a revert and the flag.
    store_.bridge_save_remote_read_only(pair_.id, read_only);
    pair_.remote_read_only = read_only;
    collection_.read_only = read_only;
    if (read_only)
        spdlog::warn("bridge {}: {} may only be read: {} is read-only on CalDAV, edits there are refused",
                     options_.name, options_.remote, collection_.path);
    else
        spdlog::info("bridge {}: {} may be written again: {} is writable on CalDAV", options_.name, options_.remote,
                     collection_.path);
}

ConflictPolicy Bridge::Cycle::policy() const {
    if (capabilities_ && !capabilities_->can_write) return ConflictPolicy::remote_wins;
    return options_.policy;
}

}  // namespace calbridge::sync
