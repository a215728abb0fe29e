#include "gateway/sync/bridge.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <utility>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/import/collection_naming.h"
#include "gateway/sync/ical_merge.h"

namespace calbridge::sync {

std::optional<ConflictPolicy> parse_conflict_policy(std::string_view text) {
    if (text == "merge") return ConflictPolicy::merge;
    if (text == "remote-wins") return ConflictPolicy::remote_wins;
    if (text == "local-wins") return ConflictPolicy::local_wins;
    return std::nullopt;
}

const char* to_string(ConflictPolicy policy) {
    switch (policy) {
        case ConflictPolicy::merge: return "merge";
        case ConflictPolicy::remote_wins: return "remote-wins";
        case ConflictPolicy::local_wins: return "local-wins";
    }
    return "merge";
}

namespace {

constexpr const char* kContentType = "text/calendar; charset=utf-8";
constexpr int kAttempts = 3;          // a local object that keeps changing under a write: next cycle
constexpr int kMaxListingRestarts = 2;  // invalid_sync_state twice in one cycle: stop

bool stops_cycle(RemoteErrorKind kind) {
    return kind == RemoteErrorKind::busy || kind == RemoteErrorKind::transient ||
           kind == RemoteErrorKind::permanent || kind == RemoteErrorKind::invalid_sync_state;
}

const char* kind_name(RemoteErrorKind kind) {
    switch (kind) {
        case RemoteErrorKind::conflict: return "conflict";
        case RemoteErrorKind::not_found: return "not found";
        case RemoteErrorKind::access_denied: return "access denied";
        case RemoteErrorKind::invalid_sync_state: return "invalid sync state";
        case RemoteErrorKind::busy: return "busy";
        case RemoteErrorKind::transient: return "transient failure";
        case RemoteErrorKind::rejected: return "rejected";
        case RemoteErrorKind::permanent: return "permanent failure";
    }
    return "error";
}

caldav::Precondition if_match(const std::string& etag) { return {{etag}, false}; }
caldav::Precondition if_none_match() { return {{}, true}; }

// A local object as the push reads it.
struct LocalItem {
    std::string path, uid, data, etag;
};

}  // namespace

class Bridge::Cycle {
public:
    Cycle(Bridge& bridge, SyncReport& report)
        : store_(bridge.store_),
          remote_(bridge.remote_),
          options_(bridge.options_),
          capabilities_(bridge.capabilities_),
          report_(report),
          pair_(store_.bridge_pair(options_.name, options_.collection_path, options_.remote)) {
        auto collection = store_.collection(options_.collection_path);
        if (!collection) throw store::StoreError("bridge " + options_.name + ": no calendar at " + options_.collection_path);
        collection_ = std::move(*collection);
    }

    void pull();
    void push();

private:
    // --- pull ---
    bool try_upsert(const RemoteItem& item);
    void apply_upsert(const RemoteItem& item);
    bool handle_remote_gone(const store::BridgeLink& link);
    void apply_remote_gone(const store::BridgeLink& link);
    bool resolve_both_changed(const std::string& base, const caldav::Object& local, const RemoteItem& item);

    // --- push ---
    void push_entries(const std::vector<caldav::Change>& entries);
    void push_creates(std::vector<LocalItem>& items);
    void push_updates(std::vector<std::pair<store::BridgeLink, LocalItem>>& items);
    void push_removes(const std::vector<store::BridgeLink>& links);
    void push_pending();
    void handle_write_error(const WriteOutcome& outcome, const LocalItem* item, const store::BridgeLink* link);
    void revert_for_read_only(const LocalItem* item, const store::BridgeLink* link);
    void repull(const store::BridgeLink& link);

    // --- helpers ---
    std::optional<caldav::ObjectWrite> object_write(const std::string& path, const std::string& text);
    store::NewConflict conflict(const std::string& uid, std::string_view kind, std::string incoming,
                                std::string local_etag) const;
    void count_conflict(const std::string& uid, std::string_view kind);
    void checkpoint(std::string_view point) const {
        if (options_.checkpoint) options_.checkpoint(point);
    }
    bool can_write();

