#include "converters/ews/calendar_item_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"
#include "converters/ews/recurrence_from_ews.h"
#include "converters/ews/time_zone_definition.h"
#include "converters/ical/ical_ptr.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/mapi/appointment/global_object_id.h"
#include "converters/mapi/blob_reader.h"
#include "converters/mapi/body/html_text.h"

namespace calbridge::ews {

namespace {

using mapi::CivilDateTime;
using ZonePtr = std::shared_ptr<const mapi::TimeZone>;

// Zones repeat across the items of a mailbox: built once per (Windows id, year). Thread-safe.
ZonePtr zone_for(const std::string& windows_id, int year) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, int>, ZonePtr> cache;
    std::lock_guard lock(mutex);
    auto key = std::make_pair(windows_id, year);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    ZonePtr zone;
    if (auto tz = mapi::TimeZone::from_windows_id(windows_id, year))
        zone = std::make_shared<const mapi::TimeZone>(std::move(*tz));
    cache.emplace(key, zone);
    return zone;
}

// A full TimeZoneDefinition, built once per distinct definition text. Thread-safe.
ZonePtr zone_from_definition(pugi::xml_node definition, mapi::Diagnostics& diag) {
    std::ostringstream text;
    definition.print(text, "", pugi::format_raw);
    static std::mutex mutex;
    static std::map<std::string, ZonePtr> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(text.str()); it != cache.end()) return it->second;
    ZonePtr zone;
    if (auto tz = time_zone_from_definition(definition, diag)) zone = std::make_shared<const mapi::TimeZone>(std::move(*tz));
    cache.emplace(text.str(), zone);
    return zone;
}

std::optional<std::int64_t> instant(pugi::xml_node parent, const char* local, mapi::Diagnostics& diag) {
    auto text = child_text(parent, local);
    if (!text) return std::nullopt;
    auto t = parse_date_time(*text);
    if (!t) diag.warn(std::string(local) + ": \"" + *text + "\" is not an xs:dateTime; ignored");
    return t;
}

template <typename T, typename Parse>
std::optional<T> enum_value(pugi::xml_node parent, const char* local, Parse parse, mapi::Diagnostics& diag) {
    auto text = child_text(parent, local);
    if (!text) return std::nullopt;
    auto v = parse(*text);
    if (!v) diag.warn(std::string(local) + ": unknown value \"" + *text + "\"; ignored");
    return v;
}

std::optional<bool> flag(pugi::xml_node parent, const char* local, mapi::Diagnostics& diag) {
    return enum_value<bool>(parent, local, parse_bool, diag);
}

std::optional<mapi::Body> body_of(pugi::xml_node item) {
    pugi::xml_node b = child(item, "Body");
    if (!b) return std::nullopt;
    mapi::Body body;
    const std::string text = b.text().get();
    if (std::string_view(b.attribute("BodyType").value()) == "HTML") {
        if (!text.empty()) {
            body.html = text;
            body.text = mapi::html_to_text(text);
        }
    } else {
        body.text = text;
    }
    return body;
}

// EmailAddressType -> Person. An Exchange-internal address (RoutingType EX: a legacy DN) is
// no SMTP address: kept as the name only, with a warning.
mapi::Person person_of(pugi::xml_node mailbox, const char* where, mapi::Diagnostics& diag) {
    mapi::Person p;
    p.name = child_text(mailbox, "Name").value_or("");
    const std::string address = child_text(mailbox, "EmailAddress").value_or("");
    const std::string routing = child_text(mailbox, "RoutingType").value_or("SMTP");
    if (routing == "SMTP" || routing.empty()) {
        p.email = address;
    } else if (!address.empty()) {
        diag.warn(std::string(where) + ": address \"" + address + "\" has RoutingType " + routing +
                  ", not SMTP; kept the name only");
    }
    return p;
}

