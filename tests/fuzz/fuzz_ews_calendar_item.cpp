// libFuzzer target for direction A of the EWS bridge: GetItem XML from a server we do not
// control -> every CalendarItem in it (the later ones as exception items of the first) ->
// mapi::Appointment -> iCalendar text. Nothing may crash, hang or leak; CalendarItemError is
// the only way out for an item that cannot be an event. Inputs are capped at 64 KiB.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/ews_xml.h"

using namespace calbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    pugi::xml_document doc;
    if (!doc.load_buffer(data, size, pugi::parse_default & ~pugi::parse_doctype)) return 0;
    std::vector<pugi::xml_node> items = ews::descendants(doc, ews::kTypesNs, "CalendarItem");
    if (items.empty()) return 0;
    mapi::Diagnostics diag;
    try {
        (void)ews::ical_from_calendar_item(items[0], std::span(items).subspan(1), {}, diag);
    } catch (const ews::CalendarItemError&) {
    }
    return 0;
}