    store::SqliteStore& store_;
    RemoteCalendar& remote_;
    const BridgeOptions& options_;
    std::optional<RemoteCapabilities>& capabilities_;
    SyncReport& report_;
    store::BridgePair pair_;
    caldav::Collection collection_;
};

// ---------------------------------------------------------------- helpers

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

void Bridge::Cycle::count_conflict(const std::string& uid, std::string_view kind) {
    ++report_.conflicts;
    spdlog::warn("bridge {}: UID {}: {} (policy {}); the version not kept is in the conflicts (calbridge status)",
                 options_.name, uid, kind, to_string(options_.policy));
}

bool Bridge::Cycle::can_write() {
    if (!capabilities_) capabilities_ = remote_.capabilities();
    if (!capabilities_->can_write) report_.read_only = true;
    return capabilities_->can_write;
}

// ---------------------------------------------------------------- pull

void Bridge::Cycle::pull() {
    std::string state = pair_.remote_state;
    bool full = pair_.full_listing;
    std::int64_t round = pair_.listing_round;
    int restarts = 0;
    // Items at the version their link holds are not fetched again (the engine's own writes,
    // items already in step): the adapter lists them as unchanged.
    const KnownVersions known = [this](std::string_view remote_id) -> std::optional<std::string> {
        const auto link = store_.bridge_link_by_remote_id(pair_.id, remote_id);
        if (!link || link->remote_version.empty()) return std::nullopt;
        return link->remote_version;
    };
    while (true) {
        RemoteChanges page;
        try {
            page = remote_.changes(state, known);
        } catch (const RemoteError& e) {
            if (e.kind() != RemoteErrorKind::invalid_sync_state || state.empty() || ++restarts > kMaxListingRestarts)
                throw;
            // The remote forgot the state (EWS ErrorInvalidSyncStateData): list everything again in
            // a new round; items are matched by remote id and UID, absent links are deletions.
            spdlog::warn("bridge {}: the remote no longer knows the sync state ({}); listing every item again",
                         options_.name, e.what());
            state.clear();
            full = true;
            ++round;
            store_.bridge_save_remote_state(pair_.id, state, full, round, {});
            continue;
        }
        std::vector<std::string> seen;
        for (const RemoteItem& item : page.upserts) {
            apply_upsert(item);
            seen.push_back(item.ref.id);
            checkpoint("pulled item");
        }
        for (const RemoteRef& ref : page.unchanged) seen.push_back(ref.id);
        for (const std::string& id : page.removed_ids) {
            if (auto link = store_.bridge_link_by_remote_id(pair_.id, id)) apply_remote_gone(*link);
            checkpoint("pulled removal");
        }
        store_.bridge_save_remote_state(pair_.id, page.state, full, round, seen);
        checkpoint("page saved");
        state = page.state;
        if (page.more) continue;
        if (full) {
            // The end of a full listing: links not seen in it are items deleted remotely.
            for (const store::BridgeLink& link : store_.unseen_bridge_links(pair_.id, round)) {
                apply_remote_gone(link);
                checkpoint("absent item removed");
            }
            full = false;
            store_.bridge_save_remote_state(pair_.id, state, full, round, {});
        }
        break;
    }
    pair_.remote_state = state;
    pair_.full_listing = full;
    pair_.listing_round = round;
}

void Bridge::Cycle::apply_upsert(const RemoteItem& item) {
    for (int attempt = 0; attempt < kAttempts; ++attempt)
        if (try_upsert(item)) return;
    spdlog::warn("bridge {}: UID {} keeps changing locally while the remote version is applied; next cycle",
                 options_.name, item.uid);
    ++report_.errors;
}

// false: the local object changed between the read and the write (a client's write): decide again.
bool Bridge::Cycle::try_upsert(const RemoteItem& item) {
    auto link = store_.bridge_link_by_remote_id(pair_.id, item.ref.id);
    if (!link && !item.uid.empty()) link = store_.bridge_link(pair_.id, item.uid);
    if (link && link->remote_id == item.ref.id && link->remote_version == item.ref.version)
        return true;  // known version (an own write coming back, or a page applied again)
    const std::string uid = item.uid.empty() && link ? link->uid : item.uid;
    store::BridgeLink next{uid, {}, {}, item.ref.id, item.ref.version, item.ical, 0};
    const auto local = store_.object_by_uid(collection_.id, uid);
    if (!local) {
        if (link) {
            const auto sent = store_.bridge_update_intent(pair_.id, uid);
            if (sent && holds_changes(link->base, *sent, item.ical)) {
                // Deleted locally after an update of ours reached the remote unrecorded: that
                // version is our own write, not a colleague's change, so the local deletion
                // stands and the push removes this version.
                next.local_path = link->local_path;
                next.local_etag = link->local_etag;
                store_.bridge_record_link(pair_.id, next);
                return true;
            }
        }
        if (link && options_.policy == ConflictPolicy::local_wins) {
            // Deleted locally, changed remotely, local wins: the push deletes the new version.
            next.local_path = link->local_path;
            next.local_etag = link->local_etag;
            store_.bridge_record_link(pair_.id, next,
                                      conflict(uid, kConflictDeletedLocallyChangedRemotely, item.ical, {}));
            count_conflict(uid, kConflictDeletedLocallyChangedRemotely);
            return true;
        }
        const std::string path = link ? link->local_path : collection_.path + import::object_name(uid);
        auto w = object_write(path, item.ical);
        if (!w) {
            ++report_.errors;
            return true;
        }
        std::optional<store::NewConflict> c;
        if (link) c = conflict(uid, kConflictDeletedLocallyChangedRemotely, {}, {});
        const caldav::WriteResult r = store_.bridge_apply(pair_.id, *w, if_none_match(), next, false, c);
        if (r.status == caldav::WriteStatus::precondition_failed || r.status == caldav::WriteStatus::uid_conflict) {
            if (store_.object_by_uid(collection_.id, uid)) return false;  // a client made it meanwhile
            spdlog::error("bridge {}: {} is taken by another object; remote item UID {} not stored", options_.name,
                          path, uid);
            ++report_.errors;
            return true;
        }
        if (r.status != caldav::WriteStatus::created && r.status != caldav::WriteStatus::replaced) {
            spdlog::error("bridge {}: storing remote item UID {} at {} failed", options_.name, uid, path);
            ++report_.errors;
            return true;
        }
        ++report_.local.created;
        if (c) count_conflict(uid, kConflictDeletedLocallyChangedRemotely);
        return true;
    }
    auto object = store_.object(local->path);
    if (!object || object->info.etag != local->etag) return false;
    if (!link) {
        // The UID exists locally without a link: a listing after lost links, or the same item
        // made on both sides. Identical: linked as it is. Different: both changed, no base.
        if (same_content(object->data, item.ical)) {
            next.local_path = local->path;
            next.local_etag = local->etag;
            store_.bridge_record_link(pair_.id, next);
            return true;
        }
        const std::string uids[] = {uid};
        if (!store_.bridge_create_intents(pair_.id, uids).empty()) {
            // Our own create whose answer never came (a dropped connection, a timeout, a crash
            // after CreateItem): the remote item is the local version as the remote stored it
            // (with its defaults), not a colleague's edit, so no conflict. Linked with it as the
            // base, the local version goes over it (pending push), as push_creates does for an
            // item find_by_uid finds.
            next.local_path = local->path;
            next.local_etag.clear();
            store_.bridge_record_link(pair_.id, next);
            return true;
        }
        return resolve_both_changed({}, *object, item);
    }
    if (link->local_etag == local->etag) {
        // Unchanged locally since the last sync: the remote version replaces it.
        auto w = object_write(local->path, item.ical);
        if (!w) {
            ++report_.errors;
            return true;
        }
        const caldav::WriteResult r = store_.bridge_apply(pair_.id, *w, if_match(local->etag), next, false);
        if (r.status == caldav::WriteStatus::precondition_failed) return false;
        if (r.status != caldav::WriteStatus::replaced && r.status != caldav::WriteStatus::created) {
            spdlog::error("bridge {}: updating {} from the remote failed", options_.name, local->path);
            ++report_.errors;
            return true;
        }
        ++report_.local.updated;
        return true;
    }
    // Changed on both sides. If an update of ours may have reached the remote without its result
    // being recorded (a crash, a lost answer), the remote version may be our own write: it is,
    // when it holds every change we sent. Then what we sent is the base, and a
    // later local edit wins over it instead of losing to it as a false conflict.
    if (const auto sent = store_.bridge_update_intent(pair_.id, uid)) {
        if (holds_changes(link->base, *sent, item.ical)) return resolve_both_changed(*sent, *object, item);
    }
    return resolve_both_changed(link->base, *object, item);
}

bool Bridge::Cycle::resolve_both_changed(const std::string& base, const caldav::Object& local, const RemoteItem& item) {
    const std::string& uid = local.info.uid;
    store::BridgeLink next{uid, local.info.path, {}, item.ref.id, item.ref.version, item.ical, 0};
    if (same_content(local.data, item.ical)) {
        // Both sides hold the same content (e.g. our update reached the remote, then a crash
        // came before its result was recorded): nothing to resolve.
        next.local_etag = local.info.etag;
        store_.bridge_record_link(pair_.id, next);
        return true;
    }
    std::string text = item.ical;
    bool push_pending = false;
    std::optional<store::NewConflict> c;
    switch (options_.policy) {
        case ConflictPolicy::local_wins:
            // The local version stays and is pushed over this remote version, kept as a conflict.
            store_.bridge_record_link(pair_.id, next,
                                      conflict(uid, kConflictBothChanged, item.ical, local.info.etag));
            count_conflict(uid, kConflictBothChanged);
            return true;
        case ConflictPolicy::remote_wins:
            c = conflict(uid, kConflictBothChanged, local.data, local.info.etag);
            break;
        case ConflictPolicy::merge: {
            MergeResult merged = merge_three_way(base, local.data, item.ical);
            if (merged.conflict) c = conflict(uid, kConflictBothChanged, local.data, local.info.etag);
            if (object_write(local.info.path, merged.ical)) {
                push_pending = !same_content(merged.ical, item.ical);
                text = std::move(merged.ical);
            } else {
                c = conflict(uid, kConflictBothChanged, local.data, local.info.etag);
            }
            break;
        }
    }
    auto w = object_write(local.info.path, text);
    if (!w) {
        ++report_.errors;
        return true;
    }
    const caldav::WriteResult r = store_.bridge_apply(pair_.id, *w, if_match(local.info.etag), next, push_pending, c);
    if (r.status == caldav::WriteStatus::precondition_failed) return false;
    if (r.status != caldav::WriteStatus::replaced && r.status != caldav::WriteStatus::created) {
        ++report_.errors;
        return true;
    }
    ++report_.local.updated;
    if (c) count_conflict(uid, kConflictBothChanged);
    return true;
}

void Bridge::Cycle::apply_remote_gone(const store::BridgeLink& link) {
    for (int attempt = 0; attempt < kAttempts; ++attempt)
        if (handle_remote_gone(link)) return;
    ++report_.errors;
}

bool Bridge::Cycle::handle_remote_gone(const store::BridgeLink& link) {
    const auto local = store_.object_by_uid(collection_.id, link.uid);
    if (!local) {
        store_.bridge_forget_link(pair_.id, link.uid);
        return true;
    }
    if (local->etag == link.local_etag) {
        const caldav::WriteResult r = store_.bridge_remove(pair_.id, link.uid, local->path, if_match(local->etag));
        if (r.status == caldav::WriteStatus::precondition_failed) return false;
        ++report_.local.deleted;
        return true;
    }
    // Deleted remotely, changed locally.
    auto object = store_.object(local->path);
    if (!object || object->info.etag != local->etag) return false;
    if (options_.policy == ConflictPolicy::local_wins) {
        // Kept, and created remotely again: the object is rewritten (a new change-log entry the
        // push sees) and its link dropped, in one transaction.
        auto w = object_write(local->path, object->data);
        if (!w) return true;
        store::BridgeLink drop{link.uid, local->path, {}, {}, {}, {}, 0};
        const caldav::WriteResult r = store_.bridge_apply(pair_.id, *w, if_match(local->etag), drop, false);
        return r.status != caldav::WriteStatus::precondition_failed;
    }
    const caldav::WriteResult r =
        store_.bridge_remove(pair_.id, link.uid, local->path, if_match(local->etag),
                             conflict(link.uid, kConflictChangedLocallyDeletedRemotely, object->data, local->etag));
    if (r.status == caldav::WriteStatus::precondition_failed) return false;
    ++report_.local.deleted;
    count_conflict(link.uid, kConflictChangedLocallyDeletedRemotely);
    return true;
}

// ---------------------------------------------------------------- push

void Bridge::Cycle::push() {
    push_pending();
    std::int64_t seq = pair_.local_seq;
    std::optional<caldav::ChangeSet> changes;
    if (seq > 0) changes = store_.changes_since(collection_.id, seq, options_.batch_size);
    if (!changes) {
        // A new pair, or a position the log no longer answers for (pruned tombstones): every
        // object, and every link whose object is gone. Position first, so later writes follow.
        const auto now = store_.collection(collection_.path);
        if (!now) throw store::StoreError("bridge " + options_.name + ": the calendar " + collection_.path + " is gone");
        const std::int64_t target = now->sync_seq;
        std::vector<caldav::Change> all;
        std::set<std::string> paths;
        store_.visit_objects(collection_.id, [&](caldav::ObjectInfo& info) {
            paths.insert(info.path);
            all.push_back({info.path, false, 0});
        });
        for (const store::BridgeLink& link : store_.bridge_links(pair_.id))
            if (!paths.count(link.local_path)) all.push_back({link.local_path, true, 0});
        for (std::size_t i = 0; i < all.size(); i += options_.batch_size) {
            const auto end = all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + options_.batch_size));
            push_entries(std::vector<caldav::Change>(all.begin() + static_cast<std::ptrdiff_t>(i), end));
            checkpoint("pushed batch");
        }
        store_.bridge_save_local_position(pair_.id, target);
        seq = target;
    }
    while (true) {
        changes = store_.changes_since(collection_.id, seq, options_.batch_size);
        if (!changes) break;
        push_entries(changes->changes);
        checkpoint("pushed batch");
        seq = changes->seq;
        store_.bridge_save_local_position(pair_.id, seq);
        if (!changes->truncated) break;
    }
    pair_.local_seq = seq;
    push_pending();  // merges made by remote conflicts during this push
}

