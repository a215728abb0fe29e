#include "gateway/sync/dry_run_remote.h"

#include "converters/ical/ical_ptr.h"

namespace calbridge::sync {

namespace {

// UID and SUMMARY of the master VEVENT (the first VEVENT without RECURRENCE-ID).
std::pair<std::string, std::string> uid_and_summary(const std::string& text) {
    ical::ComponentPtr calendar = ical::parse_ics(text);
    if (!calendar) return {};
    for (icalcomponent* event = icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar.get(), ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)) continue;
        const char* uid = icalcomponent_get_uid(event);
        const char* summary = icalcomponent_get_summary(event);
        return {uid ? uid : "", summary ? summary : ""};
    }
    return {};
}

}  // namespace

std::vector<WriteOutcome> DryRunRemote::create(std::span<const std::string> icals) {
    std::vector<WriteOutcome> out;
    for (const std::string& ical : icals) {
        auto [uid, summary] = uid_and_summary(ical);
        planned_.push_back({PlannedWrite::Kind::create, uid, summary, {}});
        WriteOutcome o;
        o.ref = RemoteRef{"dry-run-" + std::to_string(++next_id_), "dry-run"};
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<WriteOutcome> DryRunRemote::update(std::span<const RemoteUpdate> updates) {
    std::vector<WriteOutcome> out;
    for (const RemoteUpdate& u : updates) {
        auto [uid, summary] = uid_and_summary(u.ical);
        planned_.push_back({PlannedWrite::Kind::update, uid, summary, u.base.id});
        WriteOutcome o;
        o.ref = RemoteRef{u.base.id, u.base.version + "+dry-run"};
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<WriteOutcome> DryRunRemote::remove(std::span<const RemoteRef> refs) {
    std::vector<WriteOutcome> out;
    for (const RemoteRef& r : refs) {
        planned_.push_back({PlannedWrite::Kind::remove, {}, {}, r.id});
        WriteOutcome o;
        o.ref = RemoteRef{r.id, {}};
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace calbridge::sync
