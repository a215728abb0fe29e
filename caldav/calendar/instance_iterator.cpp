#include "caldav/calendar/instance_iterator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/ical_values.h"
#include "caldav/calendar/recurrence_set.h"
#include "caldav/calendar/time_range_rules.h"

namespace calbridge::caldav {

bool overlaps(const TimeSpan& span, const TimeRange& range) {
    return span.start < range.end && (span.end > range.start || (span.start == span.end && span.start >= range.start));
}

bool instance_in_range(const Instance& in, const TimeRange& range) {
    if (in.exclusive_start) return range.start < in.match.start && range.end > in.match.start;
    return overlaps(in.match, range);
}

namespace {

bool is_instance_component(icalcomponent_kind k) {
    return k == ICAL_VEVENT_COMPONENT || k == ICAL_VTODO_COMPONENT || k == ICAL_VJOURNAL_COMPONENT ||
           k == ICAL_VFREEBUSY_COMPONENT;
}

// The times of one component as written, read once.
struct ComponentTimes {
    icalcomponent_kind kind = ICAL_NO_COMPONENT;
    std::optional<ZonedTime> dtstart, dtend, due;
    std::optional<UtcTime> dtstart_u, dtend_u, due_u, completed_u, created_u;
    std::optional<icaldurationtype> duration;
    bool floating = false;
};

ComponentTimes read_times(const icalcomponent* vcal, const icalcomponent* c, const CalendarTimeZone& fz) {
    ComponentTimes t;
    t.kind = icalcomponent_isa(c);
    auto read = [&](icalproperty_kind k, std::optional<ZonedTime>* zoned) -> std::optional<UtcTime> {
        auto z = component_time(vcal, c, k);
        if (!z) return std::nullopt;
        if (zoned) *zoned = z;
        UtcTime u = to_utc(z->local, z->zone, fz);
        return u;
    };
    t.dtstart_u = read(ICAL_DTSTART_PROPERTY, &t.dtstart);
    if (t.kind == ICAL_VEVENT_COMPONENT || t.kind == ICAL_VFREEBUSY_COMPONENT) t.dtend_u = read(ICAL_DTEND_PROPERTY, &t.dtend);
    if (t.kind == ICAL_VTODO_COMPONENT) {
        t.due_u = read(ICAL_DUE_PROPERTY, &t.due);
        t.completed_u = read(ICAL_COMPLETED_PROPERTY, nullptr);
        t.created_u = read(ICAL_CREATED_PROPERTY, nullptr);
    }
    if (t.dtstart) t.duration = component_duration(c);
    // Which values 9.9 reads decides whether the instance is floating.
    auto fl = [](const std::optional<UtcTime>& u) { return u && u->floating; };
    switch (t.kind) {
        case ICAL_VEVENT_COMPONENT: t.floating = fl(t.dtstart_u) || fl(t.dtend_u); break;
        case ICAL_VTODO_COMPONENT:
            t.floating = t.dtstart_u ? (fl(t.dtstart_u) || (!t.duration && fl(t.due_u)))
                                     : (t.due_u ? fl(t.due_u) : (fl(t.completed_u) || fl(t.created_u)));
            break;
        default: t.floating = fl(t.dtstart_u) || fl(t.dtend_u); break;
    }
    return t;
}

// Where an instance starts: the component's own DTSTART, or an occurrence of its series.
struct Start {
    ZonedTime local;
    std::int64_t utc = 0;
    std::optional<std::int64_t> period_end;
};

std::int64_t next_day(const ZonedTime& z, const CalendarTimeZone& fz) {
    return to_utc(add_days(z.local, 1), z.zone, fz).seconds;
}

// One instance of c starting at `start` (9.9 for c's kind). nullopt: it matches no range.
std::optional<Instance> make_instance(const ComponentTimes& t, const Start* start, const CalendarTimeZone& fz,
                                      bool widen_floating) {
    Instance in;
    const bool widen = widen_floating && t.floating && !fz.has_zone();
    switch (t.kind) {
        case ICAL_VEVENT_COMPONENT: {
            if (!start) return std::nullopt;   // a VEVENT without DTSTART (invalid) matches nothing
            EventTimes e;
            e.dtstart = start->utc;
            e.dtstart_is_date = start->local.local.is_date;
            if (start->period_end) {
                e.dtend = *start->period_end;
            } else if (t.dtend_u && t.dtstart_u) {
                if (t.dtend->local.is_date && t.dtstart->local.is_date)
                    e.dtend = to_utc(add_days(start->local.local, days_of(t.dtend->local) - days_of(t.dtstart->local)),
                                     start->local.zone, fz).seconds;
                else
                    e.dtend = start->utc + (t.dtend_u->seconds - t.dtstart_u->seconds);
            } else if (t.duration) {
                e.duration_end = add_duration(start->local, start->utc, *t.duration, fz);
            }
            if (e.dtstart_is_date) e.next_day = next_day(start->local, fz);
            in.match = event_span(e);
            in.start = e.dtstart;
            in.end = e.dtend ? *e.dtend : e.duration_end ? *e.duration_end : e.dtstart_is_date ? e.next_day : e.dtstart;
            break;
        }
        case ICAL_VTODO_COMPONENT: {
            TodoTimes d;
            if (start) {
                d.dtstart = start->utc;
                if (t.duration) d.duration_end = add_duration(start->local, start->utc, *t.duration, fz);
                else if (t.due_u && t.dtstart_u) d.due = start->utc + (t.due_u->seconds - t.dtstart_u->seconds);
            } else {
                if (t.due_u) d.due = t.due_u->seconds;
                if (t.completed_u) d.completed = t.completed_u->seconds;
                if (t.created_u) d.created = t.created_u->seconds;
            }
            in.match = todo_span(d);
            if (d.dtstart) {
                in.start = *d.dtstart;
                in.end = d.duration_end ? *d.duration_end : d.due ? *d.due : *d.dtstart;
            } else if (d.due) {
                in.start = in.end = *d.due;
            } else {
                in.start = in.match.start;
                in.end = in.match.end;
            }
            break;
        }
        case ICAL_VJOURNAL_COMPONENT: {
            JournalTimes j;
            if (start) {
                j.dtstart = start->utc;
                j.dtstart_is_date = start->local.local.is_date;
                if (j.dtstart_is_date) j.next_day = next_day(start->local, fz);
            }
            auto s = journal_span(j);
            if (!s) return std::nullopt;
            in.match = *s;
            in.start = *j.dtstart;
            in.end = j.dtstart_is_date ? j.next_day : *j.dtstart;
            break;
        }
        case ICAL_VFREEBUSY_COMPONENT: {
            if (!start || !t.dtend_u) return std::nullopt;   // periods: see freebusy_instances
            in.match = freebusy_span(start->utc, t.dtend_u->seconds);
            in.start = start->utc;
            in.end = t.dtend_u->seconds;
            break;
        }
        default: return std::nullopt;
    }
    in.exclusive_start = in.match.open && in.match.start == in.match.end;
    if (widen) {
        in.match = caldav::widen_floating(in.match);
        in.exclusive_start = false;
    }
    in.floating = t.floating;
    return in;
}

// VFREEBUSY without DTSTART/DTEND: one instance per FREEBUSY period (9.9).
bool freebusy_instances(const icalcomponent* c, const TimeRange& range, const std::function<bool(const Instance&)>& each) {
    auto* fb = const_cast<icalcomponent*>(c);
    for (icalproperty* p = icalcomponent_get_first_property(fb, ICAL_FREEBUSY_PROPERTY); p;
         p = icalcomponent_get_next_property(fb, ICAL_FREEBUSY_PROPERTY)) {
        const icalperiodtype period = icalproperty_get_freebusy(p);
        if (!is_usable_time(period.start)) continue;
        const std::int64_t s = civil_seconds(period.start);   // RFC 5545 3.8.2.6: always UTC
        std::int64_t e = s;
        if (!icaltime_is_null_time(period.end) && is_usable_time(period.end))
            e = civil_seconds(period.end);
        else if (!icaldurationtype_is_bad_duration(period.duration))
            e = s + duration_seconds(period.duration);
        Instance in;
        in.start = s;
        in.end = e;
        in.recurrence_id = s;
        in.match = freebusy_period_span(s, e);
        in.exclusive_start = in.match.open;
        in.component = in.master = c;
        if (instance_in_range(in, range) && !each(in)) return false;
    }
    return true;
}

struct Override {
    const icalcomponent* component = nullptr;
    ComponentTimes times;
    std::int64_t rid = 0;               // RECURRENCE-ID, UTC
    std::int64_t rid_day = 0;           // its local date
    bool rid_is_date = false;
    bool this_and_future = false;
};

struct Group {
    std::string uid;
    const icalcomponent* master = nullptr;
    std::vector<Override> overrides;
};

std::optional<Instance> own_instance(const ComponentTimes& t, const CalendarTimeZone& fz, bool widen) {
    if (t.dtstart) {
        Start s{*t.dtstart, t.dtstart_u->seconds, std::nullopt};
        return make_instance(t, &s, fz, widen);
    }
    return make_instance(t, nullptr, fz, widen);
}

}  // namespace

Expansion for_each_instance(const icalcomponent* vcalendar, const TimeRange& range,
                            const std::function<bool(const Instance&)>& each, const InstanceOptions& options) {
    static const CalendarTimeZone kNoZone;
    const CalendarTimeZone& fz = options.floating_zone ? *options.floating_zone : kNoZone;
    auto* vcal = const_cast<icalcomponent*>(vcalendar);
    if (!vcal) return Expansion::complete;

    // Group the components by UID: one master and its overrides (RFC 4791 4.1).
    std::vector<Group> groups;
    std::vector<const icalcomponent*> components;
    if (is_instance_component(icalcomponent_isa(vcal))) components.push_back(vcal);
    for (icalcomponent* c = icalcomponent_get_first_component(vcal, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(vcal, ICAL_ANY_COMPONENT))
        if (is_instance_component(icalcomponent_isa(c))) components.push_back(c);
    for (const icalcomponent* c : components) {
        const char* uid_text = icalcomponent_get_uid(const_cast<icalcomponent*>(c));
        std::string uid = uid_text ? uid_text : "";
        auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return !uid.empty() && g.uid == uid; });
        if (group == groups.end()) {
            groups.push_back(Group{uid, nullptr, {}});
            group = std::prev(groups.end());
        }
        icalproperty* rid = icalcomponent_get_first_property(const_cast<icalcomponent*>(c), ICAL_RECURRENCEID_PROPERTY);
        auto rid_time = rid ? property_time(vcalendar, rid) : std::nullopt;
        if (rid_time && icalcomponent_isa(c) != ICAL_VFREEBUSY_COMPONENT) {
            Override o;
            o.component = c;
            o.times = read_times(vcalendar, c, fz);
            o.rid = to_utc(rid_time->local, rid_time->zone, fz).seconds;
            o.rid_day = days_of(rid_time->local);
            o.rid_is_date = rid_time->local.is_date != 0;
            const icalparameter* range_param = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
            o.this_and_future = range_param && icalparameter_get_range(range_param) == ICAL_RANGE_THISANDFUTURE;
            group->overrides.push_back(std::move(o));
        } else if (!group->master) {
            group->master = c;
        } else {
            // A second master with the same UID (invalid, RFC 4791 4.1): its own group.
            groups.push_back(Group{std::string(), c, {}});
        }
    }