std::vector<mapi::Person> attendees_of(pugi::xml_node item, mapi::Diagnostics& diag) {
    std::vector<mapi::Person> out;
    const std::pair<const char*, int> lists[] = {{"RequiredAttendees", 1}, {"OptionalAttendees", 2}, {"Resources", 3}};
    for (const auto& [list, type] : lists) {
        for (pugi::xml_node attendee : children(child(item, list), "Attendee")) {
            mapi::Person p = person_of(child(attendee, "Mailbox"), list, diag);
            p.recipient_type = type;
            p.track_status = track_status_from_response(child_text(attendee, "ResponseType").value_or("Unknown"));
            p.flags = 0x1;  // recipSendable
            out.push_back(std::move(p));
        }
    }
    return out;
}

std::optional<mapi::Reminder> reminder_of(pugi::xml_node item, mapi::Diagnostics& diag) {
    auto set = flag(item, "ReminderIsSet", diag);
    auto minutes = child_text(item, "ReminderMinutesBeforeStart");
    if (!set && !minutes) return std::nullopt;
    mapi::Reminder r;
    r.set = set.value_or(false);
    if (minutes) {
        try {
            r.minutes_before = std::stoi(*minutes);
        } catch (const std::exception&) {
            diag.warn("ReminderMinutesBeforeStart: \"" + *minutes + "\" is not a number; used 15");
        }
    }
    return r;
}

// PidLidGlobalObjectId: {PSETID_Meeting}/0x0003, PT_BINARY (MS-OXPROPS 2.142).
std::optional<mapi::Bytes> global_object_id(pugi::xml_node item) {
    for (pugi::xml_node ext : children(item, "ExtendedProperty")) {
        pugi::xml_node uri = child(ext, "ExtendedFieldURI");
        const std::string set = uri.attribute("DistinguishedPropertySetId").value();
        std::string guid = uri.attribute("PropertySetId").value();
        std::transform(guid.begin(), guid.end(), guid.begin(), [](unsigned char c) { return std::toupper(c); });
        const bool meeting = set == "Meeting" || guid == "6ED8DA90-450B-101B-98DA-00AA003F1305";
        if (!meeting || std::string_view(uri.attribute("PropertyId").value()) != "3") continue;
        if (auto bytes = parse_base64(child_text(ext, "Value").value_or(""))) return bytes;
    }
    return std::nullopt;
}

// PidLidIntendedBusyStatus as the writer stores it: {PSETID_Appointment}/0x8224, PT_LONG.
std::optional<mapi::BusyStatus> intended_busy_property(pugi::xml_node item) {
    for (pugi::xml_node ext : children(item, "ExtendedProperty")) {
        pugi::xml_node uri = child(ext, "ExtendedFieldURI");
        const std::string set = uri.attribute("DistinguishedPropertySetId").value();
        std::string guid = uri.attribute("PropertySetId").value();
        std::transform(guid.begin(), guid.end(), guid.begin(), [](unsigned char c) { return std::toupper(c); });
        if (set != "Appointment" && guid != "00062002-0000-0000-C000-000000000046") continue;
        const std::string id = uri.attribute("PropertyId").value();
        if (id != "33316" && id != "0x8224") continue;
        const std::string v = child_text(ext, "Value").value_or("");
        if (v.size() == 1 && v[0] >= '0' && v[0] <= '4') return static_cast<mapi::BusyStatus>(v[0] - '0');
    }
    return std::nullopt;
}

// The zone a Start/End is in: the Exchange 2010+ definition's Id (or the 2013+ *TimeZoneId),
// nullptr when the item names none; `fallback` adds the Exchange 2007 forms
// (MeetingTimeZone/@TimeZoneName, then TimeZone when it holds a Windows id).
ZonePtr zone_of(pugi::xml_node item, const std::string& definition, bool fallback, int year, bool& named,
                mapi::Diagnostics& diag) {
    std::vector<std::string> candidates;
    if (pugi::xml_node z = child(item, definition)) {
        if (child(z, "Periods")) {  // Exchange's own rules, eras included
            named = true;
            if (ZonePtr zone = zone_from_definition(z, diag)) return zone;
        }
        candidates.push_back(z.attribute("Id").value());
    }
    if (auto id = child_text(item, definition + "Id")) candidates.push_back(*id);
    if (fallback) {
        if (pugi::xml_node z = child(item, "MeetingTimeZone")) candidates.push_back(z.attribute("TimeZoneName").value());
        if (auto legacy = child_text(item, "TimeZone")) candidates.push_back(*legacy);
    }
    std::string tried;
    for (const std::string& id : candidates) {
        if (id.empty()) continue;
        named = true;
        if (ZonePtr zone = zone_for(id, year)) return zone;
        tried += (tried.empty() ? "\"" : ", \"") + id + "\"";
    }
    if (!tried.empty()) diag.warn(definition + ": no Windows time zone named " + tried + "; used UTC");
    return nullptr;
}