void Bridge::Cycle::push_pending() {
    std::vector<caldav::Change> entries;
    for (const store::BridgeLink& link : store_.pending_bridge_links(pair_.id)) {
        const auto local = store_.object_by_uid(collection_.id, link.uid);
        entries.push_back({local ? local->path : link.local_path, !local, 0});
    }
    for (std::size_t i = 0; i < entries.size(); i += options_.batch_size) {
        const auto end = entries.begin() + static_cast<std::ptrdiff_t>(std::min(entries.size(), i + options_.batch_size));
        push_entries(std::vector<caldav::Change>(entries.begin() + static_cast<std::ptrdiff_t>(i), end));
    }
}

void Bridge::Cycle::push_entries(const std::vector<caldav::Change>& entries) {
    std::vector<LocalItem> creates;
    std::vector<std::pair<store::BridgeLink, LocalItem>> updates;
    std::vector<store::BridgeLink> removes;
    std::set<std::string> uids;
    for (const caldav::Change& change : entries) {
        if (change.deleted) {
            auto link = store_.bridge_link_by_path(pair_.id, change.path);
            if (!link) continue;
            if (auto moved = store_.object_by_uid(collection_.id, link->uid)) {
                // Moved, not deleted (RFC 4918 MOVE keeps the etag): the link follows.
                if (moved->path != link->local_path) {
                    link->local_path = moved->path;
                    store_.bridge_record_link(pair_.id, *link);
                }
                continue;
            }
            if (uids.insert(link->uid).second) removes.push_back(std::move(*link));
            continue;
        }
        auto object = store_.object(change.path);
        if (!object || object->info.uid.empty()) continue;
        if (!uids.insert(object->info.uid).second) continue;
        LocalItem item{object->info.path, object->info.uid, std::move(object->data), object->info.etag};
        auto link = store_.bridge_link(pair_.id, item.uid);
        if (!link) {
            creates.push_back(std::move(item));
            continue;
        }
        if (link->local_path != item.path) {
            link->local_path = item.path;
            store_.bridge_record_link(pair_.id, *link);
        }
        if (link->local_etag == item.etag) continue;  // the engine's own write
        updates.emplace_back(std::move(*link), std::move(item));
    }
    if (creates.empty() && updates.empty() && removes.empty()) return;
    if (!can_write()) {
        for (const LocalItem& item : creates) revert_for_read_only(&item, nullptr);
        for (const auto& [link, item] : updates) revert_for_read_only(&item, &link);
        for (const store::BridgeLink& link : removes) revert_for_read_only(nullptr, &link);
        return;
    }
    push_creates(creates);
    push_updates(updates);
    push_removes(removes);
}

