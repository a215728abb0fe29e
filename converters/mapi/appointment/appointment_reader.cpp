// Stage 1: mapi::Message -> Appointment. Property semantics from MS-OXOCAL 2.2.1 and the
// export rules of MS-OXCICAL 2.1.3.1.1.20 (section numbers cited per rule).
#include <algorithm>
#include <map>
#include <tuple>

#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/appointment/global_object_id.h"
#include "converters/mapi/appointment/message_parts.h"
#include "converters/mapi/blob_reader.h"
#include "converters/mapi/property_tags.h"
#include "converters/mapi/timezone/timezone_blob.h"

namespace calbridge::mapi {

namespace {

// PidLidAppointmentStateFlags, MS-OXOCAL 2.2.1.10.
constexpr std::int64_t asfMeeting = 0x1;
constexpr std::int64_t asfCanceled = 0x4;
// PidLidReminderDelta's "use the default" value, MS-OXOCAL 2.2.1.4 / MS-OXORMDR 2.2.1.3.
constexpr std::int64_t kReminderDeltaDefault = 0x5AE980E1;

std::optional<BusyStatus> busy_from(std::optional<std::int64_t> v, std::string_view what, Diagnostics& diag) {
    // -1 means "not set" (PidLidIntendedBusyStatus on items that are no meeting requests).
    if (!v || *v == -1) return std::nullopt;
    if (*v >= 0 && *v <= 4) return static_cast<BusyStatus>(*v);
    diag.warn(std::string(what) + ": unknown busy status " + std::to_string(*v) + ", treated as busy");
    return BusyStatus::Busy;
}

int reminder_minutes(std::int64_t delta) { return delta == kReminderDeltaDefault ? 15 : static_cast<int>(delta); }

CivilDateTime date_only(const CivilDateTime& t) { return {t.year, t.month, t.day, 0, 0, 0}; }

// Deleted and modified occurrences, MS-OXOCAL 2.2.1.44.1-3 and 2.2.10.1.
void read_exceptions(const Message& message, Appointment& a, Diagnostics& diag) {
    const AppointmentRecurrence& r = *a.recurrence;
    const TimeZone* zone = a.start_zone.get();
    // A moved occurrence is listed in DeletedInstanceDates (original date) and has an
    // ExceptionInfo whose OriginalStartDate is on that date: it is an override, not an EXDATE.
    std::vector<CivilDateTime> overridden_dates;
    for (const ExceptionInfo& e : r.exceptions) overridden_dates.push_back(date_only(civil_from_mapi_minutes(e.original_start)));
    for (std::uint32_t d : r.pattern.deleted_instance_dates) {
        CivilDateTime day = civil_from_mapi_minutes(d);
        if (std::find(overridden_dates.begin(), overridden_dates.end(), date_only(day)) != overridden_dates.end()) continue;
        CivilDateTime start = date_only(day);
        start.hour = static_cast<int>(r.start_time_offset / 60);
        start.minute = static_cast<int>(r.start_time_offset % 60);
        a.deleted_occurrences.push_back(start);
    }

    std::vector<const Attachment*> embedded = exception_attachments(message);
    for (const ExceptionInfo& e : r.exceptions) {
        OccurrenceOverride o;
        o.original_start_local = civil_from_mapi_minutes(e.original_start);
        o.start_local = civil_from_mapi_minutes(e.start);
        o.end_local = civil_from_mapi_minutes(e.end);
        o.subject = e.subject;
        o.location = e.location;
        if (e.busy_status) o.busy = busy_from(*e.busy_status, "ExceptionInfo.BusyStatus", diag);
        if (e.reminder_set || e.reminder_delta) {
            Reminder rem = a.reminder;
            if (e.reminder_set) rem.set = *e.reminder_set;
            if (e.reminder_delta) rem.minutes_before = reminder_minutes(*e.reminder_delta);
            o.reminder = rem;
        }
        if (e.subtype) o.all_day = *e.subtype;
        // ARO_MEETINGTYPE carries the occurrence's PidLidAppointmentStateFlags.
        if (e.meeting_type) o.canceled = (*e.meeting_type & asfCanceled) != 0;
        std::int64_t original_utc = zone ? zone->to_unix(o.original_start_local) : unix_from_civil(o.original_start_local);
        if (const Attachment* att = match_exception_attachment(embedded, original_utc, o.start_local)) {
            const Message& m = *att->embedded;
            Body b = read_body(m.props, diag);
            if (!b.text.empty() || b.html) o.body = std::move(b);
            o.attachments = read_file_attachments(m, diag);
            if (!m.recipients.empty()) {
                Appointment tmp;
                read_people(m, tmp, diag);
                o.attendees = std::move(tmp.attendees);
            }
        } else if (e.attachment && *e.attachment) {
            diag.warn("exception on " + std::to_string(o.original_start_local.year) + "-" +
                      std::to_string(o.original_start_local.month) + "-" + std::to_string(o.original_start_local.day) +
                      " has attachments but no embedded exception message was found");
        }
        a.overrides.push_back(std::move(o));
    }
}

}  // namespace

// Parsed time zones, keyed by the blob bytes: a file has few distinct zones.
struct AppointmentReader::ZoneCache {
    std::map<Bytes, std::shared_ptr<const TimeZone>> by_definition;
    std::map<std::tuple<Bytes, std::string, int>, std::shared_ptr<const TimeZone>> by_tzreg;

