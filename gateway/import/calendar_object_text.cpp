#include "gateway/import/calendar_object_text.h"

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
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string digest = store::sha256(text);
    std::string hex;
    hex.reserve(digest.size() * 2);
    for (unsigned char b : digest) {
        hex.push_back(kHex[b >> 4]);
        hex.push_back(kHex[b & 0x0f]);
    }
    return hex;
}

}  // namespace calbridge::import