namespace {

template <class T>
void check_count(const std::vector<T>& results, std::size_t expected, const char* what) {
    if (results.size() != expected)
        throw RemoteError(RemoteErrorKind::permanent, std::string("remote calendar: ") + what + " returned " +
                                                          std::to_string(results.size()) + " results for " +
                                                          std::to_string(expected) + " items");
}

}  // namespace

void Bridge::Cycle::push_creates(std::vector<LocalItem>& items) {
    if (items.empty()) return;
    // A create whose result was never recorded (a crash right after it) left an item holding the
    // UID remotely: it is linked, not created twice (EWS: global object id, MS-OXCICAL
    // 2.1.3.1.1.20.26). Only UIDs with a recorded create intent can be in that case, so only they
    // cost a look-up.
    std::vector<std::string> uids;
    for (const LocalItem& item : items) uids.push_back(item.uid);
    const std::vector<std::string> maybe_created = store_.bridge_create_intents(pair_.id, uids);
    std::map<std::string, std::optional<RemoteItem>> found;
    if (!maybe_created.empty()) {
        auto results = remote_.find_by_uid(maybe_created);
        check_count(results, maybe_created.size(), "find_by_uid");
        for (std::size_t i = 0; i < maybe_created.size(); ++i) found[maybe_created[i]] = std::move(results[i]);
    }
    std::vector<LocalItem> fresh;
    std::vector<std::pair<store::BridgeLink, LocalItem>> to_update;
    for (LocalItem& item : items) {
        auto it = found.find(item.uid);
        if (it == found.end() || !it->second) {
            fresh.push_back(std::move(item));
            continue;
        }
        const RemoteItem& remote = *it->second;
        store::BridgeLink link{item.uid, item.path, item.etag, remote.ref.id, remote.ref.version, remote.ical, 0};
        if (same_content(remote.ical, item.data)) {
            store_.bridge_record_link(pair_.id, link);
            continue;
        }
        // The remote item is an older local version: linked with its content as the base, the
        // local version goes over it as an update.
        link.local_etag.clear();
        store_.bridge_record_link(pair_.id, link);
        to_update.emplace_back(std::move(link), std::move(item));
    }
    for (std::size_t i = 0; i < fresh.size(); i += options_.batch_size) {
        const std::size_t end = std::min(fresh.size(), i + options_.batch_size);
        std::vector<std::string> icals, batch_uids;
        for (std::size_t k = i; k < end; ++k) {
            icals.push_back(fresh[k].data);
            batch_uids.push_back(fresh[k].uid);
        }
        store_.bridge_intend_creates(pair_.id, batch_uids);
        checkpoint("create intended");
        const auto outcomes = remote_.create(icals);
        check_count(outcomes, icals.size(), "create");
        for (std::size_t k = i; k < end; ++k) {
            const WriteOutcome& o = outcomes[k - i];
            if (!o.ok()) {
                // Refused: nothing was made. A transient failure keeps the intent (maybe made).
                if (!stops_cycle(o.error.value_or(RemoteErrorKind::permanent)))
                    store_.bridge_clear_create_intent(pair_.id, fresh[k].uid);
                handle_write_error(o, &fresh[k], nullptr);
                continue;
            }
            store_.bridge_record_link(
                pair_.id, {fresh[k].uid, fresh[k].path, fresh[k].etag, o.ref->id, o.ref->version, fresh[k].data, 0});
            ++report_.remote.created;
            checkpoint("pushed item");
        }
    }
    push_updates(to_update);
}

