#pragma once
// Test support for the EWS conversion tests: iCalendar normalisation for comparisons, SOAP
// envelopes for schema validation, and a stand-in for what Exchange returns from GetItem
// after a CreateItem/UpdateItem of the converter's output.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "converters/ews/calendar_item_writer.h"
#include "converters/mapi/appointment/appointment.h"

namespace calbridge::ews_test {

// One line per property of every VEVENT, "<component key>|<NAME>[;params]:<value>", sorted:
// the component key is "master" or the RECURRENCE-ID instant; DTSTART/DTEND/EXDATE/
// RECURRENCE-ID are compared as instants (unix seconds) plus their TZID, or as DATE; mailto
// addresses in lower case; parameters sorted. Ignored: DTSTAMP, CREATED, LAST-MODIFIED,
// SEQUENCE, PRODID/VERSION, VTIMEZONE bodies, property order.
std::vector<std::string> normalize_ics(const std::string& ics);

// Lines of `a` not in `b` ("- ...") and of `b` not in `a` ("+ ...").
std::vector<std::string> diff_lines(const std::vector<std::string>& a, const std::vector<std::string>& b);

// SOAP requests around the converter's XML (Exchange2016 RequestServerVersion).
std::string create_item_envelope(const std::string& item_xml);
std::string create_attachment_envelope(const std::string& file_attachment_xml);
std::string update_item_envelope(const std::vector<ews::ItemFieldUpdate>& updates,
                                 std::optional<int> instance_index = std::nullopt);

// What GetItem would return for the item created from `item`: the CalendarItem with ItemId,
// CalendarItemType, IsMeeting (attendees present), Organizer (= the mailbox owner, when
// given), DeletedOccurrences and ModifiedOccurrences; plus one Exception item per override
// (the master's fields with the occurrence's updates applied, OriginalStart set).
struct GetItemResult {
    pugi::xml_document doc;  // holds all the items
    pugi::xml_node master;
    std::vector<pugi::xml_node> exceptions;
};
void simulate_get_item(const ews::EwsCalendarItem& item, const std::optional<mapi::Person>& mailbox_owner,
                       GetItemResult& out);

}  // namespace calbridge::ews_test
