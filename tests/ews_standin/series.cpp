#include "ews_standin/series.h"

#include "ews_standin/ews_time.h"
#include "ews_standin/goid.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace calbridge::ews_standin {

namespace {
constexpr std::array<std::string_view, 7> kDateTimeProps = {"Start", "End", "OriginalStart", "RecurrenceId",
                                                            "DateTimeStamp", "ReminderDueBy", "AppointmentReplyTime"};

std::string_view local(std::string_view qname) {
    auto colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

pugi::xml_node prop(pugi::xml_node root, std::string_view name) {
    for (auto c : root.children())
        if (local(c.name()) == name) return c;
    return {};
}

std::int64_t datetime_prop(pugi::xml_node root, std::string_view name, std::int64_t fallback) {
    auto n = prop(root, name);
    if (!n) return fallback;
    auto v = parse_datetime(n.text().get());
    return v ? *v : fallback;
}

std::string extended_key(pugi::xml_node uri) {
    std::string set = uri.attribute("PropertySetId").value();
    std::string dset = uri.attribute("DistinguishedPropertySetId").value();
    if (dset == "Meeting") set = kPsetidMeeting;  // MS-OXPROPS: PSETID_Meeting
    else if (!dset.empty()) set = dset;
    std::string tag = uri.attribute("PropertyTag").value();
    if (!tag.empty()) tag = std::to_string(std::stoul(tag, nullptr, 0));
    return lower(set) + "|" + tag + "|" + uri.attribute("PropertyName").value() + "|" + uri.attribute("PropertyId").value();
}

void delete_prop(pugi::xml_node root, std::string_view name) {
    for (auto n = prop(root, name); n; n = prop(root, name)) root.remove_child(n);
}

void delete_extended(pugi::xml_node root, const std::string& key) {
    for (auto c = root.first_child(); c;) {
        auto next = c.next_sibling();
        if (local(c.name()) == "ExtendedProperty" && extended_key(c.child("t:ExtendedFieldURI")) == key) root.remove_child(c);
        c = next;
    }
}

void set_prop(pugi::xml_node root, pugi::xml_node value) {
    const std::string_view name = local(value.name());
    if (name == "MeetingTimeZone") return;
    if (name == "ExtendedProperty") delete_extended(root, extended_key(value.child("t:ExtendedFieldURI")));
    else delete_prop(root, name);
    auto copy = root.append_copy(value);
    if (std::find(kDateTimeProps.begin(), kDateTimeProps.end(), name) != kDateTimeProps.end())
        if (auto t = parse_datetime(copy.text().get())) copy.text().set(format_utc(*t).c_str());
}

std::string start_zone(const Item& item) {
    auto z = prop(item.props.document_element(), "StartTimeZone");
    std::string id = z ? z.attribute("Id").value() : "";
    return id.empty() ? "UTC" : id;
}

std::optional<RecurrencePattern> pattern_of(const Item& item, std::string* error) {
    auto r = prop(item.props.document_element(), "Recurrence");
    if (!r) return std::nullopt;
    return parse_recurrence(r, error);
}

std::optional<std::int64_t> original_start(const Item& item, int index) {
    auto p = pattern_of(item);
    if (!p || index < 1) return std::nullopt;
    ZoneClock zone(start_zone(item));
    auto occ = expand(*p, datetime_prop(item.props.document_element(), "Start"), zone, INT64_MAX, index);
    if (static_cast<int>(occ.size()) < index) return std::nullopt;
    return occ[static_cast<std::size_t>(index - 1)].start;
}

std::vector<Occurrence> live_occurrences(const Item& item, std::int64_t until, int max_index) {
    auto p = pattern_of(item);
    if (!p) return {};
    ZoneClock zone(start_zone(item));
    auto occ = expand(*p, datetime_prop(item.props.document_element(), "Start"), zone, until, max_index);
    std::erase_if(occ, [&](const Occurrence& o) { return item.deleted.count(o.index) > 0; });
    return occ;
}

std::pair<std::int64_t, std::int64_t> occurrence_span(const Item& item, int index, std::int64_t original) {
    auto root = item.props.document_element();
    const std::int64_t duration = datetime_prop(root, "End") - datetime_prop(root, "Start");
    std::int64_t start = original, end = original + duration;
    if (auto it = item.exceptions.find(index); it != item.exceptions.end()) {
        auto ex = it->second->props.document_element();
        start = datetime_prop(ex, "Start", start);
        end = datetime_prop(ex, "End", start + duration);
    }
    return {start, end};
}

}  // namespace calbridge::ews_standin
