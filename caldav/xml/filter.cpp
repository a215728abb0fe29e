#include "caldav/xml/filter.h"

#include <string>

#include "caldav/xml/error.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/qname.h"
#include "caldav/xml/time_range.h"

namespace calbridge::caldav::xml {
namespace {

[[noreturn]] void invalid_filter(const std::string& why) {
    precondition_failed(caldav_name("valid-filter"), "invalid CALDAV:filter: " + why + " (RFC 4791 9.7)");
}

std::string upper(std::string s) {
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return s;
}

std::string filter_name(pugi::xml_node e) {
    const pugi::xml_attribute a = e.attribute("name");
    if (!a || !*a.value()) invalid_filter(std::string("CALDAV:") + std::string(local_part(e.name())) + " without a name attribute");
    return upper(a.value());
}

TimeRange filter_time_range(pugi::xml_node e) {
    return parse_time_range(e, false, 403, caldav_name("valid-filter"));
}

ParamFilter parse_param_filter(pugi::xml_node e) {
    // 9.7.3 <!ELEMENT param-filter (is-not-defined | text-match)?>
    ParamFilter f;
    f.name = filter_name(e);
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (is_element(c, kCalDav, "is-not-defined")) f.is_not_defined = true;
        else if (is_element(c, kCalDav, "text-match")) f.text_match = parse_text_match(c);
    }
    if (f.is_not_defined && f.text_match) invalid_filter("param-filter " + f.name + " has both is-not-defined and text-match");
    return f;
}

PropFilter parse_prop_filter(pugi::xml_node e) {
    // 9.7.2 <!ELEMENT prop-filter (is-not-defined | ((time-range | text-match)?, param-filter*))>
    PropFilter f;
    f.name = filter_name(e);
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (is_element(c, kCalDav, "is-not-defined")) f.is_not_defined = true;
        else if (is_element(c, kCalDav, "time-range")) f.time_range = filter_time_range(c);
        else if (is_element(c, kCalDav, "text-match")) f.text_match = parse_text_match(c);
        else if (is_element(c, kCalDav, "param-filter")) f.param_filters.push_back(parse_param_filter(c));
    }
    if (f.time_range && f.text_match) invalid_filter("prop-filter " + f.name + " has both time-range and text-match");
    if (f.is_not_defined && (f.time_range || f.text_match || !f.param_filters.empty()))
        invalid_filter("prop-filter " + f.name + " has is-not-defined together with other tests");
    return f;
}

CompFilter parse_comp_filter(pugi::xml_node e) {
    // 9.7.1 <!ELEMENT comp-filter (is-not-defined | (time-range?, prop-filter*, comp-filter*))>
    CompFilter f;
    f.name = filter_name(e);
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (is_element(c, kCalDav, "is-not-defined")) f.is_not_defined = true;
        else if (is_element(c, kCalDav, "time-range")) f.time_range = filter_time_range(c);
        else if (is_element(c, kCalDav, "prop-filter")) f.prop_filters.push_back(parse_prop_filter(c));
        else if (is_element(c, kCalDav, "comp-filter")) f.comp_filters.push_back(parse_comp_filter(c));
    }
    if (f.is_not_defined && (f.time_range || !f.prop_filters.empty() || !f.comp_filters.empty()))
        invalid_filter("comp-filter " + f.name + " has is-not-defined together with other tests");
    return f;
}

}  // namespace

TextMatch parse_text_match(pugi::xml_node e) {
    // 9.7.5 <!ATTLIST text-match collation CDATA "i;ascii-casemap" negate-condition (yes|no) "no">
    TextMatch m;
    m.text = text_of(e);
    if (const pugi::xml_attribute c = e.attribute("collation")) {
        const std::string_view v = c.value();
        // RFC 4791 7.5.1 / 7.8 precondition CALDAV:supported-collation.
        if (v != "i;ascii-casemap" && v != "i;octet" && v != "i;unicode-casemap")
            precondition_failed(caldav_name("supported-collation"),
                                "text-match collation \"" + std::string(v) +
                                    "\" is not supported; use i;ascii-casemap, i;octet or i;unicode-casemap");
        m.collation = std::string(v);
    }
    if (const pugi::xml_attribute n = e.attribute("negate-condition")) {
        const std::string_view v = n.value();
        if (v == "yes") m.negate = true;
        else if (v != "no") invalid_filter("negate-condition=\"" + std::string(v) + "\" is neither yes nor no");
    }
    return m;
}

CalendarFilter parse_filter(pugi::xml_node filter) {
    // 9.7 <!ELEMENT filter (comp-filter)>, and the top comp-filter names VCALENDAR.
    pugi::xml_node top;
    int count = 0;
    for (pugi::xml_node c = filter.first_child(); c; c = c.next_sibling()) {
        if (is_element(c, kCalDav, "comp-filter")) {
            top = c;
            ++count;
        }
    }
    if (count != 1) invalid_filter("CALDAV:filter needs exactly one comp-filter, found " + std::to_string(count));
    CalendarFilter f;
    f.root = parse_comp_filter(top);
    if (f.root.name != "VCALENDAR") invalid_filter("the top-level comp-filter must name VCALENDAR, not " + f.root.name);
    return f;
}

}  // namespace calbridge::caldav::xml
