// Recurring series end to end: deleted and moved occurrences (MS-OXOCAL 2.2.1.44.1-2,
// MS-OXCICAL 2.1.3.1.1.20.14 EXDATE and .20.19 RECURRENCE-ID), one exception per overridable
// field of ExceptionInfo (MS-OXOCAL 2.2.1.44.2 OverrideFlags), and the exception embedded
// message (MS-OXOCAL 2.2.10.1-2).
#include <set>

#include "conversion_support.h"

using namespace conv;
using namespace calbridge::testing::recur;
using calbridge::mapi::AppointmentRecurrence;
using calbridge::mapi::ExceptionInfo;

namespace {

// RFC 4648 base64, written here so the ATTACH check does not reuse the converter's encoder.
std::string base64(const std::string& data) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += k[(v >> s) & 63];
    }
    if (i + 1 == data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        out += k[(v >> 18) & 63];
        out += k[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == data.size()) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8);
        out += k[(v >> 18) & 63];
        out += k[(v >> 12) & 63];
        out += k[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

ExceptionInfo same_time_exception(int y, int m, int d, int hour, int duration_minutes) {
    ExceptionInfo e;
    e.original_start = minutes(y, m, d, hour);
    e.start = e.original_start;
    e.end = e.start + static_cast<std::uint32_t>(duration_minutes);
    return e;
}

std::string recurrence_id(const std::string& local) { return std::string("RECURRENCE-ID;TZID=") + kLA + ":" + local; }

// The exception embedded message attachment (MS-OXOCAL 2.2.10.1): afEmbeddedMessage,
// afException, PidTagExceptionReplaceTime = the original start in UTC.
calbridge::mapi::Attachment exception_attachment(std::int64_t original_start_utc, Message embedded) {
    calbridge::mapi::Attachment a;
    a.props.set(calbridge::mapi::tag::AttachMethod, std::int32_t{5});
    a.props.set(calbridge::mapi::tag::AttachmentFlags, std::int32_t{0x2});
    a.props.set(calbridge::mapi::tag::AttachmentHidden, true);
    a.props.set(calbridge::mapi::tag::DisplayName, embedded.props.string(calbridge::mapi::tag::Subject).value_or(""));
    a.props.set(calbridge::mapi::tag::ExceptionReplaceTime, ft(original_start_utc));
    a.embedded = std::make_shared<const Message>(std::move(embedded));
    return a;
}

Message exception_message(const std::string& subject, const std::string& body) {
    Message e;
    e.props.set(calbridge::mapi::tag::MessageClass, std::string("IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}"));
    e.props.set(calbridge::mapi::tag::Subject, subject);
    if (!body.empty()) e.props.set(calbridge::mapi::tag::Body, body);
    return e;
}

}  // namespace

