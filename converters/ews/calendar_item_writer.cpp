#include "converters/ews/calendar_item_writer.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <pugixml.hpp>

#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"
#include "converters/ews/recurrence_to_ews.h"
#include "converters/ews/windows_zone_of_tzid.h"
#include "converters/ical/ical_ptr.h"
#include "converters/mapi/timezone/time_zone.h"

namespace calbridge::ews {

namespace {

using mapi::CivilDateTime;

struct Attendee {
    std::string name, email;
    const char* list = "RequiredAttendees";
    const char* response = "Unknown";
};

// What one VEVENT says, in EWS terms.
struct Fields {
    std::string subject;
    std::optional<std::string> body;  // text or HTML
    bool body_html = false;
    std::optional<std::string> location;
    std::vector<std::string> categories;
    int sensitivity = 0, importance = 1;
    mapi::BusyStatus busy = mapi::BusyStatus::Busy;
    std::optional<mapi::BusyStatus> intended_busy;  // X-MICROSOFT-CDO-INTENDEDSTATUS
    bool reminder_set = false;
    int reminder_minutes = 15;
    std::string uid;
    std::int64_t start = 0, end = 0;
    bool all_day = false;
    std::string start_zone = "UTC", end_zone = "UTC";
    std::vector<Attendee> attendees;
    std::optional<EwsRecurrence> recurrence;
};

// ---- reading the VEVENT --------------------------------------------------------------------

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::optional<std::string> text_property(icalcomponent* ev, icalproperty_kind kind) {
    icalproperty* p = icalcomponent_get_first_property(ev, kind);
    if (!p) return std::nullopt;
    const char* v = icalproperty_get_value_as_string(p);
    // icalproperty_get_value_as_string escapes TEXT; the typed getters below do not.
    switch (kind) {
        case ICAL_SUMMARY_PROPERTY: v = icalproperty_get_summary(p); break;
        case ICAL_DESCRIPTION_PROPERTY: v = icalproperty_get_description(p); break;
        case ICAL_LOCATION_PROPERTY: v = icalproperty_get_location(p); break;
        default: break;
    }
    return std::string(v ? v : "");
}

icalproperty* x_property(icalcomponent* ev, std::string_view name) {
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_X_PROPERTY))
        if (const char* n = icalproperty_get_x_name(p); n && std::string_view(n) == name) return p;
    return nullptr;
}

std::string x_value(icalproperty* p) {
    const char* v = icalproperty_get_x(p);
    return v ? v : "";
}

std::string parameter(icalproperty* p, icalparameter_kind kind) {
    icalparameter* param = icalproperty_get_first_parameter(p, kind);
    if (!param) return {};
    // "NAME=value" as libical writes it; the value, unquoted (RFC 5545 3.2: DQUOTE-d when it
    // holds ':' ';' or ',').
    const char* text = icalparameter_as_ical_string(param);
    std::string v = text ? text : "";
    v = v.substr(v.find('=') == std::string::npos ? 0 : v.find('=') + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
}

// Time conversions share the zones built for the event's year.
struct Clock {
    icalcomponent* vcalendar = nullptr;
    const WriteOptions* options = nullptr;
    mapi::Diagnostics* diag = nullptr;

    mutable std::map<int, std::shared_ptr<const mapi::TimeZone>> zones;  // by year

    std::shared_ptr<const mapi::TimeZone> all_day_zone(int year) const {
        auto [it, inserted] = zones.emplace(year, nullptr);
        if (inserted) {
            if (auto tz = mapi::TimeZone::from_windows_id(options->all_day_time_zone, year))
                it->second = std::make_shared<const mapi::TimeZone>(std::move(*tz));
            else
                diag->warn("all-day zone \"" + options->all_day_time_zone + "\" is no Windows zone; used UTC");
        }
        return it->second;
    }

    // A DATE-TIME / DATE value -> UTC instant; DATE = midnight of the all-day zone.
    std::int64_t to_unix(const icaltimetype& t) const {
        if (t.is_date) {
            const CivilDateTime day{t.year, t.month, t.day, 0, 0, 0};
            auto zone = all_day_zone(t.year);
            return zone ? zone->to_unix(day) : mapi::unix_from_civil(day);
        }
        if (t.zone && !icaltime_is_utc(t)) return icaltime_as_timet_with_zone(t, t.zone);
        return icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());  // UTC or floating
    }

    // The Windows zone of a DTSTART/DTEND property.
    std::string windows_zone(icalproperty* p, const icaltimetype& t, const char* what) const {
        if (t.is_date) return options->all_day_time_zone;
        const std::string tzid = parameter(p, ICAL_TZID_PARAMETER);
        if (tzid.empty()) {
            if (!icaltime_is_utc(t)) diag->warn(std::string(what) + " is a floating time; written as UTC");
            return "UTC";
        }
        if (auto w = windows_zone_of_tzid(tzid, vcalendar, t.year)) return *w;
        diag->warn(std::string(what) + ": TZID \"" + tzid + "\" matches no Windows time zone; written in UTC");
        return "UTC";
    }
};

