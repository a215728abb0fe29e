#pragma once
// Reading the parts of a message that every appointment (and each exception's embedded
// message) has: body, recipients, file attachments, exception attachments.
#include <cstdint>
#include <vector>

#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/diagnostics.h"

namespace calbridge::mapi {

// DESCRIPTION and X-ALT-DESC: the plain body (PidTagBody) when present; else the text of the
// HTML body (PidTagHtml) or of the compressed RTF (PidTagRtfCompressed, MS-OXRTFCP), whose
// encapsulated HTML (MS-OXRTFEX) is kept as `html`.
Body read_body(const PropertyBag& props, Diagnostics& diag);

// Organizer and attendees (MS-OXOCAL 2.2.4.10, MS-OXCICAL 2.1.3.1.1.20.2 and .20.31).
void read_people(const Message& message, Appointment& into, Diagnostics& diag);

// Attachments with file data (afByValue), excluding exception messages (MS-OXCMSG 2.2.2).
std::vector<FileAttachment> read_file_attachments(const Message& message, Diagnostics& diag);

// Embedded-message attachments that hold recurrence exceptions (MS-OXOCAL 2.2.10.1.1).
std::vector<const Attachment*> exception_attachments(const Message& message);

// The exception attachment for an occurrence: matched on PidTagExceptionReplaceTime /
// PidLidExceptionReplaceTime (the original start, UTC), else on PidTagExceptionStartTime,
// which holds the new local start written as if it were UTC (MS-OXOCAL 2.2.10.1.1).
const Attachment* match_exception_attachment(const std::vector<const Attachment*>& candidates,
                                             std::int64_t original_start_utc, const CivilDateTime& start_local);

}  // namespace calbridge::mapi
