#pragma once
// Qualified XML names (namespace URI + local name) and the one namespace helper of the engine
// (DESIGN.md: "add one namespace helper, never string-match prefixes"). Everything the engine
// compares — property names, report names, precondition elements — is a QName.
#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace calbridge::caldav::xml {

// Namespaces used by WebDAV/CalDAV clients.
inline constexpr std::string_view kDav = "DAV:";                                   // RFC 4918 21
inline constexpr std::string_view kCalDav = "urn:ietf:params:xml:ns:caldav";       // RFC 4791 1.2
inline constexpr std::string_view kCalendarServer = "http://calendarserver.org/ns/";  // Apple CS
inline constexpr std::string_view kAppleIcal = "http://apple.com/ns/ical/";        // calendar-color/-order

struct QName {
    std::string ns;     // namespace URI, "" for no namespace
    std::string name;   // local name

    auto operator<=>(const QName&) const = default;
    bool operator==(const QName&) const = default;
    // Clark notation "{ns}name", for logs and error messages.
    std::string clark() const;
};

struct QNameHash {
    std::size_t operator()(const QName& q) const noexcept;
};

inline QName dav(std::string_view name) { return {std::string(kDav), std::string(name)}; }
inline QName caldav_name(std::string_view name) { return {std::string(kCalDav), std::string(name)}; }
inline QName cs(std::string_view name) { return {std::string(kCalendarServer), std::string(name)}; }
inline QName apple(std::string_view name) { return {std::string(kAppleIcal), std::string(name)}; }

// --- namespace resolution over pugixml (Namespaces in XML 1.0, section 6) ---

// The namespace URI bound to prefix ("" = the default namespace) in the scope of element,
// looking at its own xmlns attributes and then its ancestors'. For prefix "" with no default
// declaration in scope the answer is "" (no namespace); for an undeclared non-empty prefix it is
// nullopt. The "xml" prefix is always bound (Namespaces in XML 1.0, 3).
std::optional<std::string> namespace_for_prefix(pugi::xml_node element, std::string_view prefix);

// The qualified name of an element. Throws RequestError 400 for an undeclared prefix (the
// document is not namespace-well-formed). parse_document() has already checked every element
// of a parsed request, so on those this does not throw.
QName qname_of(pugi::xml_node element);

// The local part of a raw "prefix:local" name, and its prefix ("" when there is none).
std::string_view local_part(std::string_view raw) noexcept;
std::string_view prefix_part(std::string_view raw) noexcept;

// True when element has namespace ns and local name `name`.
bool is_element(pugi::xml_node element, std::string_view ns, std::string_view name);

}  // namespace calbridge::caldav::xml

template <>
struct std::hash<calbridge::caldav::xml::QName> {
    std::size_t operator()(const calbridge::caldav::xml::QName& q) const noexcept {
        return calbridge::caldav::xml::QNameHash{}(q);
    }
};
