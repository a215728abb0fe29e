#pragma once
// Three-way merge of two versions of one calendar object resource (one UID: the master and its
// RECURRENCE-ID overrides, RFC 4791 4.1) against the BASE version both sides agreed on at the
// last sync: the bridge's default conflict policy (issue 5 item 3).
//
// Unit of merge: a component is identified by its type and RECURRENCE-ID (RFC 5545 3.8.4.4; the
// master has none); inside it, a "field" is every property of one name taken together (all the
// ATTENDEE lines are one field, all the EXDATE lines another), and every sub-component of one
// type (VALARM) is one field too. Per field: changed on one side only -> that side's value;
// changed on both sides to the same value -> that value; changed on both sides differently -> a
// true conflict: the REMOTE side's value (Exchange wins, the local version is kept as a conflict
// record by the caller). A component removed on one side and changed on the other is a conflict
// too (remote wins). DTSTAMP, LAST-MODIFIED and SEQUENCE change with every save: they never
// conflict and take the newer value of the two sides.
// VTIMEZONEs: the union by TZID, the remote definition when both have one.
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::sync {

struct MergeResult {
    std::string ical;                     // the merged VCALENDAR
    bool conflict = false;                // some field changed differently on both sides
    std::vector<std::string> conflicting; // "VEVENT SUMMARY", "VEVENT[20260301T090000Z] LOCATION", ...
};

// base may be empty (no agreed version: both sides made the UID independently); then every
// field that differs is a conflict. A side that cannot be parsed: the remote text, conflict.
MergeResult merge_three_way(std::string_view base, std::string_view local, std::string_view remote);


// Same meaning: equal fields in equal components, ignoring DTSTAMP, LAST-MODIFIED, SEQUENCE,
// the VCALENDAR properties, VTIMEZONE definitions and the order and folding of lines.
bool same_content(std::string_view a, std::string_view b);

// Whether `remote` holds the changes `sent` made to `base` (an update whose answer was lost: did
// it land?). Every field `sent` changed or added has `sent`'s value in `remote`; fields `sent`
// lacks and `base` has are no proof either way (the remote adds its defaults), unless they are
// all `sent` changed: then `remote` must lack them too. Volatile fields and ORGANIZER (set by
// the server, never taken from a client's write) are ignored.
bool holds_changes(std::string_view base, std::string_view sent, std::string_view remote);

}  // namespace calbridge::sync
