#include "gateway/import/folder_import.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <tuple>

#include "gateway/import/calendar_object_text.h"
#include "gateway/import/collection_naming.h"
#include "gateway/import/import_decision.h"

namespace calbridge::import {

ImportSummary& ImportSummary::operator+=(const ImportSummary& o) {
    created += o.created;
    updated += o.updated;
    unchanged += o.unchanged;
    removed += o.removed;
    conflicts += o.conflicts;
    skipped += o.skipped;
    kept_local += o.kept_local;
    withheld += o.withheld;
    return *this;
}

store::ImportCounts ImportSummary::counts() const {
    return {created, updated, removed, unchanged + kept_local, conflicts};
}

namespace {

constexpr const char* kContentType = "text/calendar; charset=utf-8";

struct Incoming {
    const IncomingObject* object = nullptr;
    std::string fingerprint;
};

// (uid, kind, fingerprint of the incoming data) of the open conflicts of one collection.
using ConflictKey = std::tuple<std::string, std::string, std::string>;

class FolderImport {
public:
    FolderImport(store::SqliteStore& store, const caldav::Collection& calendar, const FolderImportOptions& options)
        : store_(store), calendar_(calendar), options_(options) {
        for (const store::Conflict& c : store_.open_conflicts())
            if (c.collection_path == calendar_.path) open_.emplace(c.uid, c.kind, fingerprint(c.incoming_data));
    }

    void run(const std::vector<IncomingObject>& items) {
        std::map<std::string, Incoming> incoming;  // by UID
        for (const IncomingObject& item : items) {
            auto [it, inserted] = incoming.try_emplace(item.uid, Incoming{&item, {}});
            if (!inserted) {
                const IncomingObject* kept = it->second.object;
                const IncomingObject* dropped = &item;
                if (item.last_modified > kept->last_modified) std::swap(kept, dropped);
                spdlog::warn("{}: UID {} occurs twice in the folder; the most recently modified copy ({}) is kept",
                             dropped->origin, item.uid, kept->origin);
                it->second.object = kept;
                ++summary_.skipped;
            }
        }
        for (auto& [uid, in] : incoming) in.fingerprint = fingerprint(in.object->data);

        std::map<std::string, store::LedgerEntry> ledger;
        for (store::LedgerEntry& e : store_.import_ledger(calendar_.id)) ledger.emplace(e.uid, std::move(e));

        for (const auto& [uid, in] : incoming) apply(uid, &in, find(ledger, uid));
        for (const auto& [uid, entry] : ledger)
            if (!incoming.count(uid)) apply(uid, nullptr, &entry);
    }

    const ImportSummary& summary() const { return summary_; }

private:
    static const store::LedgerEntry* find(const std::map<std::string, store::LedgerEntry>& ledger,
                                          const std::string& uid) {
        auto it = ledger.find(uid);
        return it == ledger.end() ? nullptr : &it->second;
    }

    // Decides and writes one UID; a write refused because a client changed the object meanwhile
    // is decided once more with the new state.
    void apply(const std::string& uid, const Incoming* in, const store::LedgerEntry* ledger) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::optional<caldav::ObjectInfo> current = store_.object_by_uid(calendar_.id, uid);
            DecisionInput input;
            if (ledger) input.ledger = LedgerState{ledger->fingerprint, ledger->etag};
            if (current) input.current_etag = current->etag;
            if (in) input.incoming_fingerprint = in->fingerprint;
            input.source_complete = options_.source_complete;
            if (!ledger && current && in) {
                const std::optional<caldav::Object> object = store_.object(current->path);
                input.current_identical_to_incoming = object && fingerprint(object->data) == in->fingerprint;
            }
            const Decision decision = decide(input);
            spdlog::debug("{}: UID {}: {}", calendar_.path, uid, to_string(decision.action));
            if (execute(uid, in, current, decision)) return;
        }
        spdlog::warn("{}: UID {} keeps changing while being imported; skipped (import again)", calendar_.path, uid);
        ++summary_.skipped;
    }

