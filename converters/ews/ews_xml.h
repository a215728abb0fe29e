#pragma once
// Namespace-aware access to EWS XML with pugixml. EWS elements live in the types namespace
// (MS-OXWSCDATA; the "t:" prefix is only a convention: a server may bind any prefix, or make
// the namespace the default), so elements are matched by namespace URI and local name, the
// namespace resolved through the in-scope xmlns declarations of the element's ancestors.
// (caldav/xml/qname.h does the same for the CalDAV engine; converters must not depend on
// caldav, hence this small copy for the types namespace.)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace calbridge::ews {

inline constexpr const char* kTypesNs = "http://schemas.microsoft.com/exchange/services/2006/types";
inline constexpr const char* kMessagesNs = "http://schemas.microsoft.com/exchange/services/2006/messages";

// Namespace URI of an element (its prefix resolved against its ancestors' declarations);
// "" when unbound.
std::string namespace_of(pugi::xml_node element);
std::string_view local_name_of(pugi::xml_node element);

// True when `element` is {ns}local.
bool is_element(pugi::xml_node element, std::string_view ns, std::string_view local);

// The first / every child element {kTypesNs}local of `parent`.
pugi::xml_node child(pugi::xml_node parent, std::string_view local);
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view local);

// The element's character data, leading/trailing XML whitespace removed; nullopt when the
// child is absent (an empty element gives "").
std::optional<std::string> child_text(pugi::xml_node parent, std::string_view local);

// Every element {ns}local in document order below `root` (root included).
std::vector<pugi::xml_node> descendants(pugi::xml_node root, std::string_view ns, std::string_view local);

}  // namespace calbridge::ews
