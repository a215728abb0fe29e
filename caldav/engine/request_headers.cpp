#include "caldav/engine/request_headers.h"

#include <algorithm>
#include <cctype>

#include "caldav/xml/error.h"

namespace calbridge::caldav {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

Depth parse_depth(const Request& request, Depth absent) {
    const auto field = request.headers.get("Depth");
    if (!field) return absent;
    const std::string_view v = trim(*field);
    if (v == "0") return Depth::zero;
    if (v == "1") return Depth::one;
    if (iequals(v, "infinity")) return Depth::infinity;
    xml::bad_request("Depth must be 0, 1 or infinity (RFC 4918 10.2)");
}

bool parse_overwrite(const Request& request) {
    const auto field = request.headers.get("Overwrite");
    if (!field) return true;
    const std::string_view v = trim(*field);
    if (v == "T" || v == "t") return true;
    if (v == "F" || v == "f") return false;
    xml::bad_request("Overwrite must be T or F (RFC 4918 10.6)");
}

bool EntityTagList::matches(std::string_view etag) const {
    if (any) return true;
    return std::find(tags.begin(), tags.end(), etag) != tags.end();
}

EntityTagList parse_entity_tags(std::optional<std::string_view> field) {
    EntityTagList list;
    if (!field) return list;
    std::string_view s = trim(*field);
    if (s == "*") {
        list.any = true;
        return list;
    }
    // RFC 9110 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, comma-separated.
    while (!s.empty()) {
        s = trim(s);
        if (!s.empty() && s.front() == ',') {
            s.remove_prefix(1);
            continue;
        }
        std::string prefix;
        if (s.substr(0, 2) == "W/") {
            prefix = "W/";
            s.remove_prefix(2);
        }
        if (s.empty()) break;
        if (s.front() == '"') {
            const auto close = s.find('"', 1);
            if (close == std::string_view::npos) {
                list.tags.push_back(prefix + std::string(s.substr(1)));
                break;
            }
            list.tags.push_back(prefix + std::string(s.substr(1, close - 1)));
            s.remove_prefix(close + 1);
        } else {   // an unquoted tag (invalid, but sent by some clients): take it as it is
            const auto comma = s.find(',');
            list.tags.push_back(prefix + std::string(trim(s.substr(0, comma))));
            s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma);
        }
    }
    return list;
}

Conditions parse_conditions(const Request& request) {
    return {parse_entity_tags(request.headers.get("If-Match")), parse_entity_tags(request.headers.get("If-None-Match"))};
}

bool write_conditions_hold(const Conditions& c, const std::optional<std::string>& current) {
    if (c.if_match.present()) {   // RFC 9110 13.1.1
        if (!current) return false;
        if (!c.if_match.any && (current->empty() || !c.if_match.matches(*current))) return false;
    }
    if (c.if_none_match.present() && current) {   // RFC 9110 13.1.2
        if (c.if_none_match.any) return false;
        if (!current->empty() && c.if_none_match.matches(*current)) return false;
    }
    return true;
}

Precondition store_precondition(const Conditions& c) {
    Precondition pre;
    // Every tag of the list (If-Match: "a", "b"), so the Store re-checks the whole condition in
    // its transaction, not only a single-tag one.
    if (c.if_match.any)
        pre.if_match = {"*"};
    else
        pre.if_match = c.if_match.tags;
    pre.if_none_match_any = c.if_none_match.any;
    return pre;
}

std::string media_type(std::string_view content_type) {
    std::string_view t = trim(content_type.substr(0, content_type.find(';')));
    std::string out(t);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return out;
}

}  // namespace calbridge::caldav
