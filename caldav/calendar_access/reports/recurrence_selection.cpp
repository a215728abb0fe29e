#include "caldav/calendar_access/reports/recurrence_selection.h"

#include <ctime>
#include <set>
#include <vector>

#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/ical_values.h"
#include "caldav/calendar/instance_iterator.h"

namespace calbridge::caldav {

namespace {

icalcomponent* mutable_(const icalcomponent* c) { return const_cast<icalcomponent*>(c); }

bool is_instance_kind(icalcomponent_kind k) {
    return k == ICAL_VEVENT_COMPONENT || k == ICAL_VTODO_COMPONENT || k == ICAL_VJOURNAL_COMPONENT ||
           k == ICAL_VFREEBUSY_COMPONENT;
}

ical::ComponentPtr calendar_shell(const icalcomponent* vcalendar) {
    ical::ComponentPtr out(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    for (icalproperty* p = icalcomponent_get_first_property(mutable_(vcalendar), ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(mutable_(vcalendar), ICAL_ANY_PROPERTY))
        icalcomponent_add_property(out.get(), icalproperty_new_clone(p));
    return out;
}

void remove_properties(icalcomponent* c, std::initializer_list<icalproperty_kind> kinds) {
    for (icalproperty_kind kind : kinds) {
        std::vector<icalproperty*> found;
        for (icalproperty* p = icalcomponent_get_first_property(c, kind); p; p = icalcomponent_get_next_property(c, kind))
            found.push_back(p);
        for (icalproperty* p : found) {
            icalcomponent_remove_property(c, p);
            icalproperty_free(p);
        }
    }
}

icaltimetype utc_time(std::int64_t seconds) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, icaltimezone_get_utc_timezone());
}

// A DATE instance boundary: the local date whose midnight (in the zone the instance was
// computed in) is `seconds`.
icaltimetype date_of(std::int64_t seconds, const CalendarTimeZone& floating_zone) {
    icaltimezone* zone = floating_zone.has_zone() ? floating_zone.zone() : icaltimezone_get_utc_timezone();
    icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 1, zone);
    t.is_date = 1;
    t.zone = nullptr;
    return t;
}

bool is_date_property(const icalcomponent* c, icalproperty_kind kind) {
    const icalproperty* p = icalcomponent_get_first_property(mutable_(c), kind);
    const icalvalue* v = p ? icalproperty_get_value(p) : nullptr;
    return v && icalvalue_isa(v) == ICAL_DATE_VALUE;
}

// Every remaining DATE-TIME with a TZID (or floating) converted to UTC (9.6.5).
void properties_to_utc(const icalcomponent* vcalendar, icalcomponent* c, const CalendarTimeZone& floating_zone) {
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
        const icalvalue* v = icalproperty_get_value(p);
        if (!v || icalvalue_isa(v) != ICAL_DATETIME_VALUE) continue;
        const auto zoned = property_time(vcalendar, p);
        if (!zoned || zoned->local.is_date) continue;
        if (icaltime_is_utc(zoned->local) && !icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) continue;
        const UtcTime u = to_utc(zoned->local, zoned->zone, floating_zone);
        icalproperty_remove_parameter_by_kind(p, ICAL_TZID_PARAMETER);
        icalproperty_set_value(p, icalvalue_new_datetime(utc_time(u.seconds)));
    }
    for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        properties_to_utc(vcalendar, sub, floating_zone);
}

// One instance as its own component (9.6.5).
icalcomponent* instance_component(const icalcomponent* vcalendar, const Instance& in, const CalendarTimeZone& fz) {
    const icalcomponent* source = in.component;
    const bool date = is_date_property(source, ICAL_DTSTART_PROPERTY);
    const bool has_dtstart = icalcomponent_get_first_property(mutable_(source), ICAL_DTSTART_PROPERTY) != nullptr;
    const bool has_dtend = icalcomponent_get_first_property(mutable_(source), ICAL_DTEND_PROPERTY) != nullptr;
    const bool has_due = icalcomponent_get_first_property(mutable_(source), ICAL_DUE_PROPERTY) != nullptr;
    const bool end_date = is_date_property(source, has_dtend ? ICAL_DTEND_PROPERTY : ICAL_DUE_PROPERTY);
    auto at = [&](std::int64_t seconds, bool as_date) { return as_date ? date_of(seconds, fz) : utc_time(seconds); };

    icalcomponent* c = icalcomponent_new_clone(mutable_(source));
    remove_properties(c, {ICAL_RRULE_PROPERTY, ICAL_RDATE_PROPERTY, ICAL_EXRULE_PROPERTY, ICAL_EXDATE_PROPERTY,
                          ICAL_RECURRENCEID_PROPERTY, ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DUE_PROPERTY});
    properties_to_utc(vcalendar, c, fz);
    if (has_dtstart) icalcomponent_add_property(c, icalproperty_new_dtstart(at(in.start, date)));
    if (has_dtend) icalcomponent_add_property(c, icalproperty_new_dtend(at(in.end, end_date)));
    if (has_due) icalcomponent_add_property(c, icalproperty_new_due(at(in.end, end_date)));
    if (in.recurring) icalcomponent_add_property(c, icalproperty_new_recurrenceid(at(in.recurrence_id, date)));
    return c;
}

