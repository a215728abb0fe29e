#pragma once
// An in-memory RemoteCalendar (gateway/sync/remote_calendar.h) for the bridge engine's tests: a
// test double of OUR interface, not of Exchange. It keeps items by id with a version that changes
// on every write, a change log for paged sync states ("<generation>:<position>"), and fault
// injection:
//   - hook(call, after): called before each call does anything (after = false) and after it did
//     its work but before it returns (after = true); throwing from it simulates a failure, or
//     (SimulatedCrash) a crash of the process at that point, e.g. between a remote create and the
//     engine recording its id;
//   - invalidate_states(): every state given out so far gets invalid_sync_state;
//   - can_write = false: a read-only calendar (writes answer access_denied);
//   - reject_uids: items refused as `rejected`.
// Colleague edits (someone in Outlook) go through colleague_*().
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "gateway/sync/remote_calendar.h"

namespace calbridge::sync::testing {

struct SimulatedCrash : std::runtime_error {
    SimulatedCrash() : std::runtime_error("simulated crash") {}
};

inline std::string uid_of(const std::string& ical) {
    const auto at = ical.find("\nUID:");
    if (at == std::string::npos) return {};
    const auto end = ical.find_first_of("\r\n", at + 5);
    return ical.substr(at + 5, end - at - 5);
}

class FakeRemoteCalendar final : public RemoteCalendar {
public:
    struct Item {
        std::string uid, ical, version;
        std::int64_t changed_at = 0;
        bool created_by_us = false;  // by create(), not by a colleague
    };

    std::function<void(const std::string& call, bool after)> hook;
    std::size_t page_size = 3;
    bool can_write = true;
    std::set<std::string> reject_uids;
    // true: changes() does not report items made by create() (a change feed lagging behind the
    // writes), so only find_by_uid can tell that a create happened.
    bool feed_lags = false;
    std::map<std::string, int> calls;  // round trips per operation

    // --- the colleague in Outlook ---
    std::string colleague_create(const std::string& ical) { return store_new(ical); }
    void colleague_update(const std::string& id, const std::string& ical) { write(id, ical); }
    void colleague_remove(const std::string& id) { erase(id); }
    void invalidate_states() { ++generation_; }

    const std::map<std::string, Item>& items() const { return items_; }
    std::vector<std::string> ids_of(const std::string& uid) const {
        std::vector<std::string> ids;
        for (const auto& [id, item] : items_)
            if (item.uid == uid) ids.push_back(id);
        return ids;
    }
    int total_calls() const {
        int n = 0;
        for (const auto& [name, count] : calls) n += count;
        return n;
    }

    // --- RemoteCalendar ---
    RemoteCapabilities capabilities() override {
        enter("capabilities");
        leave("capabilities");
        return {can_write, "Fake calendar"};
    }

    RemoteChanges changes(std::string_view state, const KnownVersions& known) override {
        enter("changes");
        std::int64_t from = 0;
        const bool listing = state.empty();  // every item, no tombstones
        if (!listing) {
            const auto colon = state.find(':');
            if (colon == std::string_view::npos || std::stoll(std::string(state.substr(0, colon))) != generation_)
                throw RemoteError(RemoteErrorKind::invalid_sync_state, "fake: sync state " + std::string(state) + " is invalid");
            from = std::stoll(std::string(state.substr(colon + 1)));
        }
        // Entries after `from`, in log order: live items and (except from "") tombstones.
        std::multimap<std::int64_t, std::pair<std::string, bool>> log;  // position -> (id, removed)
        for (const auto& [id, item] : items_)
            if (item.changed_at > from && !(feed_lags && item.created_by_us))
                log.emplace(item.changed_at, std::pair{id, false});
        if (!listing)
            for (const auto& [id, at] : tombstones_)
                if (at > from) log.emplace(at, std::pair{id, true});
        RemoteChanges page;
        std::int64_t reached = from;
        std::size_t n = 0;
        for (const auto& [at, entry] : log) {
            if (n == page_size) {
                page.more = true;
                break;
            }
            const std::optional<std::string> held = entry.second || !known ? std::nullopt : known(entry.first);
            if (entry.second)
                page.removed_ids.push_back(entry.first);
            else if (held && *held == items_.at(entry.first).version)
                page.unchanged.push_back({entry.first, *held});  // not fetched, as an adapter does
            else
                page.upserts.push_back(
                    {{entry.first, items_.at(entry.first).version}, items_.at(entry.first).uid, items_.at(entry.first).ical});
            reached = at;
            ++n;
        }
        if (!page.more && reached < position_) reached = position_;
        page.state = std::to_string(generation_) + ":" + std::to_string(reached);
        leave("changes");
        return page;
    }

