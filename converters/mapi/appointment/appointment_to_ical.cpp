#include "converters/mapi/appointment/appointment_to_ical.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "converters/mapi/recurrence/recurrence_rule.h"

namespace calbridge::mapi {

const char* const kProdId = "-//calbridge//calbridge " CALBRIDGE_VERSION_STRING "//EN";

namespace {

// The fields of one VEVENT; an override starts as a copy of the master's (RFC 5545 3.8.4.4:
// an overriding component is complete, not a patch).
struct EventFields {
    std::string subject, location;
    Body body;
    bool all_day = false;
    bool canceled = false;
    CivilDateTime start_local, end_local;  // in the zones below (UTC when the zone is null)
    BusyStatus busy = BusyStatus::Busy;
    Reminder reminder;
    std::vector<Person> attendees;
    const std::vector<FileAttachment>* attachments = nullptr;
};

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string utc_stamp(std::int64_t unix_seconds) {
    CivilDateTime t = civil_from_unix(unix_seconds);
    return std::to_string(t.year) + two(t.month) + two(t.day) + "T" + two(t.hour) + two(t.minute) + two(t.second) + "Z";
}

icaltimetype utc_time(std::int64_t unix_seconds) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(unix_seconds), 0, icaltimezone_get_utc_timezone());
}

icaltimetype local_time(const CivilDateTime& t, bool date_only) {
    icaltimetype v = icaltime_null_time();
    v.year = t.year;
    v.month = t.month;
    v.day = t.day;
    if (date_only) {
        v.is_date = 1;
    } else {
        v.hour = t.hour;
        v.minute = t.minute;
        v.second = t.second;
    }
    return v;
}

CivilDateTime add_days(const CivilDateTime& t, int days) {
    CivilDateTime r = civil_from_unix(unix_from_civil(t) + std::int64_t{days} * 86400);
    return r;
}

// A date-time property in the event's zone: TZID + local time, or UTC, or DATE (all-day).
icalproperty* with_time(icalproperty* p, const CivilDateTime& local, const TimeZone* zone, bool all_day,
                        void (*setter)(icalproperty*, icaltimetype)) {
    if (all_day) {
        setter(p, local_time(local, true));
    } else if (zone && !zone->is_utc()) {
        setter(p, local_time(local, false));
        icalproperty_add_parameter(p, icalparameter_new_tzid(zone->tzid().c_str()));
    } else {
        setter(p, utc_time(unix_from_civil(local)));
    }
    return p;
}

CivilDateTime to_zone_local(std::int64_t unix_seconds, const TimeZone* zone) {
    return zone ? zone->to_local(unix_seconds) : civil_from_unix(unix_seconds);
}

std::string base64(const Bytes& data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

const char* busy_name(BusyStatus b) {
    switch (b) {
        case BusyStatus::Free: return "FREE";
        case BusyStatus::Tentative: return "TENTATIVE";
        case BusyStatus::Busy: return "BUSY";
        case BusyStatus::OutOfOffice: return "OOF";
        case BusyStatus::WorkingElsewhere: return "WORKINGELSEWHERE";
    }
    return "BUSY";
}

// An X- property holding free text, e.g. X-ALT-DESC. libical 3.0 escapes backslashes and
// line breaks of X- values but not COMMA and SEMICOLON; ical::to_ics completes the escaping
// of the X- properties listed in ical::kTextXProperties (RFC 5545 3.3.11).
icalproperty* x_text(const char* name, const std::string& value) {
    std::string normalised;  // CRLF and CR -> LF: libical writes LF as "\n"
    normalised.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\r') {
            if (i + 1 < value.size() && value[i + 1] == '\n') continue;
            normalised += '\n';
        } else {
            normalised += value[i];
        }
    }
    icalproperty* p = icalproperty_new_x(normalised.c_str());
    icalproperty_set_x_name(p, name);
    return p;
}

// An X- property holding a token such as BUSY or TRUE (no escaping needed, no VALUE=).
icalproperty* x_token(const char* name, const char* token) {
    icalproperty* p = icalproperty_new_x(token);
    icalproperty_set_x_name(p, name);
    return p;
}

std::string cal_address(const std::string& email) {
    // RFC 5545 3.3.3 CAL-ADDRESS is a URI; attendees without an address get Thunderbird's
    // "invalid:nomail" convention so the name is not lost.
    return email.empty() ? "invalid:nomail" : "mailto:" + email;
}