void Bridge::Cycle::push_updates(std::vector<std::pair<store::BridgeLink, LocalItem>>& items) {
    for (std::size_t i = 0; i < items.size(); i += options_.batch_size) {
        const std::size_t end = std::min(items.size(), i + options_.batch_size);
        std::vector<RemoteUpdate> updates;
        std::vector<std::pair<std::string, std::string>> sent;
        for (std::size_t k = i; k < end; ++k) {
            updates.push_back({{items[k].first.remote_id, items[k].first.remote_version}, items[k].second.data});
            sent.emplace_back(items[k].second.uid, items[k].second.data);
        }
        store_.bridge_intend_updates(pair_.id, sent);
        checkpoint("update intended");
        const auto outcomes = remote_.update(updates);
        check_count(outcomes, updates.size(), "update");
        for (std::size_t k = i; k < end; ++k) {
            const WriteOutcome& o = outcomes[k - i];
            const auto& [link, item] = items[k];
            if (!o.ok()) {
                handle_write_error(o, &item, &link);
                continue;
            }
            store_.bridge_record_link(pair_.id, {item.uid, item.path, item.etag, o.ref->id, o.ref->version, item.data, 0});
            ++report_.remote.updated;
            checkpoint("pushed item");
        }
    }
}

void Bridge::Cycle::push_removes(const std::vector<store::BridgeLink>& links) {
    for (std::size_t i = 0; i < links.size(); i += options_.batch_size) {
        const std::size_t end = std::min(links.size(), i + options_.batch_size);
        std::vector<RemoteRef> refs;
        for (std::size_t k = i; k < end; ++k) refs.push_back({links[k].remote_id, links[k].remote_version});
        const auto outcomes = remote_.remove(refs);
        check_count(outcomes, refs.size(), "remove");
        for (std::size_t k = i; k < end; ++k) {
            const WriteOutcome& o = outcomes[k - i];
            if (!o.ok() && o.error != RemoteErrorKind::not_found) {
                handle_write_error(o, nullptr, &links[k]);
                continue;
            }
            store_.bridge_forget_link(pair_.id, links[k].uid);
            if (o.ok()) ++report_.remote.deleted;
            checkpoint("pushed item");
        }
    }
}

