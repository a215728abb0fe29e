#include "gateway/import/calendar_target.h"

#include <ctime>

#include "gateway/import/collection_naming.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::import {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<caldav::Collection> earlier_mapping(store::SqliteStore& store, const std::string& home,
                                                  std::string_view source_file, std::string_view folder_path) {
    for (const store::ImportSource& s : store.import_sources())
        if (starts_with(s.collection_path, home) && s.folder_path == folder_path && s.source_file == source_file)
            return store.collection(s.collection_path);
    return std::nullopt;
}

// A collection that another import source (another folder, or the same folder of another file)
// already fills. Never share one: the ledger is per collection, so items of one file that are
// missing from the other would count as "gone from the file" and be removed (an archive.pst
// and the mailbox's OST both have a "Calendar" folder, with different items).
bool mapped_to_other_source(store::SqliteStore& store, const std::string& path, std::string_view source_file,
                            std::string_view folder_path) {
    for (const store::ImportSource& s : store.import_sources())
        if (s.collection_path == path && (s.folder_path != folder_path || s.source_file != source_file)) return true;
    return false;
}

}  // namespace

std::optional<CalendarTarget> calendar_for_folder(store::SqliteStore& store, std::string_view user,
                                                  std::string_view source_file, std::string_view folder_path) {
    const std::string home = store::SqliteStore::home_path(user);
    if (!store.collection(home)) return std::nullopt;

    CalendarTarget target;
    if (auto earlier = earlier_mapping(store, home, source_file, folder_path)) {
        target.calendar = std::move(*earlier);
    } else {
        const std::string slug = folder_slug(folder_path);
        for (int n = 1;; ++n) {
            const std::string path = home + slug + (n == 1 ? "" : "-" + std::to_string(n)) + "/";
            const std::optional<caldav::Collection> existing = store.collection(path);
            if (existing) {
                if (existing->kind == caldav::CollectionKind::calendar && existing->owner == user &&
                    !mapped_to_other_source(store, path, source_file, folder_path)) {
                    target.calendar = *existing;
                    break;
                }
                continue;
            }
            caldav::CollectionPatch props;
            props.display_name = folder_display_name(folder_path);
            props.components = std::vector<std::string>{"VEVENT"};
            const caldav::WriteResult made = store.make_collection(path, user, caldav::CollectionKind::calendar, props);
            if (made.status == caldav::WriteStatus::already_exists) continue;  // made concurrently
            if (made.status != caldav::WriteStatus::created)
                throw store::StoreError("cannot create the calendar " + path + " for folder " + std::string(folder_path));
            auto created = store.collection(path);
            if (!created) throw store::StoreError("the calendar " + path + " vanished after it was created");
            target.calendar = std::move(*created);
            target.created = true;
            break;
        }
    }
    store::ImportSource source;
    source.collection_path = target.calendar.path;
    source.source_file = std::string(source_file);
    source.folder_path = std::string(folder_path);
    source.last_import_at = static_cast<std::int64_t>(std::time(nullptr));
    // Keeps the counts of an earlier import of this source until this one records its own.
    for (const store::ImportSource& s : store.import_sources())
        if (s.collection_path == source.collection_path && s.source_file == source.source_file &&
            s.folder_path == source.folder_path)
            return target;
    store.record_import_source(source);
    return target;
}

}  // namespace calbridge::import