bool freebusy_overlaps(const icalproperty* p, const TimeRange& range) {
    const icalperiodtype period = icalproperty_get_freebusy(p);
    if (!is_usable_time(period.start)) return false;
    const std::int64_t start = civil_seconds(period.start);   // RFC 5545 3.8.2.6: UTC
    std::int64_t end = start;
    if (!icaltime_is_null_time(period.end) && is_usable_time(period.end))
        end = civil_seconds(period.end);
    else if (!icaldurationtype_is_bad_duration(period.duration))
        end = start + duration_seconds(period.duration);
    return start < range.end && end > range.start;
}

void limit_freebusy(icalcomponent* vfreebusy, const TimeRange& range) {
    std::vector<icalproperty*> outside;
    for (icalproperty* p = icalcomponent_get_first_property(vfreebusy, ICAL_FREEBUSY_PROPERTY); p;
         p = icalcomponent_get_next_property(vfreebusy, ICAL_FREEBUSY_PROPERTY))
        if (!freebusy_overlaps(p, range)) outside.push_back(p);
    for (icalproperty* p : outside) {
        icalcomponent_remove_property(vfreebusy, p);
        icalproperty_free(p);
    }
}

bool is_this_and_future(const icalproperty* rid) {
    const icalparameter* range = icalproperty_get_first_parameter(const_cast<icalproperty*>(rid), ICAL_RANGE_PARAMETER);
    return range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
}

}  // namespace

ical::ComponentPtr expand_instances(const icalcomponent* vcalendar, const TimeRange& range,
                                    const CalendarTimeZone& floating_zone) {
    ical::ComponentPtr out = calendar_shell(vcalendar);
    InstanceOptions options;
    options.floating_zone = &floating_zone;
    std::set<const icalcomponent*> single;   // a VFREEBUSY has one instance per period: copied once
    for_each_instance(
        vcalendar, range,
        [&](const Instance& in) {
            if (!in.component || !is_instance_kind(icalcomponent_isa(in.component))) return true;
            if (!in.recurring && !single.insert(in.component).second) return true;
            icalcomponent_add_component(out.get(), instance_component(vcalendar, in, floating_zone));
            return true;
        },
        options);
    return out;
}

ical::ComponentPtr limit_sets(const icalcomponent* vcalendar, const std::optional<TimeRange>& recurrence,
                              const std::optional<TimeRange>& freebusy, const CalendarTimeZone& floating_zone) {
    std::set<const icalcomponent*> overrides_in_range;
    if (recurrence) {
        InstanceOptions options;
        options.floating_zone = &floating_zone;
        for_each_instance(
            vcalendar, *recurrence,
            [&](const Instance& in) {
                if (in.component != in.master) overrides_in_range.insert(in.component);
                return true;
            },
            options);
    }
    ical::ComponentPtr out = calendar_shell(vcalendar);
    for (icalcomponent* c = icalcomponent_get_first_component(mutable_(vcalendar), ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(mutable_(vcalendar), ICAL_ANY_COMPONENT)) {
        if (recurrence && is_instance_kind(icalcomponent_isa(c))) {
            const icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
            if (rid && !overrides_in_range.contains(c)) {
                const auto rid_time = property_time(vcalendar, rid);
                const bool moves_later_instances =
                    is_this_and_future(rid) && rid_time &&
                    to_utc(rid_time->local, rid_time->zone, floating_zone).seconds < recurrence->end;
                if (!moves_later_instances) continue;
            }
        }
        icalcomponent* copy = icalcomponent_new_clone(c);
        if (freebusy && icalcomponent_isa(c) == ICAL_VFREEBUSY_COMPONENT) limit_freebusy(copy, *freebusy);
        icalcomponent_add_component(out.get(), copy);
    }
    return out;
}

}  // namespace calbridge::caldav
