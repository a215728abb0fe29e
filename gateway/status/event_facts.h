#pragma once
// What a person needs to tell two versions of a calendar object apart on the status page: the
// master component's SUMMARY, DTSTART, DTEND, LOCATION... as readable text. A light reading of
// the iCalendar text (RFC 5545 3.1 unfolding, 3.1.1 parameters, 3.3.11 TEXT escapes) that never
// fails: the versions were validated when they were stored, and a value it cannot read is shown
// as written.
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::status {

struct Fact {
    std::string name;   // "SUMMARY", "DTSTART", ..., "ATTENDEES", "OVERRIDES"
    std::string value;  // unescaped, parameters worth showing in parentheses, e.g. "20261127T100000 (Europe/Berlin)"
};

// The facts of the object's master component (the first VEVENT/VTODO/VJOURNAL without
// RECURRENCE-ID, else the first one), in a fixed order; facts it lacks are left out. Long
// DESCRIPTIONs are cut to 300 bytes (on a UTF-8 boundary) with "...".
std::vector<Fact> event_facts(std::string_view icalendar);

// The value of the fact called name, or "" when absent.
std::string fact(const std::vector<Fact>& facts, std::string_view name);

}  // namespace calbridge::status