// MS-OXCICAL 2.1.3.1.1.20.2: ATTENDEE with CN, ROLE (2.1.3.1.1.20.2.4), CUTYPE for
// resources (2.1.3.1.1.20.2.1), PARTSTAT from PidTagRecipientTrackStatus (2.1.3.1.1.20.2.3).
icalproperty* attendee_property(const Person& p) {
    icalproperty* prop = icalproperty_new_attendee(cal_address(p.email).c_str());
    if (!p.name.empty()) icalproperty_add_parameter(prop, icalparameter_new_cn(p.name.c_str()));
    icalparameter_role role = p.recipient_type == 2   ? ICAL_ROLE_OPTPARTICIPANT
                              : p.recipient_type == 3 ? ICAL_ROLE_NONPARTICIPANT
                                                      : ICAL_ROLE_REQPARTICIPANT;
    icalproperty_add_parameter(prop, icalparameter_new_role(role));
    if (p.recipient_type == 3) icalproperty_add_parameter(prop, icalparameter_new_cutype(ICAL_CUTYPE_RESOURCE));
    icalparameter_partstat ps = p.track_status == 2   ? ICAL_PARTSTAT_TENTATIVE
                                : p.track_status == 3 ? ICAL_PARTSTAT_ACCEPTED
                                : p.track_status == 4 ? ICAL_PARTSTAT_DECLINED
                                                      : ICAL_PARTSTAT_NEEDSACTION;
    icalproperty_add_parameter(prop, icalparameter_new_partstat(ps));
    return prop;
}

icalproperty* attach_property(const FileAttachment& f) {
    // RFC 5545 3.8.1.1: inline binary with ENCODING=BASE64 and VALUE=BINARY.
    std::string encoded = base64(f.data);
    char* buffer = icalmemory_strdup(encoded.c_str());
    icalattach* attach = icalattach_new_from_data(buffer, [](char* d, void*) { icalmemory_free_buffer(d); }, nullptr);
    icalproperty* p = icalproperty_new_attach(attach);
    icalattach_unref(attach);
    icalproperty_add_parameter(p, icalparameter_new_encoding(ICAL_ENCODING_BASE64));
    icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_BINARY));
    icalproperty_add_parameter(p, icalparameter_new_fmttype(f.mime_type.c_str()));
    icalparameter* name = icalparameter_new_x(f.file_name.c_str());
    icalparameter_set_xname(name, "X-FILENAME");
    icalproperty_add_parameter(p, name);
    return p;
}

icalcomponent* alarm_component(const Reminder& r) {
    // MS-OXCICAL 2.1.3.1.1.20.4 (VALARM): a display alarm PidLidReminderDelta minutes before the start.
    icalcomponent* alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
    icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icalcomponent_add_property(alarm, icalproperty_new_description("Reminder"));
    icaltriggertype trigger{};
    trigger.time = icaltime_null_time();
    trigger.duration = icaldurationtype_from_int(-60 * r.minutes_before);
    icalproperty* t = icalproperty_new_trigger(trigger);
    icalproperty_add_parameter(t, icalparameter_new_related(ICAL_RELATED_START));
    icalcomponent_add_property(alarm, t);
    return alarm;
}

// Properties every VEVENT of the object carries identically (RFC 5545 3.8.4.4 overrides are
// complete components).
void add_shared(icalcomponent* ev, const Appointment& a) {
    icalcomponent_add_property(ev, icalproperty_new_uid(a.uid.c_str()));
    std::int64_t stamp = a.last_modified_utc.value_or(a.created_utc.value_or(a.start_utc));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(stamp)));
    if (a.created_utc) icalcomponent_add_property(ev, icalproperty_new_created(utc_time(*a.created_utc)));
    if (a.last_modified_utc) icalcomponent_add_property(ev, icalproperty_new_lastmodified(utc_time(*a.last_modified_utc)));
    if (a.sequence) icalcomponent_add_property(ev, icalproperty_new_sequence(*a.sequence));
    // ORGANIZER only on meetings (MS-OXCICAL 2.1.3.1.1.20.31): a lone ORGANIZER would make
    // CalDAV servers treat a private appointment as a scheduling object (RFC 6638 3.1).
    if (a.organizer && (a.is_meeting || !a.attendees.empty())) {
        icalproperty* org = icalproperty_new_organizer(cal_address(a.organizer->email).c_str());
        if (!a.organizer->name.empty()) icalproperty_add_parameter(org, icalparameter_new_cn(a.organizer->name.c_str()));
        icalcomponent_add_property(ev, org);
    }
    // MS-OXCICAL 2.1.3.1.1.20.5 CLASS from PidTagSensitivity.
    switch (a.sensitivity) {
        case 1: icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_X)); break;
        case 2: icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_PRIVATE)); break;
        case 3: icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_CONFIDENTIAL)); break;
        default: icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_PUBLIC)); break;
    }
    if (a.sensitivity == 1) {  // "Personal" has no RFC 5545 class: X-PERSONAL (MS-OXCICAL 2.1.3.1.1.20.5)
        icalproperty* c = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY);
        icalcomponent_remove_property(ev, c);
        icalproperty_free(c);
        icalcomponent_add_property(ev, icalproperty_new_from_string("CLASS:X-PERSONAL"));
    }
    // MS-OXCICAL 2.1.3.1.1.20.20 PRIORITY from PidTagImportance.
    icalcomponent_add_property(ev, icalproperty_new_priority(a.importance == 2 ? 1 : a.importance == 0 ? 9 : 5));
    for (const std::string& c : a.categories) icalcomponent_add_property(ev, icalproperty_new_categories(c.c_str()));
    if (a.intended_busy)
        icalcomponent_add_property(ev, x_token("X-MICROSOFT-CDO-INTENDEDSTATUS", busy_name(*a.intended_busy)));
}