void Bridge::Cycle::handle_write_error(const WriteOutcome& outcome, const LocalItem* item,
                                       const store::BridgeLink* link) {
    const RemoteErrorKind kind = outcome.error.value_or(RemoteErrorKind::permanent);
    const std::string uid = item ? item->uid : link ? link->uid : std::string();
    if (stops_cycle(kind)) throw RemoteError(kind, "UID " + uid + ": " + outcome.message, outcome.retry_after_ms);
    switch (kind) {
        case RemoteErrorKind::conflict:
            // Changed remotely since our version: read it again and merge (the result is pushed
            // by push_pending when it differs from the remote one).
            if (link) repull(*link);
            return;
        case RemoteErrorKind::not_found:
            if (link) apply_remote_gone(*link);
            return;
        case RemoteErrorKind::access_denied:
            spdlog::warn("bridge {}: the remote refused a write (access denied): treated as read-only", options_.name);
            capabilities_.reset();
            report_.read_only = true;
            revert_for_read_only(item, link);
            return;
        default:
            break;
    }
    // rejected: reported, and this version is not tried again (the next local edit is).
    spdlog::error("bridge {}: the remote refused UID {} ({}): {}", options_.name, uid, kind_name(kind), outcome.message);
    ++report_.errors;
    if (link && item) {
        store::BridgeLink given_up = *link;
        given_up.local_etag = item->etag;
        store_.bridge_record_link(pair_.id, given_up);
    }
}