TEST_CASE("weekly Pacific series: a deleted occurrence is an EXDATE, a moved one an override", "[conversion][exceptions]") {
    // Every Tuesday 10:00-11:00 Pacific, 6 times from 2021-03-02 (PST; DST starts 2021-03-14).
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 6, {2021, 4, 6});
    // MS-OXOCAL 2.2.1.44.1: 03-16 deleted (DeletedInstanceDates only); 03-23 moved to 03-24
    // 14:00 (its original date in DeletedInstanceDates, the new one in ModifiedInstanceDates).
    p.deleted_instance_dates = {minutes(2021, 3, 16), minutes(2021, 3, 23)};
    p.modified_instance_dates = {minutes(2021, 3, 24)};
    AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    ExceptionInfo moved;
    moved.original_start = minutes(2021, 3, 23, 10);
    moved.start = minutes(2021, 3, 24, 14);
    moved.end = minutes(2021, 3, 24, 15);
    r.exceptions = {moved};

    Message m = appointment("Weekly review", utc(2021, 3, 2, 18), utc(2021, 3, 2, 19));  // 10:00 PST = 18:00Z
    make_recurring(m, r);
    auto c = convert(m);
    INFO(c->text << c->warnings());

    REQUIRE(events(*c).size() == 2);
    icalcomponent* ev = master(*c);
    REQUIRE(ev);
    CHECK(one(ev, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210302T100000");
    CHECK(one(ev, "DTEND") == std::string("DTEND;TZID=") + kLA + ":20210302T110000");
    icalrecurrencetype rule = icalproperty_get_rrule(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY));
    CHECK(rule.freq == ICAL_WEEKLY_RECURRENCE);
    CHECK(rule.count == 6);
    CHECK(rule.by_day[0] == ICAL_TUESDAY_WEEKDAY);
    CHECK(rule.by_day[1] == ICAL_RECURRENCE_ARRAY_MAX);

    // Exactly one EXDATE: the deleted 03-16 at its original local start, not the moved 03-23.
    REQUIRE(lines(ev, "EXDATE") == std::vector<std::string>{std::string("EXDATE;TZID=") + kLA + ":20210316T100000"});
    // ... which the VTIMEZONE puts at 10:00 PDT = 17:00Z.
    CHECK(instant_of(*c, icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY)) == utc(2021, 3, 16, 17));

    icalcomponent* ov = override_for(*c, recurrence_id("20210323T100000"));
    REQUIRE(ov);
    CHECK(instant_of(*c, icalcomponent_get_first_property(ov, ICAL_RECURRENCEID_PROPERTY)) == utc(2021, 3, 23, 17));
    CHECK(one(ov, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210324T140000");
    CHECK(one(ov, "DTEND") == std::string("DTEND;TZID=") + kLA + ":20210324T150000");
    CHECK(one(ov, "UID") == one(ev, "UID"));
    CHECK(one(ov, "SUMMARY") == "SUMMARY:Weekly review");
    CHECK(lines(ov, "RRULE").empty());
    CHECK(lines(ov, "EXDATE").empty());
    // MS-OXOCAL 3.1.4.6: ModifiedInstanceDates holds the date the exception now occurs on
    // (03-24), which need not be in DeletedInstanceDates (03-23): nothing to warn about.
    CHECK_FALSE(c->warned("ModifiedInstanceDates"));
    CHECK(c->diag.empty());
}

TEST_CASE("one exception per OverrideFlags field: the override carries it, the rest comes from the master",
          "[conversion][exceptions]") {
    // A weekly meeting, Mondays 09:00-10:00 Pacific (PDT), 12 times from 2021-06-07.
    auto p = weekly_pattern({2021, 6, 7}, day_bit::Monday, 1);
    end_after_occurrences(p, 12, {2021, 8, 23});
    AppointmentRecurrence r;
    r.start_time_offset = 540;
    r.end_time_offset = 600;

    ExceptionInfo subject = same_time_exception(2021, 6, 14, 9, 60);
    subject.subject = "Team sync: budget";
    ExceptionInfo meeting_type = same_time_exception(2021, 6, 21, 9, 60);
    meeting_type.meeting_type = 0x5;  // asfMeeting | asfCanceled (PidLidAppointmentStateFlags, 2.2.1.10)
    ExceptionInfo reminder_delta = same_time_exception(2021, 6, 28, 9, 60);
    reminder_delta.reminder_delta = 30;
    ExceptionInfo reminder_off = same_time_exception(2021, 7, 5, 9, 60);
    reminder_off.reminder_set = false;
    ExceptionInfo location = same_time_exception(2021, 7, 12, 9, 60);
    location.location = "Room 42";
    ExceptionInfo busy = same_time_exception(2021, 7, 19, 9, 60);
    busy.busy_status = 0;  // free
    ExceptionInfo attachment = same_time_exception(2021, 7, 26, 9, 60);
    attachment.attachment = true;
    ExceptionInfo all_day;  // the 08-02 occurrence becomes an all-day event on that day
    all_day.original_start = minutes(2021, 8, 2, 9);
    all_day.start = minutes(2021, 8, 2);
    all_day.end = minutes(2021, 8, 3);
    all_day.subtype = true;
    ExceptionInfo color = same_time_exception(2021, 8, 9, 9, 60);
    color.appointment_color = 3;
    r.exceptions = {subject, meeting_type, reminder_delta, reminder_off, location, busy, attachment, all_day, color};
    for (const ExceptionInfo& e : r.exceptions) {
        p.deleted_instance_dates.push_back(minutes(mapi::civil_from_mapi_minutes(e.original_start).year,
                                                   mapi::civil_from_mapi_minutes(e.original_start).month,
                                                   mapi::civil_from_mapi_minutes(e.original_start).day));
        const CivilDateTime s = mapi::civil_from_mapi_minutes(e.start);
        p.modified_instance_dates.push_back(minutes(s.year, s.month, s.day));
    }
    r.pattern = p;

    Message m = appointment("Team sync", utc(2021, 6, 7, 16), utc(2021, 6, 7, 17));  // 09:00 PDT = 16:00Z
    make_recurring(m, r);
    m.props.set(mapi::lid::Location, std::string("Room 1"));
    m.props.set(mapi::lid::ReminderSet, true);
    m.props.set(mapi::lid::ReminderDelta, std::int32_t{10});
    m.props.set(mapi::lid::AppointmentStateFlags, std::int32_t{0x1});  // asfMeeting
    m.props.set(mapi::lid::Keywords, std::vector<std::string>{"Blue Category", "Project X"});
    m.props.set(mapi::tag::Sensitivity, std::int32_t{2});
    m.recipients = {recipient("Olivia Organizer", "olivia@example.com", 1, 0, 0x3),
                    recipient("Reese Required", "reese@example.com", 1, 3),
                    recipient("Otto Optional", "otto@example.com", 2, 2)};
    // ARO_ATTACHMENT: the exception's attachments live in its embedded message.
    Message embedded = exception_message("Team sync", "");
    embedded.attachments.push_back(file_attachment("agenda.txt", "text/plain", "1. budget\n2. hiring\n"));
    m.attachments.push_back(exception_attachment(utc(2021, 7, 26, 16), std::move(embedded)));

    auto c = convert(m);
    INFO(c->text << c->warnings());
    REQUIRE(events(*c).size() == 10);
    icalcomponent* ev = master(*c);
    REQUIRE(ev);
    CHECK(lines(ev, "EXDATE").empty());  // every listed date has an ExceptionInfo: none is deleted
    CHECK(lines(ev, "ATTACH").empty());  // the exception message is no file of the series
    CHECK(lines(ev, "STATUS").empty());
    CHECK(alarm_trigger(ev) == "TRIGGER;RELATED=START:-PT10M");

    // What every override shares with the master (RFC 5545 3.8.4.4: overrides are complete).
    const std::vector<std::string> attendees = lines(ev, "ATTENDEE");
    REQUIRE(attendees.size() == 2);
    const std::string organizer = one(ev, "ORGANIZER");
    CHECK(value_of(organizer) == "mailto:olivia@example.com");
    const std::vector<std::string> categories = lines(ev, "CATEGORIES");
    REQUIRE_FALSE(categories.empty());
    auto check_inherited = [&](icalcomponent* ov) {
        CHECK(one(ov, "UID") == one(ev, "UID"));
        CHECK(lines(ov, "ATTENDEE") == attendees);
        CHECK(one(ov, "ORGANIZER") == organizer);
        CHECK(lines(ov, "CATEGORIES") == categories);
        CHECK(one(ov, "CLASS") == "CLASS:PRIVATE");
        CHECK(lines(ov, "RRULE").empty());
    };
    auto dt = [](const char* name, const char* local) { return std::string(name) + ";TZID=" + kLA + ":" + local; };

    SECTION("ARO_SUBJECT") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210614T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync: budget");
        CHECK(one(ov, "LOCATION") == "LOCATION:Room 1");
        CHECK(one(ov, "DTSTART") == dt("DTSTART", "20210614T090000"));
        CHECK(one(ov, "DTEND") == dt("DTEND", "20210614T100000"));
        CHECK(alarm_trigger(ov) == "TRIGGER;RELATED=START:-PT10M");
    }
    SECTION("ARO_MEETINGTYPE: the occurrence's PidLidAppointmentStateFlags says canceled") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210621T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync");
        // MS-OXCICAL 2.1.3.1.1.20.25 STATUS: asfCanceled -> CANCELLED, read from the
        // exception's own state flags (ExceptionInfo.MeetingType), as for the master.
        CHECK(one(ov, "STATUS") == "STATUS:CANCELLED");
    }
    SECTION("ARO_REMINDERDELTA") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210628T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        REQUIRE(alarms(ov) == 1);
        CHECK(alarm_trigger(ov) == "TRIGGER;RELATED=START:-PT30M");
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync");
    }
    SECTION("ARO_REMINDER off") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210705T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(alarms(ov) == 0);
        CHECK(one(ov, "LOCATION") == "LOCATION:Room 1");
    }
    SECTION("ARO_LOCATION") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210712T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "LOCATION") == "LOCATION:Room 42");
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync");
    }
    SECTION("ARO_BUSYSTATUS free") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210719T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "TRANSP") == "TRANSP:TRANSPARENT");
        CHECK(one(ov, "X-MICROSOFT-CDO-BUSYSTATUS") == "X-MICROSOFT-CDO-BUSYSTATUS:FREE");
        CHECK(one(ev, "TRANSP") == "TRANSP:OPAQUE");
        CHECK(one(ev, "X-MICROSOFT-CDO-BUSYSTATUS") == "X-MICROSOFT-CDO-BUSYSTATUS:BUSY");
    }
    SECTION("ARO_ATTACHMENT: the embedded message's file") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210726T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        auto attach = lines(ov, "ATTACH");
        REQUIRE(attach.size() == 1);
        CHECK_THAT(attach[0], Catch::Contains("X-FILENAME=agenda.txt") && Catch::Contains("FMTTYPE=text/plain"));
        CHECK(value_of(attach[0]) == base64("1. budget\n2. hiring\n"));
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync");
    }
    SECTION("ARO_SUBTYPE: an all-day occurrence of a timed series") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210802T090000"));  // matches the master's DTSTART type
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "DTSTART") == "DTSTART;VALUE=DATE:20210802");
        CHECK(one(ov, "DTEND") == "DTEND;VALUE=DATE:20210803");
        CHECK(one(ov, "X-MICROSOFT-CDO-ALLDAYEVENT") == "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE");
        CHECK(one(ev, "X-MICROSOFT-CDO-ALLDAYEVENT") == "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE");
    }
    SECTION("ARO_APPTCOLOR: no iCalendar form; the override is the master's occurrence") {
        icalcomponent* ov = override_for(*c, recurrence_id("20210809T090000"));
        REQUIRE(ov);
        check_inherited(ov);
        CHECK(one(ov, "SUMMARY") == "SUMMARY:Team sync");
        CHECK(one(ov, "LOCATION") == "LOCATION:Room 1");
        CHECK(one(ov, "DTSTART") == dt("DTSTART", "20210809T090000"));
        CHECK(alarm_trigger(ov) == "TRIGGER;RELATED=START:-PT10M");
        CHECK(one(ov, "TRANSP") == "TRANSP:OPAQUE");
    }
    SECTION("no warnings: every field was read in its place") { CHECK(c->diag.empty()); }
}