Attendee attendee_of(icalproperty* p) {
    Attendee a;
    std::string address = icalproperty_get_attendee(p) ? icalproperty_get_attendee(p) : "";
    if (lower(address.substr(0, 7)) == "mailto:") a.email = address.substr(7);
    else if (address.find(':') == std::string::npos && address.find('@') != std::string::npos) a.email = address;
    a.name = parameter(p, ICAL_CN_PARAMETER);
    const std::string role = parameter(p, ICAL_ROLE_PARAMETER);
    const std::string cutype = parameter(p, ICAL_CUTYPE_PARAMETER);
    if (cutype == "RESOURCE" || cutype == "ROOM") a.list = "Resources";
    else if (role == "OPT-PARTICIPANT" || role == "NON-PARTICIPANT") a.list = "OptionalAttendees";
    const std::string partstat = parameter(p, ICAL_PARTSTAT_PARAMETER);
    if (partstat == "ACCEPTED") a.response = "Accept";
    else if (partstat == "DECLINED") a.response = "Decline";
    else if (partstat == "TENTATIVE") a.response = "Tentative";
    else if (partstat == "NEEDS-ACTION") a.response = "NoResponseReceived";
    return a;
}

// X-MICROSOFT-CDO-BUSYSTATUS / -INTENDEDSTATUS values (MS-OXCICAL 2.1.3.1.1.20.33).
mapi::BusyStatus busy_of_cdo(const std::string& v) {
    return v == "FREE"               ? mapi::BusyStatus::Free
           : v == "TENTATIVE"        ? mapi::BusyStatus::Tentative
           : v == "OOF"              ? mapi::BusyStatus::OutOfOffice
           : v == "WORKINGELSEWHERE" ? mapi::BusyStatus::WorkingElsewhere
                                     : mapi::BusyStatus::Busy;
}

// MS-OXCICAL 2.1.3.2.2 (VALARM import): a reminder before the start.
void read_alarm(icalcomponent* ev, Fields& f, mapi::Diagnostics& diag) {
    icalcomponent* alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
    if (!alarm) return;
    icalproperty* trigger = icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY);
    if (!trigger) return;
    const icaltriggertype t = icalproperty_get_trigger(trigger);
    std::int64_t before = 0;
    if (!icaltime_is_null_time(t.time)) {
        before = f.start - icaltime_as_timet_with_zone(t.time, icaltimezone_get_utc_timezone());
    } else {
        before = -static_cast<std::int64_t>(icaldurationtype_as_int(t.duration));
        if (parameter(trigger, ICAL_RELATED_PARAMETER) == "END") before -= f.end - f.start;
    }
    if (before < 0) {
        diag.warn("VALARM fires after the start; EWS reminders come before it: used 0 minutes");
        before = 0;
    }
    f.reminder_set = true;
    f.reminder_minutes = static_cast<int>(before / 60);
}