icalcomponent* build_event(const Appointment& a, const EventFields& f, const TimeZone* start_zone,
                           const TimeZone* end_zone) {
    icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    add_shared(ev, a);
    icalcomponent_add_property(ev, icalproperty_new_summary(f.subject.c_str()));
    if (f.canceled) icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CANCELLED));
    if (!f.location.empty()) icalcomponent_add_property(ev, icalproperty_new_location(f.location.c_str()));
    if (!f.body.text.empty()) icalcomponent_add_property(ev, icalproperty_new_description(f.body.text.c_str()));
    if (f.body.html) {
        icalproperty* alt = x_text("X-ALT-DESC", *f.body.html);
        icalproperty_add_parameter(alt, icalparameter_new_fmttype("text/html"));
        icalcomponent_add_property(ev, alt);
    }

    // DTSTART/DTEND, MS-OXCICAL 2.1.3.1.1.20.8 and .20.11; all-day events as DATE values.
    CivilDateTime end_local = f.end_local;
    if (f.all_day && unix_from_civil(end_local) <= unix_from_civil(f.start_local)) end_local = add_days(f.start_local, 1);
    icalcomponent_add_property(ev, with_time(icalproperty_new(ICAL_DTSTART_PROPERTY), f.start_local, start_zone,
                                             f.all_day, icalproperty_set_dtstart));
    icalcomponent_add_property(ev, with_time(icalproperty_new(ICAL_DTEND_PROPERTY), end_local, end_zone, f.all_day,
                                             icalproperty_set_dtend));

    // TRANSP and X-MICROSOFT-CDO-BUSYSTATUS from PidLidBusyStatus (MS-OXCICAL 2.1.3.1.1.20.27, .20.33).
    icalcomponent_add_property(ev, icalproperty_new_transp(f.busy == BusyStatus::Free ? ICAL_TRANSP_TRANSPARENT
                                                                                      : ICAL_TRANSP_OPAQUE));
    icalcomponent_add_property(ev, x_token("X-MICROSOFT-CDO-BUSYSTATUS", busy_name(f.busy)));
    icalcomponent_add_property(ev, x_token("X-MICROSOFT-CDO-ALLDAYEVENT", f.all_day ? "TRUE" : "FALSE"));

    for (const Person& p : f.attendees) icalcomponent_add_property(ev, attendee_property(p));
    if (f.attachments)
        for (const FileAttachment& file : *f.attachments) icalcomponent_add_property(ev, attach_property(file));
    if (f.reminder.set) icalcomponent_add_component(ev, alarm_component(f.reminder));
    return ev;
}

// RRULE UNTIL (RFC 5545 3.3.10): a DATE for all-day series, else the UTC instant of the last
// occurrence's start (its local start in the series' zone: EndDate + StartTimeOffset).
std::string until_value(const RRule& rule, const Appointment& a, const TimeZone* zone) {
    if (!rule.until_local) return {};
    CivilDateTime last = *rule.until_local;
    if (a.all_day) return std::to_string(last.year) + two(last.month) + two(last.day);
    last.hour = static_cast<int>(a.recurrence->start_time_offset / 60);
    last.minute = static_cast<int>(a.recurrence->start_time_offset % 60);
    last.second = 0;
    std::int64_t utc = zone ? zone->to_unix(last) : unix_from_civil(last);
    return utc_stamp(utc);
}

}  // namespace

void ZoneUse::widen(const ZoneUse& other) {
    from_year = std::min(from_year, other.from_year);
    to_year = std::max(to_year, other.to_year);
}