void Bridge::Cycle::repull(const store::BridgeLink& link) {
    const std::string uids[] = {link.uid};
    const auto found = remote_.find_by_uid(uids);
    check_count(found, 1, "find_by_uid");
    if (found[0])
        apply_upsert(*found[0]);
    else
        apply_remote_gone(link);
}

void Bridge::Cycle::revert_for_read_only(const LocalItem* item, const store::BridgeLink* link) {
    const std::string uid = item ? item->uid : link->uid;
    if (options_.policy == ConflictPolicy::local_wins) {
        // Kept locally, not pushed, not retried.
        spdlog::warn("bridge {}: UID {} changed locally but the remote is read-only: kept locally only", options_.name,
                     uid);
        if (link && item) {
            store::BridgeLink kept = *link;
            kept.local_etag = item->etag;
            store_.bridge_record_link(pair_.id, kept);
        }
        return;
    }
    ++report_.conflicts;
    spdlog::warn("bridge {}: UID {} changed locally but the remote is read-only: the local change is kept as a "
                 "conflict and the remote version restored",
                 options_.name, uid);
    const auto c = conflict(uid, kConflictReadOnlyRemote, item ? item->data : std::string(),
                            item ? item->etag : std::string());
    if (!link) {
        store_.bridge_remove(pair_.id, uid, item->path, if_match(item->etag), c);
        return;
    }
    auto w = object_write(item ? item->path : link->local_path, link->base);
    if (!w) return;
    store::BridgeLink same = *link;
    store_.bridge_apply(pair_.id, *w, item ? if_match(item->etag) : if_none_match(), same, false, c);
}