Fields read_fields(icalcomponent* ev, const Clock& clock, mapi::Diagnostics& diag) {
    Fields f;
    f.subject = text_property(ev, ICAL_SUMMARY_PROPERTY).value_or("");
    if (icalproperty* alt = x_property(ev, "X-ALT-DESC"); alt && lower(parameter(alt, ICAL_FMTTYPE_PARAMETER)) == "text/html") {
        f.body = x_value(alt);
        f.body_html = true;
    } else if (auto d = text_property(ev, ICAL_DESCRIPTION_PROPERTY)) {
        f.body = *d;
    }
    f.location = text_property(ev, ICAL_LOCATION_PROPERTY);
    if (f.location && f.location->empty()) f.location.reset();
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY))
        if (const char* c = icalproperty_get_categories(p); c && *c) f.categories.push_back(c);

    if (icalproperty* c = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY)) {
        const std::string v = icalproperty_get_value_as_string(c) ? icalproperty_get_value_as_string(c) : "";
        f.sensitivity = v == "PRIVATE" ? 2 : v == "CONFIDENTIAL" ? 3 : v == "X-PERSONAL" ? 1 : 0;
    }
    if (icalproperty* imp = x_property(ev, "X-MICROSOFT-CDO-IMPORTANCE")) {
        const std::string v = x_value(imp);
        f.importance = v == "0" ? 0 : v == "2" ? 2 : 1;
    } else if (icalproperty* pr = icalcomponent_get_first_property(ev, ICAL_PRIORITY_PROPERTY)) {
        const int p = icalproperty_get_priority(pr);  // RFC 5545 3.8.1.9; MS-OXCICAL 2.1.3.1.1.20.20
        f.importance = p >= 1 && p <= 4 ? 2 : p >= 6 && p <= 9 ? 0 : 1;
    }
    if (icalproperty* b = x_property(ev, "X-MICROSOFT-CDO-BUSYSTATUS")) {
        f.busy = busy_of_cdo(x_value(b));
    } else if (icalproperty* t = icalcomponent_get_first_property(ev, ICAL_TRANSP_PROPERTY)) {
        f.busy = icalproperty_get_transp(t) == ICAL_TRANSP_TRANSPARENT ? mapi::BusyStatus::Free : mapi::BusyStatus::Busy;
    }
    if (icalproperty* i = x_property(ev, "X-MICROSOFT-CDO-INTENDEDSTATUS")) f.intended_busy = busy_of_cdo(x_value(i));
    if (icalproperty* u = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY)) f.uid = icalproperty_get_uid(u);

    icalproperty* dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!dtstart) throw IcalendarError("VEVENT " + f.uid + " has no DTSTART");
    const icaltimetype start = icalproperty_get_datetime_with_component(dtstart, ev);
    f.all_day = start.is_date;
    f.start = clock.to_unix(start);
    f.start_zone = clock.windows_zone(dtstart, start, "DTSTART");
    f.end_zone = f.start_zone;
    if (icalproperty* dtend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) {
        const icaltimetype end = icalproperty_get_datetime_with_component(dtend, ev);
        f.end = clock.to_unix(end);
        f.end_zone = clock.windows_zone(dtend, end, "DTEND");
    } else if (icalproperty* dur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
        f.end = f.start + icaldurationtype_as_int(icalproperty_get_duration(dur));
    } else {
        f.end = f.start + (f.all_day ? 86400 : 0);  // RFC 5545 3.6.1
    }
    if (f.end < f.start) {
        diag.warn("DTEND is before DTSTART; used DTSTART");
        f.end = f.start;
    }
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY))
        f.attendees.push_back(attendee_of(p));
    read_alarm(ev, f, diag);
    return f;
}

// ---- writing fields ------------------------------------------------------------------------

pugi::xml_node text_child(pugi::xml_node parent, const char* name, const std::string& value) {
    pugi::xml_node n = parent.append_child(name);
    n.text().set(value.c_str());
    return n;
}

bool append_attendees(pugi::xml_node ci, const Fields& f, const char* list) {
    pugi::xml_node node;
    for (const Attendee& a : f.attendees) {
        if (std::string_view(a.list) != list) continue;
        if (!node) node = ci.append_child((std::string("t:") + list).c_str());
        pugi::xml_node att = node.append_child("t:Attendee");
        pugi::xml_node mb = att.append_child("t:Mailbox");
        if (!a.name.empty()) text_child(mb, "t:Name", a.name);
        if (!a.email.empty()) {
            text_child(mb, "t:EmailAddress", a.email);
            text_child(mb, "t:RoutingType", "SMTP");
        }
        text_child(att, "t:ResponseType", a.response);
    }
    return bool(node);
}