CivilDateTime local(std::int64_t t, const ZonePtr& zone) {
    return zone ? zone->to_local(t) : mapi::civil_from_unix(t);
}

CivilDateTime midnight(const CivilDateTime& t) { return {t.year, t.month, t.day, 0, 0, 0}; }

// An exception item (CalendarItemType Exception) -> the override of its occurrence. Only what
// differs from the master is set (the optionals mean "overridden").
mapi::OccurrenceOverride override_of(pugi::xml_node item, const mapi::Appointment& master, const ZonePtr& zone,
                                     std::int64_t original_start, mapi::Diagnostics& diag) {
    mapi::OccurrenceOverride o;
    o.original_start_local = local(original_start, zone);
    const std::int64_t start = instant(item, "Start", diag).value_or(original_start);
    const std::int64_t end = instant(item, "End", diag).value_or(start + (master.end_utc - master.start_utc));
    o.start_local = local(start, zone);
    o.end_local = local(end, zone);
    // Exchange leaves empty strings out of a GetItem response: a Subject or Location the
    // exception item lacks was cleared on that occurrence.
    if (auto s = child_text(item, "Subject").value_or(""); s != master.subject) o.subject = s;
    if (auto l = child_text(item, "Location").value_or(""); l != master.location) o.location = l;
    if (auto b = enum_value<mapi::BusyStatus>(item, "LegacyFreeBusyStatus", parse_busy, diag); b && *b != master.busy)
        o.busy = *b;
    if (auto r = reminder_of(item, diag);
        r && (r->set != master.reminder.set || (r->set && r->minutes_before != master.reminder.minutes_before)))
        o.reminder = *r;
    if (auto a = flag(item, "IsAllDayEvent", diag); a && *a != master.all_day) o.all_day = *a;
    if (auto c = flag(item, "IsCancelled", diag); c && *c != master.canceled) o.canceled = *c;
    if (auto b = body_of(item).value_or(mapi::Body{}); b.text != master.body.text || b.html != master.body.html)
        o.body = b;
    if (child(item, "RequiredAttendees") || child(item, "OptionalAttendees") || child(item, "Resources")) {
        auto attendees = attendees_of(item, diag);
        auto same = [](const mapi::Person& a, const mapi::Person& b) {
            return a.name == b.name && a.email == b.email && a.recipient_type == b.recipient_type &&
                   a.track_status == b.track_status;
        };
        if (!std::equal(attendees.begin(), attendees.end(), master.attendees.begin(), master.attendees.end(), same))
            o.attendees = std::move(attendees);
    }
    return o;
}

}  // namespace

mapi::FileAttachment file_attachment_from_ews(pugi::xml_node file) {
    mapi::FileAttachment a;
    a.file_name = child_text(file, "Name").value_or("attachment");
    a.mime_type = child_text(file, "ContentType").value_or("application/octet-stream");
    auto content = child_text(file, "Content");
    if (!content) throw CalendarItemError("FileAttachment \"" + a.file_name + "\" has no Content");
    auto bytes = parse_base64(*content);
    if (!bytes) throw CalendarItemError("FileAttachment \"" + a.file_name + "\": Content is not base64");
    a.data = std::move(*bytes);
    return a;
}

const char* calendar_item_additional_properties() {
    return R"(<t:ExtendedFieldURI DistinguishedPropertySetId="Meeting" PropertyId="3" PropertyType="Binary"/>)"
           R"(<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33316" PropertyType="Integer"/>)";
}

