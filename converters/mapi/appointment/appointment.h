#pragma once
// A typed view of one Outlook appointment (MS-OXOCAL 2.2.1), read from a mapi::Message.
// Stage 1 of the MAPI -> iCalendar conversion: every property the converter uses is decoded
// here once (blobs parsed, time zones resolved, bodies decompressed); stage 2
// (appointment_to_ical.h) renders it per MS-OXCICAL. `calbridge info --json` prints this model.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "converters/mapi/property_bag.h"
#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/time_units.h"
#include "converters/mapi/timezone/time_zone.h"

namespace calbridge::mapi {

// PidLidBusyStatus values, MS-OXOCAL 2.2.1.2.
enum class BusyStatus : int { Free = 0, Tentative = 1, Busy = 2, OutOfOffice = 3, WorkingElsewhere = 4 };

// A recipient-table row or the organizer (MS-OXOCAL 2.2.4.10).
struct Person {
    std::string name;
    std::string email;          // SMTP address; empty when the item holds none
    int recipient_type = 1;     // PidTagRecipientType: 1 To (required), 2 Cc (optional), 3 Bcc (resource)
    int track_status = 0;       // PidTagRecipientTrackStatus (respNone, respTentative 2, respAccepted 3, respDeclined 4)
    std::uint32_t flags = 0;    // PidTagRecipientFlags (recipOrganizer 0x2, ...)
};

// A file attached to the item or to an exception's embedded message.
struct FileAttachment {
    std::string file_name;
    std::string mime_type;  // PidTagAttachMimeTag, or guessed from the extension
    Bytes data;
};

struct Body {
    std::string text;                 // plain text (DESCRIPTION)
    std::optional<std::string> html;  // original HTML when the item has one (X-ALT-DESC)
};

struct Reminder {
    bool set = false;
    int minutes_before = 15;  // PidLidReminderDelta
};

// One modified occurrence: ExceptionInfo/ExtendedException merged with the embedded
// exception message (MS-OXOCAL 2.2.1.44.2-3, 2.2.10.1). Unset optionals = unchanged.
struct OccurrenceOverride {
    CivilDateTime original_start_local;  // RECURRENCE-ID, in the recurrence time zone
    CivilDateTime start_local, end_local;
    std::optional<std::string> subject, location;
    std::optional<BusyStatus> busy;
    std::optional<Reminder> reminder;
    std::optional<bool> all_day;
    std::optional<bool> canceled;                  // asfCanceled in the occurrence's state flags
    std::optional<Body> body;                      // from the embedded message
    std::vector<FileAttachment> attachments;       // from the embedded message
    std::optional<std::vector<Person>> attendees;  // from the embedded message, when it has a recipient table
};

struct Appointment {
    std::string origin;  // where the item came from, for messages
    std::string uid;
    bool uid_from_global_object_id = false;

    std::string subject, location;
    Body body;

    std::int64_t start_utc = 0, end_utc = 0;  // PidLidAppointmentStartWhole / EndWhole, unix seconds
    bool all_day = false;                     // PidLidAppointmentSubType
    // Zones of DTSTART and DTEND (MS-OXCICAL 2.1.3.1.1.20.10-13); nullptr = UTC.
    std::shared_ptr<const TimeZone> start_zone, end_zone;

    std::optional<AppointmentRecurrence> recurrence;  // PidLidAppointmentRecur
    std::vector<CivilDateTime> deleted_occurrences;   // original local starts (EXDATE)
    std::vector<OccurrenceOverride> overrides;        // RECURRENCE-ID components

    bool is_meeting = false;  // asfMeeting in PidLidAppointmentStateFlags
    bool canceled = false;    // asfCanceled
    std::optional<Person> organizer;
    std::vector<Person> attendees;

    BusyStatus busy = BusyStatus::Busy;
    std::optional<BusyStatus> intended_busy;
    Reminder reminder;
    std::vector<std::string> categories;
    int sensitivity = 0;  // PidTagSensitivity
    int importance = 1;   // PidTagImportance
    std::optional<int> sequence;
    std::optional<std::int64_t> created_utc, last_modified_utc;
    std::vector<FileAttachment> attachments;
};

// Reads appointments; caches parsed time-zone blobs, which repeat across the items of a file.
class AppointmentReader {
public:
    AppointmentReader();
    ~AppointmentReader();
    // Never throws for bad item data: unreadable properties become warnings in `diag`
    // ("PidLidAppointmentRecur: recurrence blob truncated at byte 58") and the rest is kept.
    // Throws ItemError only when the item cannot be an event at all (no start time).
    Appointment read(const Message& message, Diagnostics& diag);

private:
    struct ZoneCache;
    std::unique_ptr<ZoneCache> zones_;
};

class ItemError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace calbridge::mapi