enum Scope : unsigned { kCreate = 1, kUpdate = 2, kOccurrence = 4 };

constexpr const char* kIntendedBusyStatus = "Appointment:33316:Integer";

// One writable field: its FieldURI, where it applies, whether it may be deleted, and how it
// is written (false = absent). The table is in types.xsd sequence order.
struct FieldWriter {
    const char* uri;  // FieldURI, or for an extended property "PropertySet:PropertyId:PropertyType"
    unsigned scope;
    bool clearable;
    std::function<bool(pugi::xml_node, const Fields&)> write;
    bool extended = false;  // the path is an ExtendedFieldURI
};

// <t:ExtendedFieldURI> for "Appointment:33316:Integer".
void append_extended_uri(pugi::xml_node parent, std::string_view spec) {
    const auto a = spec.find(':'), b = spec.rfind(':');
    pugi::xml_node uri = parent.append_child("t:ExtendedFieldURI");
    uri.append_attribute("DistinguishedPropertySetId").set_value(std::string(spec.substr(0, a)).c_str());
    uri.append_attribute("PropertyId").set_value(std::string(spec.substr(a + 1, b - a - 1)).c_str());
    uri.append_attribute("PropertyType").set_value(std::string(spec.substr(b + 1)).c_str());
}

void append_path(pugi::xml_node parent, const FieldWriter& w) {
    if (w.extended) append_extended_uri(parent, w.uri);
    else parent.append_child("t:FieldURI").append_attribute("FieldURI").set_value(w.uri);
}