mapi::Appointment appointment_from_calendar_item(pugi::xml_node item, std::span<const pugi::xml_node> exception_items,
                                                 mapi::Diagnostics& diag) {
    if (!is_element(item, kTypesNs, "CalendarItem"))
        throw CalendarItemError("expected a {" + std::string(kTypesNs) + "}CalendarItem element, got <" +
                                std::string(item.name()) + ">");
    mapi::Appointment a;
    if (pugi::xml_node id = child(item, "ItemId")) a.origin = std::string("EWS item ") + id.attribute("Id").value();
    auto start = instant(item, "Start", diag);
    auto end = instant(item, "End", diag);
    if (!start || !end)
        throw CalendarItemError("CalendarItem " + a.origin + " has no valid Start and End; it cannot be an event");
    a.start_utc = *start;
    a.end_utc = std::max(*end, *start);

    a.subject = child_text(item, "Subject").value_or("");
    a.location = child_text(item, "Location").value_or("");
    if (auto b = body_of(item)) a.body = std::move(*b);
    for (pugi::xml_node s : children(child(item, "Categories"), "String")) a.categories.push_back(s.text().get());
    a.sensitivity = enum_value<int>(item, "Sensitivity", parse_sensitivity, diag).value_or(0);
    a.importance = enum_value<int>(item, "Importance", parse_importance, diag).value_or(1);
    if (auto r = reminder_of(item, diag)) a.reminder = *r;
    a.all_day = flag(item, "IsAllDayEvent", diag).value_or(false);
    a.busy = enum_value<mapi::BusyStatus>(item, "LegacyFreeBusyStatus", parse_busy, diag).value_or(mapi::BusyStatus::Busy);
    a.intended_busy = enum_value<mapi::BusyStatus>(item, "IntendedFreeBusyStatus", parse_busy, diag);
    if (!a.intended_busy) a.intended_busy = intended_busy_property(item);
    a.is_meeting = flag(item, "IsMeeting", diag).value_or(false);
    a.canceled = flag(item, "IsCancelled", diag).value_or(false);
    if (pugi::xml_node org = child(child(item, "Organizer"), "Mailbox")) {
        a.organizer = person_of(org, "Organizer", diag);
        a.organizer->flags = 0x3;  // recipSendable | recipOrganizer
    }
    a.attendees = attendees_of(item, diag);
    a.created_utc = instant(item, "DateTimeCreated", diag);
    a.last_modified_utc = instant(item, "LastModifiedTime", diag);
    if (auto seq = child_text(item, "AppointmentSequenceNumber")) {
        try {
            a.sequence = std::stoi(*seq);
        } catch (const std::exception&) {
            diag.warn("AppointmentSequenceNumber: \"" + *seq + "\" is not a number; ignored");
        }
    }

    // UID (MS-OXCICAL 2.1.3.1.1.20.26): PidLidGlobalObjectId when present, else t:UID.
    if (auto goid = global_object_id(item)) {
        try {
            a.uid = mapi::uid_from_global_object_id(*goid);
            a.uid_from_global_object_id = true;
        } catch (const mapi::BlobError& e) {
            diag.warn(std::string("PidLidGlobalObjectId: ") + e.what() + "; used t:UID");
        }
    }
    if (a.uid.empty()) a.uid = child_text(item, "UID").value_or("");
    if (a.uid.empty()) {
        diag.warn("CalendarItem has no UID; used its ItemId");
        a.uid = child(item, "ItemId").attribute("Id").value();
    }

    const int year = mapi::civil_from_unix(a.start_utc).year;
    bool start_named = false, end_named = false;
    ZonePtr start_zone = zone_of(item, "StartTimeZone", true, year, start_named, diag);
    ZonePtr end_zone = zone_of(item, "EndTimeZone", false, year, end_named, diag);
    if (!end_named) end_zone = start_zone;  // EndTimeZone absent: End is in the start's zone
    if (start_zone && end_zone && start_zone->windows_id() == end_zone->windows_id()) end_zone = start_zone;
    a.start_zone = start_zone;
    a.end_zone = end_zone;

    pugi::xml_node recurrence = child(item, "Recurrence");
    if (!recurrence) return a;
    if (!start_zone) diag.warn("recurring CalendarItem has no time zone; its pattern follows UTC");
    a.recurrence = recurrence_from_ews(recurrence, local(a.start_utc, start_zone), (a.end_utc - a.start_utc) / 60, diag);
    if (!a.recurrence) return a;

    // DeletedOccurrences: EXDATE at the original local start (MS-OXCICAL 2.1.3.1.1.20.14).
    for (pugi::xml_node d : children(child(item, "DeletedOccurrences"), "DeletedOccurrence")) {
        auto t = instant(d, "Start", diag);
        if (!t) continue;
        const CivilDateTime original = local(*t, start_zone);
        a.deleted_occurrences.push_back(original);
        a.recurrence->pattern.deleted_instance_dates.push_back(mapi::mapi_minutes_from_civil(midnight(original)));
    }

    // ModifiedOccurrences with their exception items.
    std::map<std::int64_t, pugi::xml_node> by_original;
    for (pugi::xml_node e : exception_items) {
        pugi::xml_node ex = e;
        if (!is_element(ex, kTypesNs, "CalendarItem")) continue;
        auto original = instant(ex, "OriginalStart", diag);
        if (!original) original = instant(ex, "RecurrenceId", diag);
        if (original) by_original[*original] = ex;
        else diag.warn("exception item without OriginalStart or RecurrenceId; ignored");
    }
    for (pugi::xml_node occ : children(child(item, "ModifiedOccurrences"), "Occurrence")) {
        auto original = instant(occ, "OriginalStart", diag);
        if (!original) {
            diag.warn("ModifiedOccurrences/Occurrence without OriginalStart; ignored");
            continue;
        }
        mapi::OccurrenceOverride o;
        if (auto it = by_original.find(*original); it != by_original.end()) {
            o = override_of(it->second, a, start_zone, *original, diag);
            by_original.erase(it);
        } else {
            diag.warn("modified occurrence of " + format_date_time(*original) +
                      " came without its exception item; only its new times are kept");
            o.original_start_local = local(*original, start_zone);
            o.start_local = local(instant(occ, "Start", diag).value_or(*original), start_zone);
            o.end_local = local(instant(occ, "End", diag).value_or(*original + (a.end_utc - a.start_utc)), start_zone);
        }
        a.recurrence->pattern.modified_instance_dates.push_back(
            mapi::mapi_minutes_from_civil(midnight(o.original_start_local)));
        a.overrides.push_back(std::move(o));
    }
    // Exception items the master does not list (a GetItem of occurrences only): still overrides.
    for (const auto& [original, ex] : by_original) {
        a.overrides.push_back(override_of(ex, a, start_zone, original, diag));
        a.recurrence->pattern.modified_instance_dates.push_back(
            mapi::mapi_minutes_from_civil(midnight(a.overrides.back().original_start_local)));
    }
    // A modified occurrence is also in the deleted list (MS-OXOCAL 2.2.1.44.1).
    for (std::uint32_t d : a.recurrence->pattern.modified_instance_dates)
        a.recurrence->pattern.deleted_instance_dates.push_back(d);
    std::sort(a.recurrence->pattern.deleted_instance_dates.begin(), a.recurrence->pattern.deleted_instance_dates.end());
    std::sort(a.recurrence->pattern.modified_instance_dates.begin(), a.recurrence->pattern.modified_instance_dates.end());
    std::sort(a.overrides.begin(), a.overrides.end(), [](const auto& x, const auto& y) {
        return mapi::unix_from_civil(x.original_start_local) < mapi::unix_from_civil(y.original_start_local);
    });
    return a;
}

std::string ical_from_calendar_item(pugi::xml_node calendar_item, std::span<const pugi::xml_node> exception_items,
                                    std::vector<mapi::FileAttachment> attachments, mapi::Diagnostics& diag) {
    mapi::Appointment a = appointment_from_calendar_item(calendar_item, exception_items, diag);
    for (auto& file : attachments) a.attachments.push_back(std::move(file));
    return ical::to_ics(mapi::to_vcalendar(mapi::appointment_to_ical(a, diag)).get());
}

}  // namespace calbridge::ews