CalendarObject appointment_to_ical(const Appointment& a, Diagnostics& diag) {
    CalendarObject obj;
    obj.uid = a.uid;
    obj.last_modified_utc = a.last_modified_utc.value_or(a.created_utc.value_or(0));
    const TimeZone* start_zone = a.start_zone.get();
    const TimeZone* end_zone = a.end_zone.get();

    EventFields master;
    master.subject = a.subject;
    master.location = a.location;
    master.body = a.body;
    master.all_day = a.all_day;
    master.canceled = a.canceled;
    master.start_local = to_zone_local(a.start_utc, start_zone);
    master.end_local = to_zone_local(a.end_utc, end_zone);
    if (a.all_day && (master.start_local.hour || master.start_local.minute))
        diag.warn("all-day event does not start at local midnight (" + std::to_string(master.start_local.hour) + ":" +
                  two(master.start_local.minute) + "); exported on that date");
    master.busy = a.busy;
    master.reminder = a.reminder;
    master.attendees = a.attendees;
    master.attachments = &a.attachments;

    icalcomponent* ev = build_event(a, master, start_zone, end_zone);
    int last_year = master.end_local.year;

    // MS-OXCICAL 2.1.3.1.1.20.21 RRULE from the AppointmentRecurrencePattern. Without a rule
    // libical accepts, the series is exported as its first occurrence (with a warning) and
    // its EXDATEs and overrides are dropped: they would refer to occurrences that do not exist.
    bool recurring = false;
    if (a.recurrence) {
        try {
            RRule rule = rrule_from_pattern(a.recurrence->pattern, diag);
            std::string text = rule.to_string(until_value(rule, a, start_zone));
            icalrecurrencetype recur = icalrecurrencetype_from_string(text.c_str());
            if (recur.freq == ICAL_NO_RECURRENCE) {
                icalerror_clear_errno();
                diag.warn("RRULE \"" + text + "\" was rejected by libical; exported as a single occurrence");
            } else {
                icalcomponent_add_property(ev, icalproperty_new_rrule(recur));
                if (rule.until_local) last_year = std::max(last_year, rule.until_local->year);
                recurring = true;
            }
        } catch (const RecurrenceError& e) {
            diag.warn(std::string("PidLidAppointmentRecur: ") + e.what() + "; exported as a single occurrence");
        }
    }
    if (recurring) {
        // EXDATE for deleted occurrences (MS-OXCICAL 2.1.3.1.1.20.14), at their original start.
        for (const CivilDateTime& d : a.deleted_occurrences)
            icalcomponent_add_property(ev, with_time(icalproperty_new(ICAL_EXDATE_PROPERTY), d, start_zone, a.all_day,
                                                     icalproperty_set_exdate));
    }
    obj.events.emplace_back(ev);

    // Modified occurrences: complete VEVENTs with RECURRENCE-ID (MS-OXCICAL 2.1.3.1.1.20.19, 2.1.3.2.2).
    for (const OccurrenceOverride& o : a.overrides) {
        if (!recurring) break;
        EventFields f = master;
        f.start_local = o.start_local;
        f.end_local = o.end_local;
        if (o.subject) f.subject = *o.subject;
        if (o.location) f.location = *o.location;
        if (o.busy) f.busy = *o.busy;
        if (o.reminder) f.reminder = *o.reminder;
        if (o.all_day) f.all_day = *o.all_day;
        if (o.canceled) f.canceled = *o.canceled;
        if (o.body) f.body = *o.body;
        if (o.attendees) f.attendees = *o.attendees;
        f.attachments = o.attachments.empty() ? &a.attachments : &o.attachments;
        icalcomponent* ov = build_event(a, f, start_zone, start_zone);
        icalcomponent_add_property(ov, with_time(icalproperty_new(ICAL_RECURRENCEID_PROPERTY), o.original_start_local,
                                                 start_zone, a.all_day, icalproperty_set_recurrenceid));
        last_year = std::max(last_year, o.end_local.year);
        obj.events.emplace_back(ov);
    }

    // VTIMEZONEs for the zones that timed components reference (all-day ones use DATEs).
    bool any_timed = !a.all_day;
    for (const OccurrenceOverride& o : a.overrides) any_timed = any_timed || (o.all_day && !*o.all_day);
    int first_year = master.start_local.year;
    for (const TimeZone* z : {start_zone, end_zone}) {
        if (!z || z->is_utc() || !any_timed) continue;
        ZoneUse use{z == start_zone ? a.start_zone : a.end_zone, first_year, last_year};
        auto [it, inserted] = obj.zones.emplace(z->tzid(), use);
        if (!inserted) it->second.widen(use);
    }
    return obj;
}

std::vector<ical::ComponentPtr> vtimezones(const std::map<std::string, ZoneUse>& zones) {
    std::vector<ical::ComponentPtr> out;
    for (const auto& [tzid, use] : zones) out.push_back(use.zone->to_vtimezone(use.from_year, use.to_year));
    return out;
}

ical::ComponentPtr to_vcalendar(CalendarObject&& object) {
    ical::ComponentPtr cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    icalcomponent_add_property(cal.get(), icalproperty_new_prodid(kProdId));
    icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
    for (auto& tz : vtimezones(object.zones)) icalcomponent_add_component(cal.get(), tz.release());
    for (auto& ev : object.events) icalcomponent_add_component(cal.get(), ev.release());
    return cal;
}

}  // namespace calbridge::mapi
