#include "converters/ews/ews_xml.h"

#include <cstring>

namespace calbridge::ews {

namespace {

std::string_view prefix_of(pugi::xml_node element) {
    std::string_view name = element.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
}

}  // namespace

std::string_view local_name_of(pugi::xml_node element) {
    std::string_view name = element.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string namespace_of(pugi::xml_node element) {
    const std::string_view prefix = prefix_of(element);
    const std::string attribute = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
        if (pugi::xml_attribute a = n.attribute(attribute.c_str())) return a.value();
    return {};
}

bool is_element(pugi::xml_node element, std::string_view ns, std::string_view local) {
    return element.type() == pugi::node_element && local_name_of(element) == local && namespace_of(element) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (is_element(c, kTypesNs, local)) return c;
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view local) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (is_element(c, kTypesNs, local)) out.push_back(c);
    return out;
}

std::optional<std::string> child_text(pugi::xml_node parent, std::string_view local) {
    pugi::xml_node c = child(parent, local);
    if (!c) return std::nullopt;
    std::string text;
    for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling())
        if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) text += t.value();
    const char* ws = " \t\r\n";
    const auto first = text.find_first_not_of(ws);
    if (first == std::string::npos) return std::string{};
    return text.substr(first, text.find_last_not_of(ws) - first + 1);
}

std::vector<pugi::xml_node> descendants(pugi::xml_node root, std::string_view ns, std::string_view local) {
    std::vector<pugi::xml_node> out;
    if (is_element(root, ns, local)) out.push_back(root);
    for (pugi::xml_node n = root.first_child(); n;) {
        if (is_element(n, ns, local)) out.push_back(n);
        if (n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n && n != root && !n.next_sibling()) n = n.parent();
        if (!n || n == root) break;
        n = n.next_sibling();
    }
    return out;
}

}  // namespace calbridge::ews
