#include "ews/soap/xml.h"

#include <charconv>
#include <cstring>

namespace calbridge::ews::xml {

namespace {
std::string_view prefix_of(std::string_view raw) {
    const auto colon = raw.find(':');
    return colon == std::string_view::npos ? std::string_view{} : raw.substr(0, colon);
}
}  // namespace

std::optional<std::string> namespace_for_prefix(pugi::xml_node element, std::string_view prefix) {
    if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
    const std::string wanted = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
        if (const pugi::xml_attribute a = n.attribute(wanted.c_str())) return std::string(a.value());
    }
    if (prefix.empty()) return std::string();
    return std::nullopt;
}

std::string_view local_name(pugi::xml_node element) noexcept {
    const std::string_view raw = element.name();
    const auto colon = raw.find(':');
    return colon == std::string_view::npos ? raw : raw.substr(colon + 1);
}

std::string namespace_of(pugi::xml_node element) {
    return namespace_for_prefix(element, prefix_of(element.name())).value_or(std::string());
}

bool is(pugi::xml_node element, std::string_view ns, std::string_view local) {
    return element && element.type() == pugi::node_element && local_name(element) == local &&
           namespace_of(element) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (is(c, ns, local)) return c;
    }
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (is(c, ns, local)) out.push_back(c);
    }
    return out;
}

std::vector<pugi::xml_node> element_children(pugi::xml_node parent) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) out.push_back(c);
    }
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::optional<long long> to_integer(std::string_view text) {
    const std::string t = trim(text);
    std::string_view digits = t;
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        digits.remove_prefix(2);
        base = 16;
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return value;
}

std::string child_text(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    return trim(child(parent, ns, local).text().get());
}

pugi::xml_node path(pugi::xml_node from, std::string_view ns, std::initializer_list<std::string_view> locals) {
    pugi::xml_node n = from;
    for (const std::string_view local : locals) {
        n = child(n, ns, local);
        if (!n) return {};
    }
    return n;
}

std::string attribute(pugi::xml_node element, const char* name) {
    return element.attribute(name).value();
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\r': out += "&#13;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace calbridge::ews::xml