TEST_CASE("an exception that only turns the reminder on uses the series' PidLidReminderDelta",
          "[conversion][exceptions][alarm]") {
    // MS-OXOCAL 2.2.1.44.2: fields without their ARO_ flag are the series' values, so the
    // occurrence's reminder fires PidLidReminderDelta (20) minutes before, not a default.
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 4, {2021, 3, 23});
    p.deleted_instance_dates = {minutes(2021, 3, 16)};
    p.modified_instance_dates = {minutes(2021, 3, 16)};
    AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    ExceptionInfo e = same_time_exception(2021, 3, 16, 10, 60);
    e.reminder_set = true;
    r.exceptions = {e};
    Message m = appointment("Weekly review", utc(2021, 3, 2, 18), utc(2021, 3, 2, 19));
    make_recurring(m, r);
    m.props.set(mapi::lid::ReminderSet, false);
    m.props.set(mapi::lid::ReminderDelta, std::int32_t{20});
    auto c = convert(m);
    INFO(c->text << c->warnings());
    REQUIRE(master(*c));
    CHECK(alarms(master(*c)) == 0);
    icalcomponent* ov = override_for(*c, recurrence_id("20210316T100000"));
    REQUIRE(ov);
    REQUIRE(alarms(ov) == 1);
    CHECK(alarm_trigger(ov) == "TRIGGER;RELATED=START:-PT20M");
}

