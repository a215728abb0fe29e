#pragma once
// A RemoteCalendar that reads through to a real one and only pretends to write: what
// `calbridge push --dry-run` runs the engine against (on a copy of the store), so the plan it
// prints is the engine's own decisions, not a second implementation of them. Writes succeed with
// made-up ids ("dry-run-<n>") and are recorded for the report; the remote is never changed.
#include <string>
#include <vector>

#include "gateway/sync/remote_calendar.h"

namespace calbridge::sync {

struct PlannedWrite {
    enum class Kind { create, update, remove };
    Kind kind = Kind::create;
    std::string uid;      // create/update: the UID of the content; remove: ""
    std::string summary;  // the master's SUMMARY, for people
    std::string remote_id;  // update/remove
};

class DryRunRemote final : public RemoteCalendar {
public:
    explicit DryRunRemote(RemoteCalendar& real) : real_(real) {}

    RemoteCapabilities capabilities() override { return real_.capabilities(); }
    RemoteChanges changes(std::string_view state, const KnownVersions& known) override { return real_.changes(state, known); }
    std::vector<std::optional<RemoteItem>> find_by_uid(std::span<const std::string> uids) override {
        return real_.find_by_uid(uids);
    }
    std::vector<WriteOutcome> create(std::span<const std::string> icals) override;
    std::vector<WriteOutcome> update(std::span<const RemoteUpdate> updates) override;
    std::vector<WriteOutcome> remove(std::span<const RemoteRef> refs) override;

    const std::vector<PlannedWrite>& planned() const { return planned_; }

private:
    RemoteCalendar& real_;
    std::vector<PlannedWrite> planned_;
    int next_id_ = 0;
};

}  // namespace calbridge::sync
