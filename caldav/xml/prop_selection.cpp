#include "caldav/xml/prop_selection.h"

#include <algorithm>
#include <string>

#include "caldav/xml/error.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/time_range.h"

namespace calbridge::caldav::xml {
namespace {

bool iequal_ascii(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

std::string required_name(pugi::xml_node e) {
    const pugi::xml_attribute a = e.attribute("name");
    if (!a || !*a.value()) bad_request(std::string("CALDAV:") + e.name() + " needs a name attribute (RFC 4791 9.6)");
    return a.value();
}

// RFC 4791 9.6.1 CALDAV:comp
CompSelect parse_comp(pugi::xml_node comp) {
    CompSelect c;
    c.name = required_name(comp);
    for (pugi::xml_node e = comp.first_child(); e; e = e.next_sibling()) {
        if (e.type() != pugi::node_element) continue;
        if (is_element(e, kCalDav, "allprop")) {
            c.all_props = true;
        } else if (is_element(e, kCalDav, "prop")) {
            ICalPropSelect p;
            p.name = required_name(e);
            p.novalue = std::string_view(e.attribute("novalue").value()) == "yes";   // 9.6.4
            c.props.push_back(std::move(p));
        } else if (is_element(e, kCalDav, "allcomp")) {
            c.all_comps = true;
        } else if (is_element(e, kCalDav, "comp")) {
            c.comps.push_back(parse_comp(e));
        }
    }
    return c;
}

}  // namespace

bool PropSelection::wants(const QName& q) const {
    switch (kind) {
        case Kind::prop: return std::find(props.begin(), props.end(), q) != props.end();
        case Kind::allprop: return std::find(include.begin(), include.end(), q) != include.end();
        case Kind::propname: return false;
    }
    return false;
}

std::vector<QName> parse_prop_names(pugi::xml_node prop) {
    std::vector<QName> names;
    for (pugi::xml_node e = prop.first_child(); e; e = e.next_sibling()) {
        if (e.type() == pugi::node_element) names.push_back(qname_of(e));
    }
    return names;
}

CalendarDataRequest parse_calendar_data_request(pugi::xml_node calendar_data) {
    // RFC 4791 9.6: content-type defaults to text/calendar, version to 2.0; the 7.8/7.9
    // precondition CALDAV:supported-calendar-data refuses what we cannot produce.
    const pugi::xml_attribute type = calendar_data.attribute("content-type");
    const pugi::xml_attribute version = calendar_data.attribute("version");
    if (type && !iequal_ascii(type.value(), "text/calendar"))
        precondition_failed(caldav_name("supported-calendar-data"),
                            std::string("calendar-data content-type \"") + type.value() +
                                "\" is not supported; only text/calendar");
    if (version && std::string_view(version.value()) != "2.0")
        precondition_failed(caldav_name("supported-calendar-data"),
                            std::string("calendar-data version \"") + version.value() +
                                "\" is not supported; only 2.0");
    CalendarDataRequest r;
    for (pugi::xml_node e = calendar_data.first_child(); e; e = e.next_sibling()) {
        if (e.type() != pugi::node_element) continue;
        if (is_element(e, kCalDav, "comp")) {
            r.comp = parse_comp(e);
        } else if (is_element(e, kCalDav, "expand")) {
            r.expand = parse_time_range(e, true, 400, std::nullopt);                 // 9.6.5
        } else if (is_element(e, kCalDav, "limit-recurrence-set")) {
            r.limit_recurrence_set = parse_time_range(e, true, 400, std::nullopt);   // 9.6.6
        } else if (is_element(e, kCalDav, "limit-freebusy-set")) {
            r.limit_freebusy_set = parse_time_range(e, true, 400, std::nullopt);     // 9.6.7
        }
    }
    if (r.expand && r.limit_recurrence_set)
        bad_request("CALDAV:calendar-data may hold expand or limit-recurrence-set, not both (RFC 4791 9.6)");
    return r;
}

PropSelection parse_prop_selection(pugi::xml_node parent, bool required) {
    PropSelection s;
    int chosen = 0;
    for (pugi::xml_node e = parent.first_child(); e; e = e.next_sibling()) {
        if (e.type() != pugi::node_element) continue;
        const QName q = qname_of(e);
        if (q.ns != kDav) continue;
        if (q.name == "prop") {
            ++chosen;
            s.kind = PropSelection::Kind::prop;
            for (pugi::xml_node p = e.first_child(); p; p = p.next_sibling()) {
                if (p.type() != pugi::node_element) continue;
                QName name = qname_of(p);
                if (name.ns == kCalDav && name.name == "calendar-data")
                    s.calendar_data = parse_calendar_data_request(p);
                s.props.push_back(std::move(name));
            }
        } else if (q.name == "allprop") {
            ++chosen;
            s.kind = PropSelection::Kind::allprop;
        } else if (q.name == "propname") {
            ++chosen;
            s.kind = PropSelection::Kind::propname;
        } else if (q.name == "include") {   // RFC 4918 14.8
            auto names = parse_prop_names(e);
            s.include.insert(s.include.end(), names.begin(), names.end());
        }
    }
    if (chosen > 1)
        bad_request("<" + std::string(parent.name()) +
                    "> holds more than one of DAV:prop, DAV:allprop, DAV:propname (RFC 4918 14.20)");
    if (chosen == 0 && required)
        bad_request("<" + std::string(parent.name()) + "> needs a DAV:prop, DAV:allprop or DAV:propname element");
    if (!s.include.empty() && s.kind != PropSelection::Kind::allprop)
        bad_request("DAV:include is only allowed with DAV:allprop (RFC 4918 14.8)");
    return s;
}

}  // namespace calbridge::caldav::xml
