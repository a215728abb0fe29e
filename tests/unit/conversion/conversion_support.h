#pragma once
// Helpers for the end-to-end conversion tests: build mapi::Message objects in memory (as the
// PST reader would deliver them), run AppointmentReader + appointment_to_ical, serialise the
// VCALENDAR, parse the text back with libical and look at what a client would see.
#include "support/ical_checks.h"
#include <catch2/catch.hpp>
#include <libical/ical.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "converters/ical/ical_ptr.h"
#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/mapi/property_tags.h"
#include "converters/mapi/time_units.h"
#include "support/recurrence_blob_builder.h"
#include "support/tzdefinition_builder.h"

namespace conv {

using namespace calbridge;
using mapi::Bytes;
using mapi::CivilDateTime;
using mapi::FileTime;
using mapi::Message;
using mapi::PropertyBag;

inline constexpr const char* kLA = "America/Los_Angeles";

// ---- building messages ------------------------------------------------------------------

inline std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) { return mapi::unix_from_civil({y, mo, d, h, mi, 0}); }
inline FileTime ft(std::int64_t unix_seconds) { return mapi::filetime_from_unix(unix_seconds); }

// An Outlook PidLidGlobalObjectId (MS-OXOCAL 2.2.1.27): the fixed ByteArrayID, instance date
// zero, a creation time, 8 zero bytes, then a 16-byte Data field derived from `seed`.
inline Bytes global_object_id(std::uint8_t seed) {
    Bytes b = calbridge::testing::recur::from_hex("040000008200E00074C5B7101A82E008");
    for (int i = 0; i < 4; ++i) b.push_back(0);                             // YH YL M D
    for (std::uint8_t v : {0x00, 0x80, 0x3E, 0x5D, 0x1F, 0x32, 0xD7, 0x01}) b.push_back(v);  // CreationTime
    for (int i = 0; i < 8; ++i) b.push_back(0);                             // X
    b.push_back(16);
    b.push_back(0);
    b.push_back(0);
    b.push_back(0);
    for (int i = 0; i < 16; ++i) b.push_back(static_cast<std::uint8_t>(seed + i * 7));
    return b;
}

// A single appointment with the given UTC start/end, Pacific display zones, busy, no reminder.
inline Message appointment(const std::string& subject, std::int64_t start_utc, std::int64_t end_utc) {
    Message m;
    m.origin = "Calendar, item \"" + subject + "\"";
    PropertyBag& p = m.props;
    p.set(mapi::tag::MessageClass, std::string("IPM.Appointment"));
    p.set(mapi::tag::Subject, subject);
    p.set(mapi::lid::AppointmentStartWhole, ft(start_utc));
    p.set(mapi::lid::AppointmentEndWhole, ft(end_utc));
    p.set(mapi::lid::GlobalObjectId, global_object_id(static_cast<std::uint8_t>(subject.size())));
    p.set(mapi::lid::BusyStatus, std::int32_t{2});
    p.set(mapi::lid::ReminderSet, false);
    const Bytes zone = calbridge::testing::tz::pacific_tzdefinition();
    p.set(mapi::lid::AppointmentTimeZoneDefinitionStartDisplay, zone);
    p.set(mapi::lid::AppointmentTimeZoneDefinitionEndDisplay, zone);
    return m;
}

// Makes `m` a recurring series in Pacific time with this pattern blob (PidLidAppointmentRecur,
// PidLidAppointmentTimeZoneDefinitionRecur, PidLidRecurring).
inline void make_recurring(Message& m, const mapi::AppointmentRecurrence& r) {
    m.props.set(mapi::lid::AppointmentRecur, calbridge::testing::recur::build_appointment_recurrence(r));
    m.props.set(mapi::lid::AppointmentTimeZoneDefinitionRecur, calbridge::testing::tz::pacific_tzdefinition());
    m.props.set(mapi::lid::Recurring, true);
}

// A recipient-table row (MS-OXOCAL 2.2.4.10).
inline PropertyBag recipient(const std::string& name, const std::string& smtp, int type, int track,
                             int flags = 0x1 /* recipSendable */) {
    PropertyBag r;
    r.set(mapi::tag::DisplayName, name);
    if (!smtp.empty()) {
        r.set(mapi::tag::AddressType, std::string("SMTP"));
        r.set(mapi::tag::EmailAddress, smtp);
        r.set(mapi::tag::SmtpAddress, smtp);
    }
    r.set(mapi::tag::RecipientType, std::int32_t{type});
    r.set(mapi::tag::RecipientTrackStatus, std::int32_t{track});
    r.set(mapi::tag::RecipientFlags, std::int32_t{flags});
    return r;
}

