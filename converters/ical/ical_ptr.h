#pragma once
// RAII ownership of libical objects. libical is C: every icalcomponent_new must be matched
// by icalcomponent_free unless ownership passed to a parent with icalcomponent_add_component.
#include <libical/ical.h>

#include <memory>
#include <string>

namespace calbridge::ical {

struct ComponentDeleter {
    void operator()(icalcomponent* c) const noexcept { if (c) icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

struct PropertyDeleter {
    void operator()(icalproperty* p) const noexcept { if (p) icalproperty_free(p); }
};
using PropertyPtr = std::unique_ptr<icalproperty, PropertyDeleter>;

// X- properties whose values calbridge writes as TEXT (RFC 5545 3.3.11).
inline constexpr const char* kTextXProperties[] = {"X-ALT-DESC"};

// Serialises a component to RFC 5545 text (CRLF line endings, folded lines). libical 3.0
// leaves COMMA and SEMICOLON unescaped in X- property values; for kTextXProperties they are
// escaped here, so the value reads back as one TEXT value.
std::string to_ics(const icalcomponent* c);

// Parses text into a component; nullptr if libical could not parse it at all.
ComponentPtr parse_ics(const std::string& text);

}  // namespace calbridge::ical
