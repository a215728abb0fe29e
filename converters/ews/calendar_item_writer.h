#pragma once
// Direction B of the EWS bridge: one iCalendar object of the gateway (a VCALENDAR holding one
// UID: the master VEVENT and its RECURRENCE-ID overrides) -> what CreateItem and UpdateItem
// need. The XML uses the prefix t: bound to the EWS types namespace on each top element, so
// every piece can be pasted into a request as is.
//
// Mapping (RFC 5545 / MS-OXCICAL 2.1.3.2 import -> types.xsd CalendarItemType):
//   SUMMARY -> Subject; DESCRIPTION -> Body Text, or X-ALT-DESC;FMTTYPE=text/html -> Body HTML;
//   LOCATION -> Location; CATEGORIES -> Categories; CLASS -> Sensitivity (PUBLIC Normal,
//   PRIVATE Private, CONFIDENTIAL Confidential, X-PERSONAL Personal);
//   X-MICROSOFT-CDO-IMPORTANCE (0/1/2), else PRIORITY (1-4 High, 5/0 Normal, 6-9 Low) -> Importance;
//   X-MICROSOFT-CDO-BUSYSTATUS, else TRANSP (TRANSPARENT Free, OPAQUE Busy) -> LegacyFreeBusyStatus;
//   the first display/audio VALARM with a TRIGGER relative to the start -> ReminderIsSet /
//   ReminderMinutesBeforeStart (none: ReminderIsSet false);
//   UID -> UID; DTSTART/DTEND (DURATION) -> Start/End as UTC instants with StartTimeZone/
//   EndTimeZone Id = the Windows zone of the TZID (windows_zone_of_tzid.h); UTC and floating
//   times -> "UTC"; DATE values -> IsAllDayEvent with midnights of options.all_day_time_zone;
//   ATTENDEE -> RequiredAttendees (ROLE REQ-PARTICIPANT/CHAIR), OptionalAttendees
//   (OPT-/NON-PARTICIPANT), Resources (CUTYPE RESOURCE/ROOM), PARTSTAT -> ResponseType;
//   RRULE -> Recurrence (recurrence_to_ews.h); EXDATE -> deleted occurrences;
//   RECURRENCE-ID components -> per-occurrence updates; X-MICROSOFT-CDO-INTENDEDSTATUS ->
//   PidLidIntendedBusyStatus as an ExtendedProperty; inline ATTACH -> attachments (for
//   CreateAttachment; ATTACH by URI is reported, not written).
// Not written, because Exchange sets them itself and refuses them on CreateItem (read-only in
// EWS): ORGANIZER (the mailbox owner becomes the organizer), IsMeeting (set from the
// attendees), STATUS:CANCELLED (IsCancelled), CREATED/LAST-MODIFIED/DTSTAMP, SEQUENCE.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "converters/mapi/diagnostics.h"

namespace calbridge::ews {

class IcalendarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One change of an UpdateItem's <t:Updates>: a <t:SetItemField> (the field's element inside a
// <t:CalendarItem>) or a <t:DeleteItemField> (field absent from the iCalendar).
struct ItemFieldUpdate {
    std::string field_uri;  // FieldURI, e.g. "item:Subject", "calendar:Start"
    bool remove = false;    // DeleteItemField
    std::string xml;        // the whole <t:SetItemField xmlns:t=...> / <t:DeleteItemField ...> element
};

// A modified occurrence: UpdateItem on <t:OccurrenceItemId RecurringMasterId=... InstanceIndex=.../>.
struct OccurrenceOverride {
    std::int64_t original_start_utc = 0;  // RECURRENCE-ID
    // 1-based position of the occurrence in the pattern's expansion from DTSTART (deleted
    // occurrences keep their index, as in EWS InstanceIndex); 0 when RECURRENCE-ID names no
    // occurrence of the rule (reported to the diagnostics).
    int instance_index = 0;
    std::vector<ItemFieldUpdate> updates;  // Start, End, and every field that differs from the master
};

// A file attached to the event (inline ATTACH;ENCODING=BASE64;VALUE=BINARY, RFC 5545
// 3.8.1.1): sent with CreateAttachment on the created item (UpdateItem cannot carry
// attachments; CreateAttachment works for new and existing items alike).
struct EwsFileAttachment {
    std::string name;            // X-FILENAME (or FILENAME) parameter; "attachment" when absent
    std::string content_type;    // FMTTYPE; application/octet-stream when absent
    std::string content_base64;  // the value, still base64 as RFC 5545 carries it
    // <t:FileAttachment xmlns:t="..."> with Name, ContentType, Content in schema order, for
    // CreateAttachment's <m:Attachments>.
    std::string xml;
};

struct EwsCalendarItem {
    std::string uid;
    // <t:CalendarItem xmlns:t="...types"> for CreateItem's <m:Items>, children in the
    // xs:sequence order of types.xsd (ItemType's fields, then CalendarItemType's).
    std::string item_xml;
    // The same content as a whole replacement of an existing item (UpdateItem
    // ConflictResolution as the caller decides): one SetItemField per present field, one
    // DeleteItemField per absent clearable field (Body, Location, Categories, attendee lists,
    // Recurrence). UID is left out (it identifies the item).
    std::vector<ItemFieldUpdate> updates;
    std::vector<OccurrenceOverride> overrides;  // in RECURRENCE-ID order
    // EXDATEs: DeleteItem on those occurrences (OccurrenceItemId with the index).
    std::vector<std::int64_t> deleted_occurrence_starts_utc;
    std::vector<int> deleted_instance_indexes;  // same order; 0 = not an occurrence of the rule
    std::vector<EwsFileAttachment> attachments;  // the master's inline ATTACHes
    // ORGANIZER's address (mailto: removed), "" when none. Not written (read-only in EWS):
    // Exchange makes the mailbox owner the organizer, so the adapter can tell a meeting
    // organized by someone else, which would come back organized by the owner.
    std::string organizer_email;
    // The master's RRULE had no EWS form: item_xml holds only its first occurrence, and
    // overrides and deletions are empty.
    bool recurrence_dropped = false;
};

struct WriteOptions {
    // Windows zone for all-day events (DATE values carry no zone): the mailbox's zone, so an
    // all-day event covers the mailbox owner's day. (Floating date-times are written as UTC.)
    std::string all_day_time_zone = "UTC";
};

// Throws IcalendarError when the text is no VCALENDAR with a VEVENT that has a DTSTART.
// Everything lossy is reported to `diag`.
EwsCalendarItem calendar_item_from_ical(std::string_view vcalendar_text, mapi::Diagnostics& diag,
                                        const WriteOptions& options = {});

}  // namespace calbridge::ews
