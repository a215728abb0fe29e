#pragma once
// Test helper: what libical objects to in a parsed component tree.
#include <libical/ical.h>

namespace calbridge::test {

// X-LIC-ERROR properties anywhere below c: libical's way of reporting what it could not parse.
inline int count_xlic_errors(icalcomponent* c) {
    int n = icalcomponent_count_properties(c, ICAL_XLICERROR_PROPERTY);
    for (icalcomponent* s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        n += count_xlic_errors(s);
    return n;
}

}  // namespace calbridge::test