    std::shared_ptr<const TimeZone> definition(const Bytes& blob, std::string_view prop, Diagnostics& diag) {
        auto it = by_definition.find(blob);
        if (it != by_definition.end()) return it->second;
        std::shared_ptr<const TimeZone> tz;
        try {
            tz = std::make_shared<const TimeZone>(TimeZone::from_definition(parse_tzdefinition(blob)));
        } catch (const std::exception& e) {
            diag.warn(std::string(prop) + ": " + e.what());
        }
        by_definition.emplace(blob, tz);
        return tz;
    }

    // `year`: the item's year, in which the rule is matched against CLDR's Windows zones.
    std::shared_ptr<const TimeZone> tzreg(const Bytes& blob, const std::string& description, int year,
                                          Diagnostics& diag) {
        auto key = std::make_tuple(blob, description, year);
        auto it = by_tzreg.find(key);
        if (it != by_tzreg.end()) return it->second;
        std::shared_ptr<const TimeZone> tz;
        try {
            tz = std::make_shared<const TimeZone>(TimeZone::from_tzreg(parse_tzreg(blob), description, year));
        } catch (const std::exception& e) {
            diag.warn(std::string("PidLidTimeZoneStruct: ") + e.what());
        }
        by_tzreg.emplace(std::move(key), tz);
        return tz;
    }
};

AppointmentReader::AppointmentReader() : zones_(std::make_unique<ZoneCache>()) {}
AppointmentReader::~AppointmentReader() = default;

Appointment AppointmentReader::read(const Message& message, Diagnostics& diag) {
    const PropertyBag& p = message.props;
    Appointment a;
    a.origin = message.origin;

    // Times: PidLidAppointmentStartWhole/EndWhole are UTC (MS-OXOCAL 2.2.1.5-6); older items
    // may only carry PidTagStartDate/EndDate, which hold the same instants.
    auto start = p.time(lid::AppointmentStartWhole);
    if (!start) start = p.time(tag::StartDate);
    if (!start) throw ItemError("no start time (PidLidAppointmentStartWhole missing)");
    auto end = p.time(lid::AppointmentEndWhole);
    if (!end) end = p.time(tag::EndDate);
    a.start_utc = unix_from_filetime(*start);
    a.end_utc = end ? unix_from_filetime(*end) : a.start_utc;
    if (a.end_utc < a.start_utc) {
        diag.warn("PidLidAppointmentEndWhole is before the start; using the start as the end");
        a.end_utc = a.start_utc;
    }
    a.all_day = p.boolean(lid::AppointmentSubType).value_or(false);

    // UID: MS-OXCICAL 2.1.3.1.1.20.26.
    if (const Bytes* goid = p.binary(lid::GlobalObjectId)) {
        try {
            a.uid = uid_from_global_object_id(*goid);
            a.uid_from_global_object_id = true;
        } catch (const BlobError& e) {
            diag.warn(std::string("PidLidGlobalObjectId unreadable (") + e.what() + "); using a content-derived UID");
        }
    }
    if (a.uid.empty()) a.uid = fallback_uid(p);

    a.subject = p.string(tag::Subject).value_or("");
    a.location = p.string(lid::Location).value_or(p.string(lid::Where).value_or(""));
    a.body = read_body(p, diag);

    // Recurrence: MS-OXOCAL 2.2.1.44; a broken blob leaves a single event and a warning.
    if (const Bytes* recur = p.binary(lid::AppointmentRecur); recur && !recur->empty()) {
        try {
            a.recurrence = parse_appointment_recurrence(*recur, diag);
        } catch (const std::exception& e) {
            // BlobError messages already name the blob ("PidLidAppointmentRecur: ...").
            diag.warn(std::string(e.what()) + "; exported as a single occurrence");
        }
    }

    // Time zones, MS-OXCICAL 2.1.3.1.1.19 (VTIMEZONE) and 2.1.3.1.1.20.10-13 (DTSTART/DTEND):
    // a recurring series uses PidLidAppointmentTimeZoneDefinitionRecur (else the legacy
    // PidLidTimeZoneStruct + PidLidTimeZoneDescription); a single appointment uses the
    // StartDisplay / EndDisplay definitions. Without any, times are written in UTC.
    if (a.recurrence) {
        if (const Bytes* def = p.binary(lid::AppointmentTimeZoneDefinitionRecur))
            a.start_zone = zones_->definition(*def, "PidLidAppointmentTimeZoneDefinitionRecur", diag);
        if (!a.start_zone) {
            if (const Bytes* reg = p.binary(lid::TimeZoneStruct))
                a.start_zone = zones_->tzreg(*reg, p.string(lid::TimeZoneDescription).value_or(""),
                                             civil_from_unix(a.start_utc).year, diag);
        }
        if (!a.start_zone) {
            if (const Bytes* def = p.binary(lid::AppointmentTimeZoneDefinitionStartDisplay))
                a.start_zone = zones_->definition(*def, "PidLidAppointmentTimeZoneDefinitionStartDisplay", diag);
        }
        if (!a.start_zone) diag.warn("recurring appointment without a time zone; its times are taken as UTC");
        a.end_zone = a.start_zone;
    } else {
        if (const Bytes* def = p.binary(lid::AppointmentTimeZoneDefinitionStartDisplay))
            a.start_zone = zones_->definition(*def, "PidLidAppointmentTimeZoneDefinitionStartDisplay", diag);
        if (const Bytes* def = p.binary(lid::AppointmentTimeZoneDefinitionEndDisplay))
            a.end_zone = zones_->definition(*def, "PidLidAppointmentTimeZoneDefinitionEndDisplay", diag);
        if (!a.end_zone) a.end_zone = a.start_zone;
    }

    // Meeting data, MS-OXOCAL 2.2.1.10 and 2.2.4.
    auto state = p.integer(lid::AppointmentStateFlags).value_or(0);
    a.is_meeting = (state & asfMeeting) != 0;
    a.canceled = (state & asfCanceled) != 0;
    read_people(message, a, diag);

    // The series' own values first: exceptions start from them (MS-OXOCAL 2.2.1.44.2).
    a.busy = busy_from(p.integer(lid::BusyStatus), "PidLidBusyStatus", diag).value_or(BusyStatus::Busy);
    a.intended_busy = busy_from(p.integer(lid::IntendedBusyStatus), "PidLidIntendedBusyStatus", diag);
    a.reminder.set = p.boolean(lid::ReminderSet).value_or(false);
    if (auto d = p.integer(lid::ReminderDelta)) a.reminder.minutes_before = reminder_minutes(*d);
    if (a.recurrence) read_exceptions(message, a, diag);
    if (auto k = p.strings(lid::Keywords)) a.categories = *k;
    a.sensitivity = static_cast<int>(p.integer(tag::Sensitivity).value_or(0));
    a.importance = static_cast<int>(p.integer(tag::Importance).value_or(1));
    if (auto s = p.integer(lid::AppointmentSequence)) a.sequence = static_cast<int>(*s);
    if (auto t = p.time(tag::CreationTime)) a.created_utc = unix_from_filetime(*t);
    if (auto t = p.time(tag::LastModificationTime)) a.last_modified_utc = unix_from_filetime(*t);
    a.attachments = read_file_attachments(message, diag);
    return a;
}

}  // namespace calbridge::mapi