const std::vector<FieldWriter>& field_writers() {
    static const std::vector<FieldWriter> writers = {
        {"item:Subject", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:Subject", f.subject), true; }},
        {"item:Sensitivity", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:Sensitivity", sensitivity_text(f.sensitivity)), true; }},
        {"item:Body", kCreate | kUpdate | kOccurrence, true,
         [](pugi::xml_node ci, const Fields& f) {
             if (!f.body) return false;
             text_child(ci, "t:Body", *f.body).append_attribute("BodyType").set_value(f.body_html ? "HTML" : "Text");
             return true;
         }},
        {"item:Categories", kCreate | kUpdate, true,
         [](pugi::xml_node ci, const Fields& f) {
             if (f.categories.empty()) return false;
             pugi::xml_node c = ci.append_child("t:Categories");
             for (const auto& s : f.categories) text_child(c, "t:String", s);
             return true;
         }},
        {"item:Importance", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:Importance", importance_text(f.importance)), true; }},
        {"item:ReminderIsSet", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:ReminderIsSet", f.reminder_set ? "true" : "false"), true; }},
        {"item:ReminderMinutesBeforeStart", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) {
             if (!f.reminder_set) return false;
             text_child(ci, "t:ReminderMinutesBeforeStart", std::to_string(f.reminder_minutes));
             return true;
         }},
        // PidLidIntendedBusyStatus (MS-OXOCAL 2.2.1.3, {PSETID_Appointment}/0x8224 = 33316),
        // which EWS exposes on meeting messages only: an extended property here.
        {kIntendedBusyStatus, kCreate | kUpdate, true,
         [](pugi::xml_node ci, const Fields& f) {
             if (!f.intended_busy) return false;
             pugi::xml_node ext = ci.append_child("t:ExtendedProperty");
             append_extended_uri(ext, kIntendedBusyStatus);
             text_child(ext, "t:Value", std::to_string(static_cast<int>(*f.intended_busy)));
             return true;
         },
         true},
        {"calendar:UID", kCreate, false,
         [](pugi::xml_node ci, const Fields& f) {
             if (f.uid.empty()) return false;
             text_child(ci, "t:UID", f.uid);
             return true;
         }},
        {"calendar:Start", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:Start", format_date_time(f.start)), true; }},
        {"calendar:End", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:End", format_date_time(f.end)), true; }},
        {"calendar:IsAllDayEvent", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:IsAllDayEvent", f.all_day ? "true" : "false"), true; }},
        {"calendar:LegacyFreeBusyStatus", kCreate | kUpdate | kOccurrence, false,
         [](pugi::xml_node ci, const Fields& f) { return text_child(ci, "t:LegacyFreeBusyStatus", busy_text(f.busy)), true; }},
        {"calendar:Location", kCreate | kUpdate | kOccurrence, true,
         [](pugi::xml_node ci, const Fields& f) {
             if (!f.location) return false;
             text_child(ci, "t:Location", *f.location);
             return true;
         }},
        {"calendar:RequiredAttendees", kCreate | kUpdate | kOccurrence, true,
         [](pugi::xml_node ci, const Fields& f) { return append_attendees(ci, f, "RequiredAttendees"); }},
        {"calendar:OptionalAttendees", kCreate | kUpdate | kOccurrence, true,
         [](pugi::xml_node ci, const Fields& f) { return append_attendees(ci, f, "OptionalAttendees"); }},
        {"calendar:Resources", kCreate | kUpdate | kOccurrence, true,
         [](pugi::xml_node ci, const Fields& f) { return append_attendees(ci, f, "Resources"); }},
        {"calendar:Recurrence", kCreate | kUpdate, true,
         [](pugi::xml_node ci, const Fields& f) {
             if (!f.recurrence) return false;
             append_recurrence(ci, *f.recurrence);
             return true;
         }},
        {"calendar:StartTimeZone", kCreate | kUpdate, false,
         [](pugi::xml_node ci, const Fields& f) {
             ci.append_child("t:StartTimeZone").append_attribute("Id").set_value(f.start_zone.c_str());
             return true;
         }},
        {"calendar:EndTimeZone", kCreate | kUpdate, false,
         [](pugi::xml_node ci, const Fields& f) {
             ci.append_child("t:EndTimeZone").append_attribute("Id").set_value(f.end_zone.c_str());
             return true;
         }},
    };
    return writers;
}

std::string serialize(const pugi::xml_node& node) {
    std::ostringstream out;
    node.print(out, "", pugi::format_raw);
    return out.str();
}

pugi::xml_node typed_root(pugi::xml_document& doc, const char* name) {
    pugi::xml_node n = doc.append_child(name);
    n.append_attribute("xmlns:t").set_value(kTypesNs);
    return n;
}

// The field's element alone, as text ("" when absent): compares a field across components.
std::string field_text(const FieldWriter& w, const Fields& f) {
    pugi::xml_document doc;
    pugi::xml_node ci = doc.append_child("t:CalendarItem");
    if (!w.write(ci, f)) return {};
    return serialize(ci);
}

ItemFieldUpdate field_update(const FieldWriter& w, const Fields& f) {
    pugi::xml_document doc;
    ItemFieldUpdate u;
    u.field_uri = w.uri;
    pugi::xml_node set = typed_root(doc, "t:SetItemField");
    append_path(set, w);
    pugi::xml_node ci = set.append_child("t:CalendarItem");
    if (w.write(ci, f)) {
        u.xml = serialize(set);
        return u;
    }
    pugi::xml_document del_doc;
    pugi::xml_node del = typed_root(del_doc, "t:DeleteItemField");
    append_path(del, w);
    u.remove = true;
    u.xml = serialize(del);
    return u;
}

// Inline ATTACHes of a component -> FileAttachments (RFC 5545 3.8.1.1; MS-OXCICAL 2.1.3.1.1.20.1).
std::vector<EwsFileAttachment> attachments_of(icalcomponent* ev, mapi::Diagnostics& diag) {
    std::vector<EwsFileAttachment> out;
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_ATTACH_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_ATTACH_PROPERTY)) {
        icalattach* attach = icalproperty_get_attach(p);
        if (!attach || icalattach_get_is_url(attach)) {
            diag.warn("ATTACH by URI is not written (EWS attachments carry their content)");
            continue;
        }
        EwsFileAttachment a;
        const char* data = reinterpret_cast<const char*>(icalattach_get_data(attach));
        for (const char* c = data; c && *c; ++c)
            if (!std::isspace(static_cast<unsigned char>(*c))) a.content_base64 += *c;
        for (icalparameter* q = icalproperty_get_first_parameter(p, ICAL_X_PARAMETER); q;
             q = icalproperty_get_next_parameter(p, ICAL_X_PARAMETER)) {
            const char* name = icalparameter_get_xname(q);
            if (name && (std::string_view(name) == "X-FILENAME" || std::string_view(name) == "FILENAME"))
                a.name = icalparameter_get_xvalue(q) ? icalparameter_get_xvalue(q) : "";
        }
        if (a.name.empty()) a.name = "attachment";
        a.content_type = parameter(p, ICAL_FMTTYPE_PARAMETER);
        if (a.content_type.empty()) a.content_type = "application/octet-stream";
        pugi::xml_document doc;
        pugi::xml_node file = typed_root(doc, "t:FileAttachment");
        text_child(file, "t:Name", a.name);
        text_child(file, "t:ContentType", a.content_type);
        text_child(file, "t:Content", a.content_base64);
        a.xml = serialize(file);
        out.push_back(std::move(a));
    }
    return out;
}

// ---- recurrence ----------------------------------------------------------------------------

struct Series {
    icalrecurrencetype rule{};
    icaltimetype dtstart{};
    bool all_day = false;
};

// 1-based index of each occurrence start (UTC) in the rule's expansion, 0 for a start that is
// no occurrence: one pass over the expansion for all of them, stopping after the last one (and
// after kMaxInstances occurrences, so a hostile object cannot make it run for ever).
constexpr int kMaxInstances = 100000;

std::map<std::int64_t, int> instance_indexes(const Series& s, const std::vector<std::int64_t>& starts, const Clock& clock) {
    std::map<std::int64_t, int> out;
    for (std::int64_t t : starts) out[t] = 0;
    if (out.empty()) return out;
    const std::int64_t last = out.rbegin()->first;
    icalrecur_iterator* it = icalrecur_iterator_new(s.rule, s.dtstart);
    if (!it) return out;
    int index = 0;
    for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t) && index < kMaxInstances;
         t = icalrecur_iterator_next(it)) {
        ++index;
        if (!t.is_date && !t.zone) t.zone = s.dtstart.zone;
        const std::int64_t at = clock.to_unix(t);
        if (auto found = out.find(at); found != out.end()) found->second = index;
        if (at >= last) break;
    }
    icalrecur_iterator_free(it);
    return out;
}

}  // namespace

EwsCalendarItem calendar_item_from_ical(std::string_view text, mapi::Diagnostics& diag, const WriteOptions& options) {
    ical::ComponentPtr root = ical::parse_ics(std::string(text));
    if (!root) throw IcalendarError("not an iCalendar object (libical could not parse it)");
    icalcomponent* vcal = root.get();
    icalcomponent* master = nullptr;
    std::vector<icalcomponent*> overrides;
    auto take = [&](icalcomponent* ev) {
        if (icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) overrides.push_back(ev);
        else if (!master) master = ev;
        else diag.warn("a second VEVENT without RECURRENCE-ID; ignored");
    };
    if (icalcomponent_isa(vcal) == ICAL_VEVENT_COMPONENT) {
        take(vcal);
    } else {
        for (icalcomponent* ev = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT); ev;
             ev = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT))
            take(ev);
    }
    if (!master) throw IcalendarError("no VEVENT without RECURRENCE-ID in the iCalendar object");

    Clock clock{vcal, &options, &diag, {}};
    Fields f = read_fields(master, clock, diag);
    EwsCalendarItem out;
    out.uid = f.uid;

    // RRULE (MS-OXCICAL 2.1.3.2.2.1): one rule; RDATE and EXRULE have no EWS form.
    std::optional<Series> series;
    if (icalproperty* rr = icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY)) {
        Series s;
        s.rule = icalproperty_get_rrule(rr);
        s.dtstart = icalproperty_get_datetime_with_component(icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY), master);
        s.all_day = s.dtstart.is_date;
        const CivilDateTime start_local{s.dtstart.year, s.dtstart.month, s.dtstart.day, s.dtstart.hour, s.dtstart.minute, s.dtstart.second};
        std::optional<CivilDateTime> until_local;
        if (!icaltime_is_null_time(s.rule.until)) {
            icaltimetype u = s.rule.until;
            if (!u.is_date && s.dtstart.zone && icaltime_is_utc(u)) u = icaltime_convert_to_zone(u, const_cast<icaltimezone*>(s.dtstart.zone));
            until_local = CivilDateTime{u.year, u.month, u.day, u.hour, u.minute, u.second};
        }
        f.recurrence = recurrence_to_ews(s.rule, start_local, until_local, diag);
        if (f.recurrence) series = s;
        else out.recurrence_dropped = true;
        if (icalcomponent_count_properties(master, ICAL_RRULE_PROPERTY) > 1)
            diag.warn("several RRULEs; only the first is written (EWS items have one pattern)");
    }
    if (icalcomponent_get_first_property(master, ICAL_RDATE_PROPERTY))
        diag.warn("RDATE has no EWS form; the extra dates are not written");
    if (icalproperty* org = icalcomponent_get_first_property(master, ICAL_ORGANIZER_PROPERTY)) {
        const std::string address = icalproperty_get_organizer(org) ? icalproperty_get_organizer(org) : "";
        out.organizer_email = lower(address.substr(0, 7)) == "mailto:" ? address.substr(7) : std::string();
    }
    if (icalcomponent_get_first_property(master, ICAL_ORGANIZER_PROPERTY) && f.attendees.empty())
        diag.warn("ORGANIZER without attendees is not written (Exchange makes the mailbox owner the organizer)");

    out.attachments = attachments_of(master, diag);

    // CreateItem: every present field, in schema order.
    {
        pugi::xml_document doc;
        pugi::xml_node ci = typed_root(doc, "t:CalendarItem");
        for (const FieldWriter& w : field_writers())
            if (w.scope & kCreate) w.write(ci, f);
        out.item_xml = serialize(ci);
    }
    // UpdateItem: a whole replacement.
    for (const FieldWriter& w : field_writers()) {
        if (!(w.scope & kUpdate)) continue;
        ItemFieldUpdate u = field_update(w, f);
        if (!u.remove || w.clearable) out.updates.push_back(std::move(u));
    }

    if (!series) {
        if (!overrides.empty()) diag.warn("RECURRENCE-ID components without a usable RRULE; ignored");
        return out;
    }
    // EXDATE -> deleted occurrences; RECURRENCE-ID -> occurrence updates: Start and End, and
    // every field that differs from the master.
    std::vector<std::int64_t> exdates, originals;
    for (icalproperty* p = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY))
        exdates.push_back(clock.to_unix(icalproperty_get_datetime_with_component(p, master)));
    for (icalcomponent* ev : overrides)
        originals.push_back(clock.to_unix(
            icalproperty_get_datetime_with_component(icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY), ev)));
    std::vector<std::int64_t> all = exdates;
    all.insert(all.end(), originals.begin(), originals.end());
    const std::map<std::int64_t, int> indexes = instance_indexes(*series, all, clock);
    for (std::int64_t at : exdates) {
        const int index = indexes.at(at);
        if (index == 0) diag.warn("EXDATE " + format_date_time(at) + " is no occurrence of the rule; ignored by EWS");
        out.deleted_occurrence_starts_utc.push_back(at);
        out.deleted_instance_indexes.push_back(index);
    }
    for (std::size_t k = 0; k < overrides.size(); ++k) {
        OccurrenceOverride o;
        o.original_start_utc = originals[k];
        o.instance_index = indexes.at(o.original_start_utc);
        if (o.instance_index == 0)
            diag.warn("RECURRENCE-ID " + format_date_time(o.original_start_utc) + " is no occurrence of the rule");
        const Fields of = read_fields(overrides[k], clock, diag);
        for (const FieldWriter& w : field_writers()) {
            if (!(w.scope & kOccurrence)) continue;
            const std::string uri = w.uri;
            const bool times = uri == "calendar:Start" || uri == "calendar:End";
            if (!times && field_text(w, of) == field_text(w, f)) continue;
            ItemFieldUpdate u = field_update(w, of);
            if (!u.remove || w.clearable) o.updates.push_back(std::move(u));
        }
        out.overrides.push_back(std::move(o));
    }
    std::sort(out.overrides.begin(), out.overrides.end(),
              [](const auto& a, const auto& b) { return a.original_start_utc < b.original_start_utc; });
    return out;
}

}  // namespace calbridge::ews
