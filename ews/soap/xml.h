#pragma once
// Namespace-aware reading of pugixml trees (Namespaces in XML 1.0, section 6) and escaping for
// the XML the client writes. pugixml keeps raw "prefix:local" names; these helpers resolve the
// prefix through the xmlns declarations in scope so that callers compare namespace URIs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace calbridge::ews::xml {

// The namespace URI bound to prefix ("" = default namespace) in the scope of element;
// "" when no default namespace is declared, nullopt for an undeclared non-empty prefix.
std::optional<std::string> namespace_for_prefix(pugi::xml_node element, std::string_view prefix);
std::string_view local_name(pugi::xml_node element) noexcept;
// The namespace URI of an element ("" when unresolvable).
std::string namespace_of(pugi::xml_node element);
bool is(pugi::xml_node element, std::string_view ns, std::string_view local);

// First element child with this namespace and local name (null node when none).
pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local);
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns, std::string_view local);
// Every element child, whatever its name.
std::vector<pugi::xml_node> element_children(pugi::xml_node parent);
// Trimmed text of the first such child ("" when absent).
std::string child_text(pugi::xml_node parent, std::string_view ns, std::string_view local);
// Follows a path of local names inside one namespace: path(n, kTypes, {"A","B"}).
pugi::xml_node path(pugi::xml_node from, std::string_view ns, std::initializer_list<std::string_view> locals);
// An unprefixed attribute's value ("" when absent). EWS attributes are unqualified.
std::string attribute(pugi::xml_node element, const char* name);

std::string trim(std::string_view text);

// An integer written by the server (decimal, or hexadecimal with 0x as PropertyId may be);
// nullopt for anything else, never an exception on bad input.
std::optional<long long> to_integer(std::string_view text);

// Escaping for text content and for attribute values (quotes escaped too).
std::string escape(std::string_view text);

}  // namespace calbridge::ews::xml