// A file attachment (afByValue).
inline mapi::Attachment file_attachment(const std::string& name, const std::string& mime, const std::string& data) {
    mapi::Attachment a;
    a.props.set(mapi::tag::AttachMethod, std::int32_t{1});
    a.props.set(mapi::tag::AttachLongFilename, name);
    if (!mime.empty()) a.props.set(mapi::tag::AttachMimeTag, mime);
    a.props.set(mapi::tag::AttachDataBinary, Bytes(data.begin(), data.end()));
    return a;
}

// ---- converting -------------------------------------------------------------------------

struct Converted {
    mapi::Diagnostics diag{"test item"};
    mapi::Appointment appointment;
    std::string text;             // the VCALENDAR as written
    ical::ComponentPtr calendar;  // `text` parsed back by libical

    bool warned(const std::string& needle) const {
        for (const auto& d : diag.items())
            if (d.message.find(needle) != std::string::npos) return true;
        return false;
    }
    std::string warnings() const {
        std::string s;
        for (const auto& d : diag.items()) s += "  " + d.message + "\n";
        return s;
    }
};

using calbridge::test::count_xlic_errors;

// Runs both stages with a fresh reader; the VCALENDAR must parse back without X-LIC-ERROR.
inline std::unique_ptr<Converted> convert(const Message& m, mapi::AppointmentReader* reader = nullptr) {
    auto out = std::make_unique<Converted>();
    mapi::AppointmentReader own;
    out->appointment = (reader ? *reader : own).read(m, out->diag);
    mapi::CalendarObject obj = mapi::appointment_to_ical(out->appointment, out->diag);
    ical::ComponentPtr cal = mapi::to_vcalendar(std::move(obj));
    out->text = ical::to_ics(cal.get());
    out->calendar = ical::parse_ics(out->text);
    INFO(out->text);
    REQUIRE(out->calendar);
    CHECK(count_xlic_errors(out->calendar.get()) == 0);
    return out;
}

// ---- reading the result -------------------------------------------------------------------

inline std::vector<icalcomponent*> events(const Converted& c) {
    std::vector<icalcomponent*> out;
    for (icalcomponent* e = icalcomponent_get_first_component(c.calendar.get(), ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(c.calendar.get(), ICAL_VEVENT_COMPONENT))
        out.push_back(e);
    return out;
}

// One property as content-line text, unfolded, without the CRLF: "EXDATE;TZID=...:2021...".
inline std::string line(icalproperty* p) {
    std::string s = icalproperty_as_ical_string(p);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r' && i + 2 < s.size() && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        out += s[i];
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// Every property named `name` (X- names included), as content lines.
inline std::vector<std::string> lines(icalcomponent* c, const std::string& name) {
    std::vector<std::string> out;
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY))
        if (name == icalproperty_get_property_name(p)) out.push_back(line(p));
    return out;
}

// The single property `name` as a content line; "" if absent. Fails the test if repeated.
inline std::string one(icalcomponent* c, const std::string& name) {
    auto all = lines(c, name);
    INFO("property " << name);
    CHECK(all.size() <= 1);
    return all.empty() ? std::string() : all.front();
}

// The value part of a content line (after the first ':' outside quotes).
inline std::string value_of(const std::string& content_line) {
    bool quoted = false;
    for (std::size_t i = 0; i < content_line.size(); ++i) {
        if (content_line[i] == '"') quoted = !quoted;
        if (content_line[i] == ':' && !quoted) return content_line.substr(i + 1);
    }
    return {};
}

inline icalcomponent* master(const Converted& c) {
    icalcomponent* found = nullptr;
    for (icalcomponent* e : events(c))
        if (!icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY)) {
            CHECK(found == nullptr);
            found = e;
        }
    return found;
}

// The override whose RECURRENCE-ID content line is `recurrence_id_line`.
inline icalcomponent* override_for(const Converted& c, const std::string& recurrence_id_line) {
    for (icalcomponent* e : events(c))
        if (one(e, "RECURRENCE-ID") == recurrence_id_line) return e;
    return nullptr;
}

inline std::size_t alarms(icalcomponent* e) {
    return static_cast<std::size_t>(icalcomponent_count_components(e, ICAL_VALARM_COMPONENT));
}

inline std::string alarm_trigger(icalcomponent* e) {
    icalcomponent* a = icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT);
    return a ? one(a, "TRIGGER") : std::string();
}

// The UTC instant libical computes for a DATE-TIME property with a TZID, using the VTIMEZONE
// of the same VCALENDAR: an independent check that TZID + local time names the right instant.
inline std::int64_t instant_of(const Converted& c, icalproperty* p) {
    icalparameter* tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(p));
    icaltimezone* zone = tzid ? icalcomponent_get_timezone(c.calendar.get(), icalparameter_get_tzid(tzid)) : nullptr;
    if (tzid) REQUIRE(zone != nullptr);
    return static_cast<std::int64_t>(icaltime_as_timet_with_zone(t, zone ? zone : icaltimezone_get_utc_timezone()));
}

}  // namespace conv
