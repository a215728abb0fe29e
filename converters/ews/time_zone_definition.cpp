#include "converters/ews/time_zone_definition.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"
#include "converters/mapi/blob_reader.h"

namespace calbridge::ews {

namespace {

struct Unsupported {
    std::string what;
};

// A RecurringDayTransition -> the SYSTEMTIME of a TZREG rule (MS-OXOCAL 2.2.1.39).
mapi::SystemTime switch_time(pugi::xml_node t) {
    mapi::SystemTime st;
    const auto offset = parse_duration_minutes(child_text(t, "TimeOffset").value_or(""));
    const auto month = child_text(t, "Month");
    const auto day = parse_day_mask(child_text(t, "DayOfWeek").value_or(""));
    const auto occurrence = child_text(t, "Occurrence");
    if (!offset || *offset < 0 || *offset >= 24 * 60 || !month || !day || !occurrence)
        throw Unsupported{"a RecurringDayTransition without a valid TimeOffset, Month, DayOfWeek or Occurrence"};
    const int m = std::atoi(month->c_str()), n = std::atoi(occurrence->c_str());
    if (m < 1 || m > 12 || (n != -1 && (n < 1 || n > 4)) || (*day & (*day - 1)) != 0)
        throw Unsupported{"a RecurringDayTransition on month " + *month + ", occurrence " + *occurrence};
    st.month = static_cast<std::uint16_t>(m);
    for (std::uint16_t d = 0; d < 7; ++d)
        if (*day == (1u << d)) st.day_of_week = d;
    st.day = static_cast<std::uint16_t>(n == -1 ? 5 : n);
    st.hour = static_cast<std::uint16_t>(*offset / 60);
    st.minute = static_cast<std::uint16_t>(*offset % 60);
    return st;
}

mapi::TzReg group_rule(pugi::xml_node group, const std::map<std::string, int>& biases) {
    auto bias_of = [&](pugi::xml_node transition) {
        pugi::xml_node to = child(transition, "To");
        auto it = biases.find(to.text().get());
        if (std::string_view(to.attribute("Kind").value()) != "Period" || it == biases.end())
            throw Unsupported{"a transition to \"" + std::string(to.text().get()) + "\", which is no period"};
        return it->second;
    };
    std::vector<pugi::xml_node> recurring = children(group, "RecurringDayTransition");
    mapi::TzReg reg;
    if (recurring.empty()) {
        std::vector<pugi::xml_node> plain = children(group, "Transition");
        if (plain.size() != 1 || !children(group, "RecurringDateTransition").empty())
            throw Unsupported{"a TransitionsGroup that is neither one period nor two yearly switches"};
        reg.bias = bias_of(plain[0]);
        return reg;
    }
    if (recurring.size() != 2) throw Unsupported{"a TransitionsGroup with " + std::to_string(recurring.size()) + " yearly switches"};
    const int b0 = bias_of(recurring[0]), b1 = bias_of(recurring[1]);
    // Standard time is the period with the larger bias (the smaller UTC offset).
    const bool first_is_standard = b0 >= b1;
    pugi::xml_node to_standard = first_is_standard ? recurring[0] : recurring[1];
    pugi::xml_node to_daylight = first_is_standard ? recurring[1] : recurring[0];
    reg.bias = std::max(b0, b1);
    reg.standard_bias = 0;
    reg.daylight_bias = std::min(b0, b1) - reg.bias;
    reg.standard_date = switch_time(to_standard);
    reg.daylight_date = switch_time(to_daylight);
    return reg;
}

}  // namespace

std::optional<int> parse_duration_minutes(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    if (i >= text.size() || text[i] != 'P') return std::nullopt;
    ++i;
    long seconds = 0;
    bool in_time = false, any = false;
    while (i < text.size()) {
        if (text[i] == 'T') {
            in_time = true;
            ++i;
            continue;
        }
        long n = 0;
        std::size_t start = i;
        // Bounded while reading: a run of digits from a hostile server never overflows.
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n <= 100000) n = n * 10 + (text[i++] - '0');
        if (i == start || i >= text.size() || n > 100000) return std::nullopt;
        const char unit = text[i++];
        if (!in_time && unit == 'D') seconds += n * 86400;
        else if (in_time && unit == 'H') seconds += n * 3600;
        else if (in_time && unit == 'M') seconds += n * 60;
        else if (in_time && unit == 'S') seconds += n;
        else return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return static_cast<int>((negative ? -seconds : seconds) / 60);
}

std::optional<mapi::TimeZone> time_zone_from_definition(pugi::xml_node definition, mapi::Diagnostics& diag) {
    const std::string id = definition.attribute("Id").value();
    pugi::xml_node periods = child(definition, "Periods");
    if (!periods) return std::nullopt;
    try {
        std::map<std::string, int> biases;
        for (pugi::xml_node p : children(periods, "Period")) {
            auto bias = parse_duration_minutes(p.attribute("Bias").value());
            if (!bias) throw Unsupported{"Period \"" + std::string(p.attribute("Id").value()) + "\" has no valid Bias"};
            biases[p.attribute("Id").value()] = *bias;
        }
        std::map<std::string, mapi::TzReg> groups;
        for (pugi::xml_node g : children(child(definition, "TransitionsGroups"), "TransitionsGroup"))
            groups[g.attribute("Id").value()] = group_rule(g, biases);
        mapi::TimeZoneDefinition def;
        def.key_name = id;
        pugi::xml_node transitions = child(definition, "Transitions");
        for (pugi::xml_node t = transitions.first_child(); t; t = t.next_sibling()) {
            if (t.type() != pugi::node_element) continue;
            pugi::xml_node to = child(t, "To");
            const std::string kind = to.attribute("Kind").value();
            mapi::TzRule rule;
            if (kind == "Group") {
                auto it = groups.find(to.text().get());
                if (it == groups.end()) throw Unsupported{"a transition to unknown group \"" + std::string(to.text().get()) + "\""};
                rule.reg = it->second;
            } else {
                auto it = biases.find(to.text().get());
                if (it == biases.end()) throw Unsupported{"a transition to unknown period \"" + std::string(to.text().get()) + "\""};
                rule.reg.bias = it->second;
            }
            if (auto at = child_text(t, "DateTime")) {
                auto when = parse_date_time(*at);
                if (!when) throw Unsupported{"AbsoluteDateTransition DateTime \"" + *at + "\""};
                rule.start.year = static_cast<std::uint16_t>(mapi::civil_from_unix(*when).year);
            } else {
                rule.start.year = 1601;  // the first era holds for all earlier years anyway
            }
            rule.start.month = 1;
            rule.start.day = 1;
            def.rules.push_back(rule);
        }
        if (def.rules.empty() && groups.size() == 1) {  // no Transitions: the one group holds always
            mapi::TzRule rule;
            rule.reg = groups.begin()->second;
            rule.start.year = 1601;
            def.rules.push_back(rule);
        }
        if (def.rules.empty()) throw Unsupported{"no Transitions"};
        def.rules.back().flags = mapi::TzRule::kEffectiveTzReg;
        return mapi::TimeZone::from_definition(def);
    } catch (const Unsupported& u) {
        diag.warn("time zone definition \"" + id + "\": " + u.what + "; used its Id");
    } catch (const mapi::BlobError& e) {
        diag.warn("time zone definition \"" + id + "\": " + e.what() + "; used its Id");
    }
    return std::nullopt;
}

}  // namespace calbridge::ews