    Expansion result = Expansion::complete;
    for (Group& g : groups) {
        std::sort(g.overrides.begin(), g.overrides.end(), [](const Override& a, const Override& b) { return a.rid < b.rid; });
        std::size_t next_override = 0;
        // Reports override i if it overlaps; false when the callback asked to stop.
        auto report_override = [&](const Override& o) {
            auto in = own_instance(o.times, fz, options.widen_floating);
            if (!in) return true;
            in->recurrence_id = o.rid;
            in->component = o.component;
            in->master = g.master;
            in->recurring = true;
            return !instance_in_range(*in, range) || each(*in);
        };
        if (!g.master) {
            for (const Override& o : g.overrides)
                if (!report_override(o)) return result;
            continue;
        }
        const ComponentTimes times = read_times(vcalendar, g.master, fz);
        if (times.kind == ICAL_VFREEBUSY_COMPONENT && !(times.dtstart && times.dtend)) {
            if (!freebusy_instances(g.master, range, each)) return result;
            continue;
        }
        if (!times.dtstart || times.kind == ICAL_VFREEBUSY_COMPONENT) {
            // No series without DTSTART (RFC 5545 3.8.5.3): the component is one instance.
            auto in = own_instance(times, fz, options.widen_floating);
            if (in) {
                in->recurrence_id = in->start;
                in->component = in->master = g.master;
                if (instance_in_range(*in, range) && !each(*in)) return result;
            }
            for (const Override& o : g.overrides)
                if (!report_override(o)) return result;
            continue;
        }

        RecurrenceSet set(vcalendar, g.master, *times.dtstart, fz, kMaxRecurrenceSteps);
        // How far before its recurrence id an instance's span can begin: floating widening,
        // VTODO DUE-1, and the shifts of THISANDFUTURE overrides.
        std::int64_t slack = 14 * 3600 + 86400;
        for (const Override& o : g.overrides)
            if (o.this_and_future && o.times.dtstart_u) slack = std::max(slack, 86400 + o.rid - o.times.dtstart_u->seconds);
        const Override* future = nullptr;   // the latest THISANDFUTURE override passed
        std::size_t examined = 0;
        std::size_t reported = 0;
        bool stopped_by_range = false;
        while (auto occ = set.next()) {
            if (++examined > options.max_instances) {
                result = Expansion::truncated;
                break;
            }
            if (range.end != kTimeMax && saturating_add(occ->utc, -slack) >= range.end) {
                stopped_by_range = true;
                break;
            }
            bool replaced = false;
            while (next_override < g.overrides.size() && g.overrides[next_override].rid <= occ->utc) {
                const Override& o = g.overrides[next_override++];
                if (o.this_and_future) future = &o;
                if (!report_override(o)) return result;
            }
            // Replaced by an override with this RECURRENCE-ID (a DATE one names a whole day).
            for (std::size_t i = next_override; i-- > 0;) {
                const Override& o = g.overrides[i];
                if (o.rid < saturating_add(occ->utc, -2 * 86400)) break;
                const bool by_day = (occ->local.is_date || o.rid_is_date) && o.rid_day == days_of(occ->local);
                if (o.rid == occ->utc || by_day) {
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
            Start s{ZonedTime{occ->local, occ->zone}, occ->utc, occ->period_end};
            std::optional<Instance> in;
            if (future && future->times.dtstart_u) {
                // RFC 5545 3.2.13 RANGE=THISANDFUTURE: later instances move by the override's
                // offset and take its duration.
                auto shifted = own_instance(future->times, fz, options.widen_floating);
                if (shifted) {
                    const std::int64_t shift = future->times.dtstart_u->seconds - future->rid;
                    const std::int64_t delta = occ->utc + shift - shifted->start;
                    shifted->start += delta;
                    shifted->end += delta;
                    shifted->match.start = saturating_add(shifted->match.start, delta);
                    shifted->match.end = saturating_add(shifted->match.end, delta);
                    in = shifted;
                }
            } else {
                in = make_instance(times, &s, fz, options.widen_floating);
            }
            if (!in) continue;
            in->recurrence_id = occ->utc;
            in->component = in->master = g.master;
            if (future && future->times.dtstart_u) in->range_override = future->component;
            in->recurring = set.recurs() || !g.overrides.empty();
            if (options.series_limit && reported == options.series_limit) {
                in->horizon = true;
                stopped_by_range = true;
                if (!each(*in)) return result;
                break;
            }
            if (instance_in_range(*in, range)) {
                ++reported;
                if (!each(*in)) return result;
            }
        }
        if (set.truncated() && !stopped_by_range) result = Expansion::truncated;
        for (; next_override < g.overrides.size(); ++next_override)
            if (!report_override(g.overrides[next_override])) return result;
    }
    return result;
}

}  // namespace calbridge::caldav
