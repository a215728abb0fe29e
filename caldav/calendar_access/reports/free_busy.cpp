#include "caldav/calendar_access/reports/free_busy.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/ical_values.h"
#include "caldav/calendar/instance_iterator.h"
#include "caldav/calendar_access/reports/report_time_zone.h"
#include "caldav/http_message.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

namespace {

icalcomponent* mutable_(const icalcomponent* c) { return const_cast<icalcomponent*>(c); }

std::string x_property(const icalcomponent* c, std::string_view name) {
    for (icalproperty* p = icalcomponent_get_first_property(mutable_(c), ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(mutable_(c), ICAL_X_PROPERTY)) {
        const char* x = icalproperty_get_x_name(p);
        if (x && iequals(x, name)) {
            const char* v = icalproperty_get_x(p);
            return v ? v : "";
        }
    }
    return {};
}

// How a VEVENT instance counts (RFC 4791 7.10 and the Outlook busy status); nullopt = free.
std::optional<BusyType> event_busy_type(const icalcomponent* event) {
    if (const icalproperty* t = icalcomponent_get_first_property(mutable_(event), ICAL_TRANSP_PROPERTY)) {
        const icalproperty_transp transp = icalproperty_get_transp(t);
        if (transp == ICAL_TRANSP_TRANSPARENT || transp == ICAL_TRANSP_TRANSPARENTNOCONFLICT) return std::nullopt;
    }
    const icalproperty_status status = icalcomponent_get_status(mutable_(event));
    if (status == ICAL_STATUS_CANCELLED) return std::nullopt;
    const std::string ms_status = x_property(event, "X-MICROSOFT-CDO-BUSYSTATUS");
    if (iequals(ms_status, "FREE")) return std::nullopt;
    if (iequals(ms_status, "OOF")) return BusyType::busy_unavailable;
    if (iequals(ms_status, "TENTATIVE") || status == ICAL_STATUS_TENTATIVE) return BusyType::busy_tentative;
    return BusyType::busy;
}

std::optional<BusyType> fbtype(const icalproperty* p) {
    const icalparameter* param = icalproperty_get_first_parameter(const_cast<icalproperty*>(p), ICAL_FBTYPE_PARAMETER);
    if (!param) return BusyType::busy;   // RFC 5545 3.2.9 default
    switch (icalparameter_get_fbtype(param)) {
        case ICAL_FBTYPE_FREE: return std::nullopt;
        case ICAL_FBTYPE_BUSYTENTATIVE: return BusyType::busy_tentative;
        case ICAL_FBTYPE_BUSYUNAVAILABLE: return BusyType::busy_unavailable;
        default: return BusyType::busy;
    }
}

void add_clipped(std::vector<BusyPeriod>& out, std::int64_t start, std::int64_t end, BusyType type,
                 const TimeRange& range) {
    start = std::max(start, range.start);
    end = std::min(end, range.end);
    if (end > start) out.push_back({start, end, type});
}

void stored_freebusy(const icalcomponent* vfreebusy, const TimeRange& range, std::vector<BusyPeriod>& out) {
    for (icalproperty* p = icalcomponent_get_first_property(mutable_(vfreebusy), ICAL_FREEBUSY_PROPERTY); p;
         p = icalcomponent_get_next_property(mutable_(vfreebusy), ICAL_FREEBUSY_PROPERTY)) {
        const auto type = fbtype(p);
        const icalperiodtype period = icalproperty_get_freebusy(p);
        if (!type || !is_usable_time(period.start)) continue;
        const std::int64_t start = civil_seconds(period.start);   // RFC 5545 3.8.2.6: UTC
        std::int64_t end = start;
        if (!icaltime_is_null_time(period.end) && is_usable_time(period.end))
            end = civil_seconds(period.end);
        else if (!icaldurationtype_is_bad_duration(period.duration))
            end = start + duration_seconds(period.duration);
        add_clipped(out, start, end, *type, range);
    }
}

const char* fbtype_name(BusyType t) {
    switch (t) {
        case BusyType::busy_tentative: return "BUSY-TENTATIVE";
        case BusyType::busy_unavailable: return "BUSY-UNAVAILABLE";
        default: return "BUSY";
    }
}

}  // namespace

std::string format_utc(std::int64_t seconds) {
    const std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const std::int64_t rest = seconds - days * 86400;
    const CivilDate d = civil_from_days(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", d.year, d.month, d.day, static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return buf;
}

void collect_busy_periods(const icalcomponent* vcalendar, const TimeRange& range,
                          const CalendarTimeZone& floating_zone, std::vector<BusyPeriod>& out) {
    InstanceOptions options;
    options.floating_zone = &floating_zone;
    for_each_instance(
        vcalendar, range,
        [&](const Instance& in) {
            if (!in.component || icalcomponent_isa(mutable_(in.component)) != ICAL_VEVENT_COMPONENT) return true;
            // After a RANGE=THISANDFUTURE override its TRANSP/STATUS/busy status hold (RFC 5545 3.8.4.4).
            const icalcomponent* properties = in.range_override ? in.range_override : in.component;
            if (const auto type = event_busy_type(properties)) add_clipped(out, in.start, in.end, *type, range);
            return true;
        },
        options);
    for (icalcomponent* c = icalcomponent_get_first_component(mutable_(vcalendar), ICAL_VFREEBUSY_COMPONENT); c;
         c = icalcomponent_get_next_component(mutable_(vcalendar), ICAL_VFREEBUSY_COMPONENT))
        stored_freebusy(c, range, out);
}

std::size_t collect_calendar_busy_periods(Store& store, const Collection& calendar, const TimeRange& range,
                                          std::vector<BusyPeriod>& out) {
    const CalendarTimeZone zone = report_time_zone(std::nullopt, &calendar);
    std::size_t objects = 0;
    // The index returns every object with an instance in the range (a superset: open spans).
    for (const RangeMatch& m : store.objects_in_range(calendar.id, range.start, range.end)) {
        ++objects;
        const ical::ComponentPtr vcalendar = ical::parse_ics(m.object.data);
        if (vcalendar) collect_busy_periods(vcalendar.get(), range, zone, out);
    }
    return objects;
}

std::vector<BusyPeriod> merge_busy_periods(std::vector<BusyPeriod> periods) {
    std::sort(periods.begin(), periods.end(), [](const BusyPeriod& a, const BusyPeriod& b) {
        if (a.type != b.type) return a.type < b.type;
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    std::vector<BusyPeriod> merged;
    for (const BusyPeriod& p : periods) {
        if (!merged.empty() && merged.back().type == p.type && p.start <= merged.back().end)
            merged.back().end = std::max(merged.back().end, p.end);
        else
            merged.push_back(p);
    }
    return merged;
}

std::string free_busy_calendar(const std::vector<BusyPeriod>& merged, const TimeRange& range, std::int64_t now,
                               std::string_view product_id, std::string_view uid) {
    std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:";
    out += product_id;
    out += "\r\nBEGIN:VFREEBUSY\r\nDTSTAMP:" + format_utc(now) + "\r\n";
    if (!uid.empty()) out += "UID:" + std::string(uid) + "\r\n";
    if (range.start != kTimeMin) out += "DTSTART:" + format_utc(range.start) + "\r\n";
    if (range.end != kTimeMax) out += "DTEND:" + format_utc(range.end) + "\r\n";
    std::vector<BusyPeriod> by_start = merged;   // one time line for readers (RFC 4791 7.10.1 example)
    std::stable_sort(by_start.begin(), by_start.end(),
                     [](const BusyPeriod& a, const BusyPeriod& b) { return a.start < b.start; });
    for (const BusyPeriod& p : by_start) {
        out += "FREEBUSY;FBTYPE=";
        out += fbtype_name(p.type);
        out += ':' + format_utc(p.start) + '/' + format_utc(p.end) + "\r\n";
    }
    out += "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
    return out;
}

}  // namespace calbridge::caldav