    // false: a precondition failed (a concurrent client write); decide again.
    bool execute(const std::string& uid, const Incoming* in, const std::optional<caldav::ObjectInfo>& current,
                 const Decision& decision) {
        switch (decision.action) {
            case Action::create:
                return write(*in, calendar_.path + object_name(uid), caldav::Precondition{{}, true}, summary_.created);
            case Action::update:
                return write(*in, current->path, caldav::Precondition{{current->etag}, false}, summary_.updated);
            case Action::adopt: {
                // The client's object already has the imported content: recorded, not rewritten, so
                // its etag stays and no client downloads it again.
                const caldav::WriteResult r =
                    store_.adopt_imported(current->path, caldav::Precondition{{current->etag}, false}, in->fingerprint);
                if (r.status == caldav::WriteStatus::precondition_failed || r.status == caldav::WriteStatus::not_found)
                    return false;   // changed or removed meanwhile: decide again
                ++summary_.updated;
                return true;
            }
            case Action::remove: {
                const caldav::WriteResult r = store_.remove_imported(current->path, {{current->etag}, false});
                if (r.status == caldav::WriteStatus::precondition_failed) return false;
                if (r.status == caldav::WriteStatus::deleted || r.status == caldav::WriteStatus::replaced) {
                    ++summary_.removed;
                } else {
                    warn_refused(uid, r);
                    ++summary_.skipped;
                }
                return true;
            }
            case Action::unchanged: ++summary_.unchanged; return true;
            case Action::keep_local: ++summary_.kept_local; return true;
            case Action::withhold_removal: ++summary_.withheld; return true;
            case Action::forget: store_.forget_imported(calendar_.id, uid); return true;
            case Action::nothing: return true;
            case Action::conflict: record(uid, in, current, decision); return true;
        }
        return true;
    }

    bool write(const Incoming& in, const std::string& path, const caldav::Precondition& pre, std::int64_t& counter) {
        caldav::ObjectWrite w{path, in.object->data, kContentType, in.object->uid, in.object->spans};
        const caldav::WriteResult r = store_.put_imported(w, pre, in.fingerprint);
        if (r.status == caldav::WriteStatus::precondition_failed || r.status == caldav::WriteStatus::uid_conflict) {
            // A client wrote the UID (or the path) meanwhile. A path taken by another UID stays
            // taken: reported, not retried forever.
            if (r.status == caldav::WriteStatus::precondition_failed && pre.if_none_match_any &&
                !store_.object_by_uid(calendar_.id, in.object->uid)) {
                spdlog::warn("{}: {} is taken by another object; UID {} not imported", in.object->origin, path,
                             in.object->uid);
                ++summary_.skipped;
                return true;
            }
            return false;
        }
        if (r.status != caldav::WriteStatus::created && r.status != caldav::WriteStatus::replaced) {
            warn_refused(in.object->uid, r);
            ++summary_.skipped;
            return true;
        }
        ++counter;
        return true;
    }

    void record(const std::string& uid, const Incoming* in, const std::optional<caldav::ObjectInfo>& current,
                const Decision& decision) {
        store::NewConflict conflict;
        conflict.collection_path = calendar_.path;
        conflict.uid = uid;
        conflict.source = options_.conflict_source;
        conflict.kind = std::string(decision.conflict_kind);
        conflict.local_etag = current ? current->etag : std::string();
        conflict.incoming_data = in ? in->object->data : std::string();
        ConflictKey key{conflict.uid, conflict.kind, fingerprint(conflict.incoming_data)};
        if (open_.count(key)) {
            // Recorded by an earlier import and still open: not twice.
            ++summary_.kept_local;
            return;
        }
        store_.record_conflict(conflict, decision.ledger_fingerprint);
        open_.insert(std::move(key));
        spdlog::warn("{}: UID {}: {}: the client's version is kept, the conflict is recorded (calbridge status)",
                     calendar_.path, uid, conflict.kind);
        ++summary_.conflicts;
    }

    void warn_refused(const std::string& uid, const caldav::WriteResult& r) const {
        spdlog::warn("{}: UID {}: the store refused the write (status {})", calendar_.path, uid,
                     static_cast<int>(r.status));
    }

    store::SqliteStore& store_;
    const caldav::Collection& calendar_;
    const FolderImportOptions& options_;
    std::set<ConflictKey> open_;
    ImportSummary summary_;
};

}  // namespace

ImportSummary import_folder(store::SqliteStore& store, const caldav::Collection& calendar,
                            std::vector<IncomingObject> items, const FolderImportOptions& options) {
    FolderImport run(store, calendar, options);
    run.run(items);
    return run.summary();
}

}  // namespace calbridge::import
