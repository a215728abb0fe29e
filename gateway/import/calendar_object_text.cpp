#include "gateway/import/calendar_object_text.h"

#include "caldav/hex.h"
#include "converters/ical/ical_ptr.h"
#include "gateway/store/crypto.h"

namespace calbridge::import {

std::string calendar_object_text(std::string_view serialised_events, const std::map<std::string, mapi::ZoneUse>& zones) {
    std::string text = "BEGIN:VCALENDAR\r\nPRODID:" + std::string(mapi::kProdId) + "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n";
    for (const ical::ComponentPtr& zone : mapi::vtimezones(zones)) text += ical::to_ics(zone.get());
    text += serialised_events;
    text += "END:VCALENDAR\r\n";
    return text;
}

std::string fingerprint(std::string_view text) {
    return caldav::hex_encode(store::sha256(text));
}

}  // namespace calbridge::import
