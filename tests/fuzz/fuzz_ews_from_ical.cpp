// libFuzzer target for direction B of the EWS bridge: an iCalendar object as a CalDAV client
// could store it -> CreateItem/UpdateItem XML, occurrence indexes and attachments. Nothing may
// crash, hang or leak; IcalendarError is the only way out for text that is no event.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "converters/ews/calendar_item_writer.h"

using namespace calbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    mapi::Diagnostics diag;
    try {
        (void)ews::calendar_item_from_ical(std::string_view(reinterpret_cast<const char*>(data), size), diag);
    } catch (const ews::IcalendarError&) {
    }
    return 0;
}
