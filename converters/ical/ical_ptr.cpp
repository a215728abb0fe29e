#include "converters/ical/ical_ptr.h"

namespace calbridge::ical {

std::string to_ics(const icalcomponent* c) {
    // icalcomponent_as_ical_string_r returns a buffer the caller frees.
    char* s = icalcomponent_as_ical_string_r(const_cast<icalcomponent*>(c));
    if (!s) return {};
    std::string out(s);
    icalmemory_free_buffer(s);
    return out;
}

ComponentPtr parse_ics(const std::string& text) {
    return ComponentPtr(icalparser_parse_string(text.c_str()));
}

}  // namespace calbridge::ical
