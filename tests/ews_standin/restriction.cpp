#include "ews_standin/restriction.h"

#include "ews_standin/ews_time.h"
#include "ews_standin/item_view.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace calbridge::ews_standin {

namespace {

const xmlNode* path_of(const xmlNode* e) {
    for (const xmlNode* c : xml_in::elements(e))
        if (xml_in::name(c) == "FieldURI" || xml_in::name(c) == "ExtendedFieldURI") return c;
    return nullptr;
}

// The property's value as text, nullopt when the item does not have it.
std::optional<std::string> value_of(const xmlNode* path, pugi::xml_node props) {
    if (path == nullptr) return std::nullopt;
    if (xml_in::name(path) == "ExtendedFieldURI") {
        const std::string key = extended_key_of(path);
        for (auto c : props.children("t:ExtendedProperty"))
            if (extended_key(c.child("t:ExtendedFieldURI")) == key) return std::string(c.child("t:Value").text().get());
        return std::nullopt;
    }
    const std::string uri = xml_in::attr_or(path, "FieldURI", "");
    auto p = prop(props, uri.substr(uri.find(':') + 1));
    if (!p) return std::nullopt;
    if (uri == "item:ItemId") return std::string(p.attribute("Id").value());
    return std::string(p.text().get());
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// <0, 0, >0; datetimes and numbers by value, strings without case (Exchange compares
// strings case-insensitively), binary (extended) values exactly.
int compare(const std::string& a, const std::string& b, bool exact) {
    auto da = parse_datetime(a), db = parse_datetime(b);
    if (da && db) return *da < *db ? -1 : *da > *db ? 1 : 0;
    char* ea = nullptr;
    char* eb = nullptr;
    double na = std::strtod(a.c_str(), &ea), nb = std::strtod(b.c_str(), &eb);
    if (!a.empty() && !b.empty() && *ea == '\0' && *eb == '\0') return na < nb ? -1 : na > nb ? 1 : 0;
    if (exact) return a.compare(b);
    return lower(a).compare(lower(b));
}

}  // namespace

std::string unsupported_path(const xmlNode* e) {
    if (e == nullptr) return {};
    if (xml_in::name(e) == "FieldURI") {
        const std::string uri = xml_in::attr_or(e, "FieldURI", "");
        if (uri == "calendar:UID") return uri;
    }
    for (const xmlNode* c : xml_in::elements(e))
        if (auto bad = unsupported_path(c); !bad.empty()) return bad;
    return {};
}

bool restriction_matches(const xmlNode* e, pugi::xml_node props) {
    if (e == nullptr) return true;
    const auto op = xml_in::name(e);
    if (op == "And") {
        for (const xmlNode* c : xml_in::elements(e))
            if (!restriction_matches(c, props)) return false;
        return true;
    }
    if (op == "Or") {
        for (const xmlNode* c : xml_in::elements(e))
            if (restriction_matches(c, props)) return true;
        return false;
    }
    if (op == "Not") return !restriction_matches(xml_in::elements(e).empty() ? nullptr : xml_in::elements(e).front(), props);
    const xmlNode* path = path_of(e);
    auto value = value_of(path, props);
    if (op == "Exists") return value.has_value();
    if (op == "Contains") {
        const std::string needle = xml_in::attr_or(xml_in::child(e, "Constant"), "Value", "");
        if (!value) return false;
        return lower(*value).find(lower(needle)) != std::string::npos;
    }
    const xmlNode* constant = xml_in::child(xml_in::child(e, "FieldURIOrConstant"), "Constant");
    if (!value || constant == nullptr) return op == "IsNotEqualTo" && value.has_value();
    const bool exact = xml_in::name(path) == "ExtendedFieldURI";
    const int c = compare(*value, xml_in::attr_or(constant, "Value", ""), exact);
    if (op == "IsEqualTo") return c == 0;
    if (op == "IsNotEqualTo") return c != 0;
    if (op == "IsGreaterThan") return c > 0;
    if (op == "IsGreaterThanOrEqualTo") return c >= 0;
    if (op == "IsLessThan") return c < 0;
    if (op == "IsLessThanOrEqualTo") return c <= 0;
    return false;
}

}  // namespace calbridge::ews_standin