    std::vector<WriteOutcome> create(std::span<const std::string> icals) override {
        enter("create");
        std::vector<WriteOutcome> out;
        for (const std::string& ical : icals) {
            if (auto refused = refuse(uid_of(ical))) {
                out.push_back(*refused);
                continue;
            }
            const std::string id = store_new(ical);
            items_.at(id).created_by_us = true;
            out.push_back({RemoteRef{id, items_.at(id).version}, std::nullopt, {}});
        }
        leave("create");
        return out;
    }

    std::vector<WriteOutcome> update(std::span<const RemoteUpdate> updates) override {
        enter("update");
        std::vector<WriteOutcome> out;
        for (const RemoteUpdate& u : updates) {
            if (auto refused = refuse(uid_of(u.ical))) {
                out.push_back(*refused);
                continue;
            }
            auto it = items_.find(u.base.id);
            if (it == items_.end()) {
                out.push_back({std::nullopt, RemoteErrorKind::not_found, "fake: no item " + u.base.id});
                continue;
            }
            if (it->second.version != u.base.version) {
                out.push_back({std::nullopt, RemoteErrorKind::conflict, "fake: version " + u.base.version + " is outdated"});
                continue;
            }
            write(u.base.id, u.ical);
            out.push_back({RemoteRef{u.base.id, items_.at(u.base.id).version}, std::nullopt, {}});
        }
        leave("update");
        return out;
    }

    std::vector<WriteOutcome> remove(std::span<const RemoteRef> refs) override {
        enter("remove");
        std::vector<WriteOutcome> out;
        for (const RemoteRef& ref : refs) {
            if (!can_write) {
                out.push_back({std::nullopt, RemoteErrorKind::access_denied, "fake: read-only"});
                continue;
            }
            if (!items_.count(ref.id)) {
                out.push_back({std::nullopt, RemoteErrorKind::not_found, "fake: no item " + ref.id});
                continue;
            }
            erase(ref.id);
            out.push_back({RemoteRef{ref.id, {}}, std::nullopt, {}});
        }
        leave("remove");
        return out;
    }

    std::vector<std::optional<RemoteItem>> find_by_uid(std::span<const std::string> uids) override {
        enter("find_by_uid");
        std::vector<std::optional<RemoteItem>> out;
        for (const std::string& uid : uids) {
            std::optional<RemoteItem> found;
            for (const auto& [id, item] : items_)
                if (item.uid == uid) found = RemoteItem{{id, item.version}, item.uid, item.ical};
            out.push_back(found);
        }
        leave("find_by_uid");
        return out;
    }

private:
    void enter(const std::string& call) {
        ++calls[call];
        if (hook) hook(call, false);
    }
    void leave(const std::string& call) {
        if (hook) hook(call, true);
    }
    std::optional<WriteOutcome> refuse(const std::string& uid) const {
        if (!can_write) return WriteOutcome{std::nullopt, RemoteErrorKind::access_denied, "fake: read-only"};
        if (reject_uids.count(uid)) return WriteOutcome{std::nullopt, RemoteErrorKind::rejected, "fake: refused " + uid};
        return std::nullopt;
    }
    std::string store_new(const std::string& ical) {
        const std::string id = "item-" + std::to_string(++next_id_);
        write(id, ical);
        return id;
    }
    void write(const std::string& id, const std::string& ical) {
        Item& item = items_[id];
        item.uid = uid_of(ical);
        item.ical = ical;
        item.version = "v" + std::to_string(++next_version_);
        item.changed_at = ++position_;
        item.created_by_us = false;  // any later write shows in the feed
        tombstones_.erase(id);
    }
    void erase(const std::string& id) {
        items_.erase(id);
        tombstones_[id] = ++position_;
    }

    std::map<std::string, Item> items_;
    std::map<std::string, std::int64_t> tombstones_;
    std::int64_t generation_ = 1;
    std::int64_t position_ = 0;
    std::int64_t next_id_ = 0;
    std::int64_t next_version_ = 0;
};

}  // namespace calbridge::sync::testing
