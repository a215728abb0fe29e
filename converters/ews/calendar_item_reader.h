#pragma once
// Direction A of the EWS bridge: a CalendarItem as GetItem returns it (types.xsd
// CalendarItemType) -> mapi::Appointment, the model the PST path fills too, so
// mapi::appointment_to_ical (MS-OXCICAL) renders both the same way.
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/diagnostics.h"

namespace calbridge::ews {

// Thrown when the element cannot be an event at all (not a CalendarItem, no Start/End).
class CalendarItemError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// `calendar_item`: a {types}CalendarItem element (any prefix; matched by namespace URI).
// `exception_items`: the CalendarItems GetItem returned for the ItemIds listed under the
// master's ModifiedOccurrences (CalendarItemType Exception); matched to their occurrence by
// OriginalStart (or RecurrenceId). Fetch them with the master's shape: Subject, Location and
// Body absent from an exception item read as cleared on that occurrence (Exchange omits empty
// strings). A modified occurrence without its item keeps only the times ModifiedOccurrences
// gives, with a warning.
//
// Mapping (MS-OXWSCDATA / types.xsd -> MS-OXOCAL properties):
//   Subject, Location, Body (BodyType Text -> text; HTML -> html plus its text rendering),
//   Categories, Sensitivity, Importance, ReminderIsSet/ReminderMinutesBeforeStart,
//   Start/End (UTC instants), IsAllDayEvent, LegacyFreeBusyStatus, IntendedFreeBusyStatus,
//   IsMeeting, IsCancelled, Organizer, Required/OptionalAttendees/Resources (recipient type
//   1/2/3) with ResponseType -> track status, DateTimeCreated, LastModifiedTime,
//   AppointmentSequenceNumber, Recurrence (recurrence_from_ews.h), DeletedOccurrences ->
//   deleted_occurrences, ModifiedOccurrences + exception items -> overrides.
//   UID: from the PidLidGlobalObjectId extended property when the item carries it
//   (MS-OXCICAL 2.1.3.1.1.20.26, mapi::uid_from_global_object_id), else t:UID.
//   Zones: StartTimeZone/EndTimeZone with Periods -> Exchange's own definition
//   (time_zone_definition.h); else their @Id (Exchange 2010+), else MeetingTimeZone/
//   @TimeZoneName, else TimeZone when it is a Windows id -> mapi::TimeZone::from_windows_id
//   for the year of Start; none of them: UTC (with a warning for recurring items, whose
//   wall-clock pattern then follows UTC).
// Never throws for bad optional data: it is reported to `diag` naming the element.
// A <t:FileAttachment> as GetAttachment returns it (Name, ContentType, Content) -> the
// appointment's attachment; put the results in Appointment::attachments. Throws
// CalendarItemError when Content is missing or not base64.
mapi::FileAttachment file_attachment_from_ews(pugi::xml_node file_attachment);

// The <t:ExtendedFieldURI> paths GetItem must list in its ItemShape's AdditionalProperties
// for this reader to see the properties EWS has no element for: PidLidGlobalObjectId (the
// UID of MS-OXCICAL) and PidLidIntendedBusyStatus. Uses the prefix t:.
const char* calendar_item_additional_properties();

mapi::Appointment appointment_from_calendar_item(pugi::xml_node calendar_item,
                                                 std::span<const pugi::xml_node> exception_items,
                                                 mapi::Diagnostics& diag);

// The whole of direction A in one call: appointment_from_calendar_item, then
// mapi::appointment_to_ical and to_vcalendar, serialised (RFC 5545 text, CRLF, folded): the
// gateway's canonical object for the item's UID. `attachments` (GetAttachment results through
// file_attachment_from_ews) are attached to the master.
std::string ical_from_calendar_item(pugi::xml_node calendar_item, std::span<const pugi::xml_node> exception_items,
                                    std::vector<mapi::FileAttachment> attachments, mapi::Diagnostics& diag);

}  // namespace calbridge::ews
