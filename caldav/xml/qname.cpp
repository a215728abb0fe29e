#include "caldav/xml/qname.h"

#include <cstring>

#include "caldav/xml/error.h"

namespace calbridge::caldav::xml {

std::string QName::clark() const {
    std::string out;
    out.reserve(ns.size() + name.size() + 2);
    out += '{';
    out += ns;
    out += '}';
    out += name;
    return out;
}

std::size_t QNameHash::operator()(const QName& q) const noexcept {
    const std::size_t a = std::hash<std::string>{}(q.ns);
    const std::size_t b = std::hash<std::string>{}(q.name);
    return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

std::string_view local_part(std::string_view raw) noexcept {
    const auto colon = raw.find(':');
    return colon == std::string_view::npos ? raw : raw.substr(colon + 1);
}

std::string_view prefix_part(std::string_view raw) noexcept {
    const auto colon = raw.find(':');
    return colon == std::string_view::npos ? std::string_view{} : raw.substr(0, colon);
}

std::optional<std::string> namespace_for_prefix(pugi::xml_node element, std::string_view prefix) {
    // Namespaces in XML 1.0, 3: "xml" is bound by definition and need not be declared.
    if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
    for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
        for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
            const std::string_view an = a.name();
            if (prefix.empty()) {
                if (an == "xmlns") return std::string(a.value());   // "" undeclares the default
            } else if (an.size() == prefix.size() + 6 && an.substr(0, 6) == "xmlns:" &&
                       an.substr(6) == prefix) {
                // xmlns:p="" is not allowed in XML 1.0 namespaces (5); parse_document rejects it.
                if (*a.value() == '\0') return std::nullopt;
                return std::string(a.value());
            }
        }
    }
    if (prefix.empty()) return std::string();
    return std::nullopt;
}

QName qname_of(pugi::xml_node element) {
    const std::string_view raw = element.name();
    const std::string_view prefix = prefix_part(raw);
    auto ns = namespace_for_prefix(element, prefix);
    if (!ns) {
        throw RequestError(400, "XML element <" + std::string(raw) + "> uses the undeclared namespace prefix '" +
                                    std::string(prefix) + "'");
    }
    return QName{std::move(*ns), std::string(local_part(raw))};
}

bool is_element(pugi::xml_node element, std::string_view ns, std::string_view name) {
    if (element.type() != pugi::node_element) return false;
    const std::string_view raw = element.name();
    if (local_part(raw) != name) return false;
    const auto resolved = namespace_for_prefix(element, prefix_part(raw));
    return resolved && *resolved == ns;
}

}  // namespace calbridge::caldav::xml
