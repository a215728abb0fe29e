// The push of a bridge cycle: local changes from the change log sent to the remote (bridge.h).
#include "gateway/sync/bridge_cycle.h"

#include <map>
#include <set>

#include "gateway/sync/ical_merge.h"

namespace calbridge::sync {

using namespace bridge_detail;

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
    // Each write batch asks can_write() first: after an access_denied (rights revoked since the
    // cycle began) the rest is reverted without another refused round trip.
    push_creates(creates);
    push_updates(updates);
    push_removes(removes);
}


void Bridge::Cycle::push_creates(std::vector<LocalItem>& items) {
    if (items.empty()) return;
    if (!can_write()) {
        for (const LocalItem& item : items) revert_for_read_only(&item, nullptr);
        return;
    }
    // A create whose result was never recorded (a crash right after it) left an item holding the
    // UID remotely: it is linked, not created twice (EWS: global object id, MS-OXCICAL
    // 2.1.3.1.1.20.26). Only UIDs with a recorded create intent can be in that case, so only they
    // cost a look-up.
    std::vector<std::string> uids;
    for (const LocalItem& item : items) uids.push_back(item.uid);
    const auto maybe_created = store_.bridge_create_intents(pair_.id, uids);
    std::map<std::string, std::optional<RemoteItem>> found;
    std::map<std::string, std::string> sent;
    if (!maybe_created.empty()) {
        std::vector<std::string> lookup;
        for (const auto& [uid, text] : maybe_created) {
            lookup.push_back(uid);
            sent[uid] = text;
        }
        auto results = remote_.find_by_uid(lookup);
        check_count(results, lookup.size(), "find_by_uid");
        for (std::size_t i = 0; i < lookup.size(); ++i) found[lookup[i]] = std::move(results[i]);
    }
    std::vector<LocalItem> fresh;
    for (LocalItem& item : items) {
        auto it = found.find(item.uid);
        if (it == found.end() || !it->second) {
            fresh.push_back(std::move(item));
            continue;
        }
        // Made by a create whose result was not recorded: linked, with the text sent as the base
        // of a three-way merge when either side changed since (the result is pushed by
        // push_pending when it differs from the remote item).
        caldav::Object local;
        local.info.path = item.path;
        local.info.uid = item.uid;
        local.info.etag = item.etag;
        local.data = std::move(item.data);
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
            if (resolve_both_changed(sent[item.uid], local, *it->second)) break;
            auto again = store_.object(item.path);
            if (!again) break;
            local = std::move(*again);
        }
    }
    for (std::size_t i = 0; i < fresh.size(); i += options_.batch_size) {
        const std::size_t end = std::min(fresh.size(), i + options_.batch_size);
        if (!can_write()) {
            for (std::size_t k = i; k < end; ++k) revert_for_read_only(&fresh[k], nullptr);
            continue;
        }
        std::vector<std::string> icals;
        std::vector<std::pair<std::string, std::string>> intents;
        for (std::size_t k = i; k < end; ++k) {
            icals.push_back(fresh[k].data);
            intents.emplace_back(fresh[k].uid, fresh[k].data);
        }
        store_.bridge_intend_creates(pair_.id, intents);
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
            store_.bridge_record_link(pair_.id, {fresh[k].uid, fresh[k].path, fresh[k].etag, o.ref->id, o.ref->version,
                                                 fresh[k].data, store::BridgeLink::kUnconfirmed});
            ++report_.remote.created;
            checkpoint("pushed item");
        }
    }
}

void Bridge::Cycle::push_updates(std::vector<std::pair<store::BridgeLink, LocalItem>>& items) {
    for (std::size_t i = 0; i < items.size(); i += options_.batch_size) {
        const std::size_t end = std::min(items.size(), i + options_.batch_size);
        if (!can_write()) {
            for (std::size_t k = i; k < end; ++k) revert_for_read_only(&items[k].second, &items[k].first);
            continue;
        }
        std::vector<RemoteUpdate> updates;
        std::vector<std::pair<std::string, std::string>> intents;
        for (std::size_t k = i; k < end; ++k) {
            updates.push_back({{items[k].first.remote_id, items[k].first.remote_version}, items[k].second.data});
            intents.emplace_back(items[k].second.uid, items[k].second.data);
        }
        // The content sent, recorded first: if a crash loses the answer, the next pull recognises
        // that version as our own write (try_upsert). Cleared when the link is recorded.
        store_.bridge_intend_updates(pair_.id, intents);
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
        if (!can_write()) {
            for (std::size_t k = i; k < end; ++k) revert_for_read_only(nullptr, &links[k]);
            continue;
        }
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
            // Rights revoked since the last cycle, or EffectiveRights said more than Exchange
            // allows: the pair is read-only at once (saved before the revert), and this change
            // goes back to the remote's version, kept as a conflict record.
            became_read_only("UID " + uid + ": " + outcome.message);
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

// A local change the read-only remote will never take: whatever the policy (local_wins too), the
// local copy goes back to the remote's version (the link's BASE, what the pull last applied), and
// the change is kept as a conflict record (calbridge status; restorable once the calendar may be
// written again). The local calendar never stays diverged from Exchange.
void Bridge::Cycle::revert_for_read_only(const LocalItem* item, const store::BridgeLink* link) {
    const std::string uid = item ? item->uid : link->uid;
    ++report_.conflicts;
    spdlog::warn("bridge {}: UID {} changed locally but the remote is read-only: the local change is kept as a "
                 "conflict and the remote version restored",
                 options_.name, uid);
    const auto c = conflict(uid, kConflictReadOnlyRemote, item ? item->data : std::string(),
                            item ? item->etag : std::string());
    caldav::WriteResult r;
    if (!link) {
        r = store_.bridge_remove(pair_.id, uid, item->path, if_match(item->etag), c);
    } else {
        auto w = object_write(item ? item->path : link->local_path, link->base);
        if (!w) {
            ++report_.errors;
            return;
        }
        r = store_.bridge_apply(pair_.id, *w, item ? if_match(item->etag) : if_none_match(), *link, false, c);
    }
    if (r.status == caldav::WriteStatus::precondition_failed) {
        // Changed again since the push read it (before the calendar became read-only): the change
        // log shows that write, and the next cycle reverts it.
        --report_.conflicts;
        spdlog::info("bridge {}: UID {} changed again locally during the revert; the next cycle reverts it",
                     options_.name, uid);
    }
}

}  // namespace calbridge::sync