TEST_CASE("an exception embedded message gives its override a DESCRIPTION and ATTACH", "[conversion][exceptions][attach]") {
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 4, {2021, 3, 23});
    p.deleted_instance_dates = {minutes(2021, 3, 9)};
    p.modified_instance_dates = {minutes(2021, 3, 9)};
    AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    ExceptionInfo e = same_time_exception(2021, 3, 9, 10, 60);
    e.attachment = true;
    e.override_flags = calbridge::mapi::ARO_EXCEPTIONAL_BODY;
    r.exceptions = {e};

    Message m = appointment("Weekly review", utc(2021, 3, 2, 18), utc(2021, 3, 2, 19));
    make_recurring(m, r);
    m.props.set(mapi::tag::Body, std::string("Standing agenda."));
    m.attachments.push_back(file_attachment("charter.pdf", "application/pdf", "%PDF-1.4 charter"));
    Message embedded = exception_message("Weekly review", "Bring the Q1 numbers.");
    embedded.attachments.push_back(file_attachment("q1.csv", "text/csv", "region,total\nwest,42\n"));

    SECTION("matched on PidTagExceptionReplaceTime (the original start, UTC)") {
        m.attachments.push_back(exception_attachment(utc(2021, 3, 9, 18), std::move(embedded)));  // 10:00 PST
    }
    SECTION("matched on PidTagExceptionStartTime (the new local start written as UTC)") {
        auto att = exception_attachment(0, std::move(embedded));
        att.props = PropertyBag{};
        att.props.set(mapi::tag::AttachMethod, std::int32_t{5});
        att.props.set(mapi::tag::AttachmentFlags, std::int32_t{0x2});
        att.props.set(mapi::tag::ExceptionStartTime, ft(utc(2021, 3, 9, 10)));
        m.attachments.push_back(std::move(att));
    }

    auto c = convert(m);
    INFO(c->text << c->warnings());
    REQUIRE(events(*c).size() == 2);
    icalcomponent* ev = master(*c);
    REQUIRE(ev);
    CHECK(one(ev, "DESCRIPTION") == "DESCRIPTION:Standing agenda.");
    auto master_attach = lines(ev, "ATTACH");
    REQUIRE(master_attach.size() == 1);  // the PDF, not the exception message
    CHECK_THAT(master_attach[0], Catch::Contains("X-FILENAME=charter.pdf"));
    CHECK(value_of(master_attach[0]) == base64("%PDF-1.4 charter"));

    icalcomponent* ov = override_for(*c, recurrence_id("20210309T100000"));
    REQUIRE(ov);
    CHECK(one(ov, "DESCRIPTION") == "DESCRIPTION:Bring the Q1 numbers.");
    auto attach = lines(ov, "ATTACH");
    REQUIRE(attach.size() == 1);
    CHECK_THAT(attach[0], Catch::Contains("X-FILENAME=q1.csv") && Catch::Contains("FMTTYPE=text/csv") &&
                              Catch::Contains("ENCODING=BASE64") && Catch::Contains("VALUE=BINARY"));
    CHECK(value_of(attach[0]) == base64("region,total\nwest,42\n"));
    CHECK(c->diag.empty());
}

