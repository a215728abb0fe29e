#include "gateway/sync/conflict_restore.h"

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/import/collection_naming.h"

namespace calbridge::sync {

RestoreResult restore_conflict(store::SqliteStore& store, std::int64_t id) {
    RestoreResult result;
    const auto conflict = store.conflict(id);
    if (!conflict) {
        result.message = "no conflict " + std::to_string(id);
        return result;
    }
    if (conflict->resolved) {
        result.message = "conflict " + std::to_string(id) + " is resolved already";
        return result;
    }
    const auto collection = store.collection(conflict->collection_path);
    if (!collection) {
        result.message = "the calendar " + conflict->collection_path + " of conflict " + std::to_string(id) + " is gone";
        return result;
    }
    if (collection->read_only) {
        // Issue 6 item 4: the calendar mirrors an Exchange folder the account may only read; the
        // restored version could never reach it, and the next cycle would revert it again.
        result.message = "the calendar " + collection->path + " is read-only (its remote folder may only be read); "
                         "conflict " + std::to_string(id) + " can be restored once it may be written again";
        return result;
    }
    const auto current = store.object_by_uid(collection->id, conflict->uid);
    if (conflict->incoming_data.empty()) {
        // The kept "version" is a deletion.
        if (current) {
            const auto r = store.remove(current->path, {{current->etag}, false});
            if (r.status != caldav::WriteStatus::deleted) {
                result.message = current->path + " changed meanwhile; try again";
                return result;
            }
            result.path = current->path;
        }
        store.resolve_conflict(id);
        result.ok = true;
        return result;
    }
    caldav::ValidationOptions validation;
    validation.supported_components = collection->props.components;
    caldav::ValidationResult valid = caldav::validate_calendar_object(conflict->incoming_data, validation);
    if (!valid) {
        result.message = "the kept version of conflict " + std::to_string(id) +
                         " is not a valid calendar object: " + valid.error.message;
        return result;
    }
    caldav::ObjectWrite w;
    w.path = current ? current->path : collection->path + import::object_name(conflict->uid);
    w.data = conflict->incoming_data;
    w.content_type = "text/calendar; charset=utf-8";
    w.uid = valid.object->uid;
    w.spans = std::move(valid.object->spans);
    const caldav::Precondition pre = current ? caldav::Precondition{{current->etag}, false} : caldav::Precondition{{}, true};
    const auto r = store.put_object(w, pre);
    if (r.status != caldav::WriteStatus::created && r.status != caldav::WriteStatus::replaced) {
        result.message = w.path + " changed meanwhile or cannot be written; try again";
        return result;
    }
    store.resolve_conflict(id);
    result.ok = true;
    result.path = w.path;
    return result;
}

}  // namespace calbridge::sync