// ---------------------------------------------------------------- Bridge

Bridge::Bridge(store::SqliteStore& store, RemoteCalendar& remote, BridgeOptions options)
    : store_(store), remote_(remote), options_(std::move(options)) {
    if (options_.batch_size == 0) options_.batch_size = 1;
    if (!store_.collection(options_.collection_path))
        throw store::StoreError("bridge " + options_.name + ": no calendar at " + options_.collection_path);
}

Bridge::~Bridge() = default;

SyncReport Bridge::run_once() {
    SyncReport report;
    try {
        Cycle cycle(*this, report);
        cycle.pull();
        cycle.push();
    } catch (const RemoteError& e) {
        report.complete = false;
        report.stopped_by = e.kind();
        report.message = e.what();
        report.retry_after_ms = e.retry_after_ms();
        if (e.kind() == RemoteErrorKind::access_denied) report.read_only = true;
        spdlog::log(e.kind() == RemoteErrorKind::busy ? spdlog::level::info : spdlog::level::warn,
                    "bridge {}: cycle stopped ({}): {}; done so far is kept, the next cycle resumes", options_.name,
                    kind_name(e.kind()), e.what());
    }
    spdlog::info("bridge {}: local +{} ~{} -{}, remote +{} ~{} -{}, {} conflicts, {} errors", options_.name,
                 report.local.created, report.local.updated, report.local.deleted, report.remote.created,
                 report.remote.updated, report.remote.deleted, report.conflicts, report.errors);
    return report;
}

}  // namespace calbridge::sync
