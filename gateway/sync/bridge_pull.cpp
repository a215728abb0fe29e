// The pull of a bridge cycle: remote change pages applied to the local calendar (bridge.h).
#include "gateway/sync/bridge_cycle.h"

#include <algorithm>

#include "gateway/import/collection_naming.h"
#include "gateway/sync/ical_merge.h"

namespace calbridge::sync {

using namespace bridge_detail;

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
        confirm_created(state, full, round);
        break;
    }
    pair_.remote_state = state;
    pair_.full_listing = full;
    pair_.listing_round = round;
}

// Items our creates made that the listing has not shown: created after the state a listing
// starts from, they are reported as new by the next one, unless a colleague deleted them before
// it, which no change feed reports (it never told us of them). Looked up by UID: found ones are
// confirmed, the others are gone remotely.
void Bridge::Cycle::confirm_created(const std::string& state, bool full, std::int64_t round) {
    const std::vector<store::BridgeLink> unconfirmed = store_.unconfirmed_bridge_links(pair_.id);
    if (unconfirmed.empty()) return;
    std::vector<std::string> uids;
    for (const store::BridgeLink& link : unconfirmed) uids.push_back(link.uid);
    const auto found = remote_.find_by_uid(uids);
    check_count(found, uids.size(), "find_by_uid");
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < unconfirmed.size(); ++i) {
        if (found[i] && found[i]->ref.id == unconfirmed[i].remote_id) {
            seen.push_back(unconfirmed[i].remote_id);
        } else if (!found[i]) {
            apply_remote_gone(unconfirmed[i]);
            checkpoint("unconfirmed item removed");
        }
        // Found under another id: the UID was re-made remotely; the listing brings that item.
    }
    if (!seen.empty()) store_.bridge_save_remote_state(pair_.id, state, full, round, seen);
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
    if (item.uid.empty() || item.ical.empty()) {
        // An item the adapter could not convert: reported (and, in a full listing, seen, so the
        // local copy stays), never applied.
        spdlog::error("bridge {}: remote item {} has no {}; skipped", options_.name, item.ref.id,
                      item.uid.empty() ? "UID" : "iCalendar content");
        ++report_.errors;
        return true;
    }
    auto link = store_.bridge_link_by_remote_id(pair_.id, item.ref.id);
    if (!link) link = store_.bridge_link(pair_.id, item.uid);
    if (link && link->remote_id == item.ref.id && link->remote_version == item.ref.version)
        return true;  // known version (an own write coming back, or a page applied again)
    const std::string& uid = item.uid;
    store::BridgeLink next{uid, {}, {}, item.ref.id, item.ref.version, item.ical, 0};
    const auto local = store_.object_by_uid(collection_.id, uid);
    if (!local) {
        if (link) {
            const auto sent = store_.bridge_update_intents(pair_.id, uid);
            const bool own_write = std::any_of(sent.begin(), sent.end(), [&](const std::string& text) {
                return holds_changes(link->base, text, item.ical);
            });
            if (own_write) {
                // Deleted locally after an update of ours reached the remote unrecorded: that
                // version is our own write, not a colleague's change, so the local deletion
                // stands and the push removes this version.
                next.local_path = link->local_path;
                next.local_etag = link->local_etag;
                store_.bridge_record_link(pair_.id, next);
                return true;
            }
        }
        if (link && policy() == ConflictPolicy::local_wins) {
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
        // Made by our create whose result a crash lost: the text sent is the base.
        const std::string uids[] = {uid};
        const auto intent = store_.bridge_create_intents(pair_.id, uids);
        return resolve_both_changed(intent.empty() ? std::string() : intent[0].second, *object, item);
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
    // when it holds every change we sent. Then what we sent is the base, and a later local edit
    // wins over it instead of losing to it as a false conflict.
    // The newest update first, then the ones sent before it: a killed cycle's last UpdateItem can
    // land after later cycles sent newer ones, whose ChangeKey it then outdates.
    const auto sent = store_.bridge_update_intents(pair_.id, uid);
    for (std::size_t i = 0; i < sent.size(); ++i)
        if (holds_changes(link->base, sent[i], item.ical)) {
            spdlog::debug("bridge {}: UID {}: changed on both sides; the remote version holds our unacknowledged update "
                          "{} of {} (newest first)", options_.name, uid, i + 1, sent.size());
            return resolve_both_changed(sent[i], *object, item);
        }
    spdlog::debug("bridge {}: UID {}: changed on both sides ({} unacknowledged updates of ours, none in the remote "
                  "version)", options_.name, uid, sent.size());
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
    std::vector<std::string> conflicting;
    switch (policy()) {
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
            conflicting = std::move(merged.conflicting);
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
    if (c) count_conflict(uid, kConflictBothChanged, conflicting);
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
    if (policy() == ConflictPolicy::local_wins) {
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

}  // namespace calbridge::sync