TEST_CASE("ARO_ATTACHMENT without an embedded exception message is reported", "[conversion][exceptions][attach]") {
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 4, {2021, 3, 23});
    p.deleted_instance_dates = {minutes(2021, 3, 16)};
    p.modified_instance_dates = {minutes(2021, 3, 16)};
    AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    ExceptionInfo e = same_time_exception(2021, 3, 16, 10, 60);
    e.attachment = true;
    r.exceptions = {e};
    Message m = appointment("Weekly review", utc(2021, 3, 2, 18), utc(2021, 3, 2, 19));
    make_recurring(m, r);
    auto c = convert(m);
    INFO(c->text << c->warnings());
    CHECK(c->warned("2021-3-16"));
    CHECK(c->warned("no embedded exception message"));
    REQUIRE(override_for(*c, recurrence_id("20210316T100000")));
}

TEST_CASE("UNTIL is the UTC instant of the last occurrence's local start", "[conversion][until]") {
    SECTION("series ending after DST ends: 10:00 PST = 18:00Z") {
        // Wednesdays 10:00-10:30 from 2021-10-06 (PDT) to 2021-11-17 (PST; DST ended 11-07).
        auto p = weekly_pattern({2021, 10, 6}, day_bit::Wednesday, 1);
        end_by_date(p, {2021, 11, 17}, 7);
        AppointmentRecurrence r;
        r.pattern = p;
        r.start_time_offset = 600;
        r.end_time_offset = 630;
        Message m = appointment("Status", utc(2021, 10, 6, 17), utc(2021, 10, 6, 17, 30));
        make_recurring(m, r);
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(one(ev, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20211006T100000");
        const std::string rrule = one(ev, "RRULE");
        CHECK_THAT(rrule, Catch::Contains("UNTIL=20211117T180000Z"));
        CHECK_THAT(rrule, !Catch::Contains("COUNT="));
    }
    SECTION("series ending after DST starts: 10:00 PDT = 17:00Z") {
        auto p = weekly_pattern({2021, 2, 4}, day_bit::Thursday, 1);
        end_by_date(p, {2021, 4, 1}, 9);
        AppointmentRecurrence r;
        r.pattern = p;
        r.start_time_offset = 600;
        r.end_time_offset = 660;
        Message m = appointment("Thursday", utc(2021, 2, 4, 18), utc(2021, 2, 4, 19));
        make_recurring(m, r);
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(one(ev, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210204T100000");
        CHECK_THAT(one(ev, "RRULE"), Catch::Contains("UNTIL=20210401T170000Z"));
    }
    SECTION("all-day series: UNTIL is a DATE (RFC 5545 3.3.10, DTSTART is a DATE)") {
        // Saturdays, all day, 2021-05-01 .. 2021-05-29; all-day items start at local midnight.
        auto p = weekly_pattern({2021, 5, 1}, day_bit::Saturday, 1);
        end_by_date(p, {2021, 5, 29}, 5);
        AppointmentRecurrence r;
        r.pattern = p;
        r.start_time_offset = 0;
        r.end_time_offset = 1440;
        Message m = appointment("Farmers market", utc(2021, 5, 1, 7), utc(2021, 5, 2, 7));  // 00:00 PDT
        m.props.set(mapi::lid::AppointmentSubType, true);
        make_recurring(m, r);
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(one(ev, "DTSTART") == "DTSTART;VALUE=DATE:20210501");
        CHECK(one(ev, "DTEND") == "DTEND;VALUE=DATE:20210502");
        icalrecurrencetype rule = icalproperty_get_rrule(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY));
        CHECK(rule.until.is_date == 1);
        CHECK(rule.until.year == 2021);
        CHECK(rule.until.month == 5);
        CHECK(rule.until.day == 29);
        CHECK_THAT(one(ev, "RRULE"), Catch::Contains("UNTIL=20210529") && !Catch::Contains("UNTIL=20210529T"));
    }
    SECTION("end after N occurrences: COUNT") {
        auto p = daily_pattern({2021, 9, 1}, 2);
        end_after_occurrences(p, 5, {2021, 9, 9});
        AppointmentRecurrence r;
        r.pattern = p;
        r.start_time_offset = 480;
        r.end_time_offset = 510;
        Message m = appointment("Standup", utc(2021, 9, 1, 15), utc(2021, 9, 1, 15, 30));
        make_recurring(m, r);
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        icalrecurrencetype rule = icalproperty_get_rrule(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY));
        CHECK(rule.freq == ICAL_DAILY_RECURRENCE);
        CHECK(rule.interval == 2);
        CHECK(rule.count == 5);
        CHECK_THAT(one(ev, "RRULE"), !Catch::Contains("UNTIL"));
    }
}
