// libical_check: reads .ics files with libical's parser and reports everything libical
// finds wrong with them, so a calbridge export is checked by the reference C library.
//
// For each file it reports:
//  - parse failures (nothing parsed, or a top level that is not one VCALENDAR: RFC 5545 3.4);
//  - every X-LIC-ERROR property the parser put anywhere in the tree (libical's way of
//    flagging a value, parameter or property it could not parse);
//  - every X-LIC-ERROR that icalrestriction_check adds (RFC 5545 / RFC 5546 property
//    cardinality: e.g. a VEVENT without UID or DTSTAMP, two DTSTARTs, DTEND with DURATION);
//  - a VCALENDAR with no calendar component (RFC 5545 3.6: "1*(eventc / todoc / ...)");
//  - a VEVENT/VTODO/VJOURNAL without exactly one UID and DTSTAMP (and DTSTART for a VEVENT
//    when there is no METHOD): RFC 5545 3.6.1-3.6.3, which libical does not check itself;
//  - a DATE or DATE-TIME value with a field out of range (hour 25, February 30);
//  - a TZID parameter with no VTIMEZONE of that TZID in the object (RFC 5545 3.2.19).
// Each report names the file and the component (kind and UID, or TZID for a VTIMEZONE).
//
// icalrestriction_check stops at the first invalid inner component (it ANDs the results
// with short-circuit), so each inner component is checked in a VCALENDAR of its own to
// report them all.
//
// Exit status: 0 no errors, 1 errors found, 2 usage error (no files given).
#include <libical/ical.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

struct ComponentFree {
    void operator()(icalcomponent* c) const noexcept { if (c) icalcomponent_free(c); }
};
using Owned = std::unique_ptr<icalcomponent, ComponentFree>;

// libical keeps ONE iteration cursor per component for its properties and one for its
// children, so any nested get_first_* on the same component (e.g. reading the UID while
// walking its properties) restarts the outer loop. Snapshot the lists first instead.
std::vector<icalproperty*> properties(icalcomponent* c, icalproperty_kind kind) {
    std::vector<icalproperty*> out;
    for (icalproperty* p = icalcomponent_get_first_property(c, kind); p != nullptr;
         p = icalcomponent_get_next_property(c, kind)) {
        out.push_back(p);
    }
    return out;
}

std::vector<icalcomponent*> children(icalcomponent* c, icalcomponent_kind kind) {
    std::vector<icalcomponent*> out;
    for (icalcomponent* child = icalcomponent_get_first_component(c, kind); child != nullptr;
         child = icalcomponent_get_next_component(c, kind)) {
        out.push_back(child);
    }
    return out;
}

struct Report {
    std::size_t components = 0;
    std::size_t errors = 0;
    // icalrestriction_check can add the same X-LIC-ERROR many times to one component
    // (one per property kind it walks); each distinct message is reported once per file.
    std::set<std::string> seen_in_file;
};

// "VEVENT UID=abc" / "VTIMEZONE TZID=America/Los_Angeles" / "VCALENDAR".
std::string describe(icalcomponent* c) {
    std::string text = icalcomponent_kind_to_string(icalcomponent_isa(c));
    if (icalproperty* uid = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY)) {
        const char* value = icalproperty_get_uid(uid);
        text += std::string(" UID=") + (value ? value : "");
    } else if (icalproperty* tzid = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY)) {
        const char* value = icalproperty_get_tzid(tzid);
        text += std::string(" TZID=") + (value ? value : "");
    }
    return text;
}

// The nearest enclosing component that has a UID or TZID (a VALARM reports its VEVENT).
std::string describe_with_owner(icalcomponent* c) {
    std::string text = describe(c);
    for (icalcomponent* p = icalcomponent_get_parent(c); p != nullptr; p = icalcomponent_get_parent(p)) {
        if (icalcomponent_isa(p) == ICAL_VCALENDAR_COMPONENT || icalcomponent_isa(p) == ICAL_XROOT_COMPONENT) break;
        text += " in " + describe(p);
    }
    return text;
}

void error(Report& report, const std::string& file, const std::string& where, const std::string& what) {
    if (!report.seen_in_file.insert(where + "\n" + what).second) return;
    ++report.errors;
    std::cout << "libical: ERROR " << file << ": " << where << ": " << what << "\n";
}

std::string xlic_error_text(icalproperty* p) {
    const char* value = icalproperty_get_xlicerror(p);
    std::string text = value ? value : "(no text)";
    if (icalparameter* type = icalproperty_get_first_parameter(p, ICAL_XLICERRORTYPE_PARAMETER)) {
        const char* t = icalparameter_enum_to_string(icalparameter_get_xlicerrortype(type));
        text = std::string(t ? t : "?") + ": " + text;
    }
    return text;
}

bool is_restriction_error(icalproperty* p) {
    icalparameter* type = icalproperty_get_first_parameter(p, ICAL_XLICERRORTYPE_PARAMETER);
    return type != nullptr && icalparameter_get_xlicerrortype(type) == ICAL_XLICERRORTYPE_INVALIDITIP;
}

// Reports X-LIC-ERRORs in c and all its descendants; counts the components walked.
// only_restriction: report only errors icalrestriction_check added (for the clones).
void report_xlic_errors(icalcomponent* c, const std::string& file, Report& report, bool only_restriction,
                        std::size_t* component_count) {
    if (component_count) ++*component_count;
    for (icalproperty* p : properties(c, ICAL_XLICERROR_PROPERTY)) {
        if (only_restriction && !is_restriction_error(p)) continue;
        error(report, file, describe_with_owner(c), xlic_error_text(p));
    }
    for (icalcomponent* child : children(c, ICAL_ANY_COMPONENT)) {
        report_xlic_errors(child, file, report, only_restriction, component_count);
    }
}

// A VCALENDAR holding clones of the calendar's own properties (VERSION, PRODID, METHOD...).
Owned calendar_shell(icalcomponent* calendar) {
    Owned shell(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    for (icalproperty* p : properties(calendar, ICAL_ANY_PROPERTY)) {
        if (icalproperty_isa(p) == ICAL_XLICERROR_PROPERTY) continue;
        icalcomponent_add_property(shell.get(), icalproperty_new_clone(p));
    }
    return shell;
}

void check_restrictions(icalcomponent* calendar, const std::string& file, Report& report) {
    {   // The VCALENDAR's own properties (RFC 5545 3.6: PRODID and VERSION exactly once).
        Owned shell = calendar_shell(calendar);
        icalrestriction_check(shell.get());
        for (icalproperty* p : properties(shell.get(), ICAL_XLICERROR_PROPERTY)) {
            if (is_restriction_error(p)) error(report, file, "VCALENDAR", xlic_error_text(p));
        }
    }
    for (icalcomponent* c : children(calendar, ICAL_ANY_COMPONENT)) {
        Owned shell = calendar_shell(calendar);
        icalcomponent* copy = icalcomponent_new_clone(c);
        icalcomponent_add_component(shell.get(), copy);
        icalrestriction_check(shell.get());
        report_xlic_errors(copy, file, report, /*only_restriction=*/true, nullptr);
    }
}

void collect_tzid_params(icalcomponent* c, std::vector<std::pair<std::string, std::string>>& uses) {
    for (icalproperty* p : properties(c, ICAL_ANY_PROPERTY)) {
        if (icalparameter* tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) {
            const char* tzid = icalparameter_get_tzid(tz);
            uses.emplace_back(tzid ? tzid : "", describe_with_owner(c) + " " + icalproperty_get_property_name(p));
        }
    }
    for (icalcomponent* child : children(c, ICAL_ANY_COMPONENT)) {
        collect_tzid_params(child, uses);
    }
}

// RFC 5545 3.2.19: a VTIMEZONE MUST be present for each unique TZID parameter value.
void check_tzid_references(icalcomponent* calendar, const std::string& file, Report& report) {
    std::set<std::string> defined;
    for (icalcomponent* tz : children(calendar, ICAL_VTIMEZONE_COMPONENT)) {
        if (icalproperty* p = icalcomponent_get_first_property(tz, ICAL_TZID_PROPERTY)) {
            const char* tzid = icalproperty_get_tzid(p);
            if (tzid) defined.insert(tzid);
        } else {
            error(report, file, "VTIMEZONE", "no TZID property (RFC 5545 3.6.5)");
        }
    }
    std::vector<std::pair<std::string, std::string>> uses;
    collect_tzid_params(calendar, uses);
    for (const auto& [tzid, where] : uses) {
        if (!defined.count(tzid)) {
            error(report, file, where, "TZID=" + tzid + " has no VTIMEZONE in this file (RFC 5545 3.2.19)");
        }
    }
}

bool has_calendar_component(icalcomponent* calendar) {
    for (icalcomponent* c : children(calendar, ICAL_ANY_COMPONENT)) {
        if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) return true;
    }
    return false;
}

// libical's restriction table for "no METHOD" does not require UID or DTSTAMP, so the
// RFC 5545 rules are checked here directly.
//   RFC 5545 3.6.1 (VEVENT), 3.6.2 (VTODO), 3.6.3 (VJOURNAL): "dtstamp / uid" are REQUIRED,
//   MUST NOT occur more than once; VEVENT: "dtstart" is REQUIRED if the calendar has no METHOD.
void check_required_properties(icalcomponent* calendar, const std::string& file, Report& report) {
    const bool has_method = icalcomponent_get_first_property(calendar, ICAL_METHOD_PROPERTY) != nullptr;
    for (icalcomponent* c : children(calendar, ICAL_ANY_COMPONENT)) {
        const icalcomponent_kind kind = icalcomponent_isa(c);
        if (kind != ICAL_VEVENT_COMPONENT && kind != ICAL_VTODO_COMPONENT && kind != ICAL_VJOURNAL_COMPONENT) continue;
        auto require_one = [&](icalproperty_kind prop, const char* name, const char* section) {
            const std::size_t n = properties(c, prop).size();
            if (n != 1) {
                error(report, file, describe(c),
                      std::string(name) + " must occur exactly once, found " + std::to_string(n) + " (RFC 5545 " +
                          section + ")");
            }
        };
        const char* section = kind == ICAL_VEVENT_COMPONENT ? "3.6.1" : kind == ICAL_VTODO_COMPONENT ? "3.6.2" : "3.6.3";
        require_one(ICAL_UID_PROPERTY, "UID", section);
        require_one(ICAL_DTSTAMP_PROPERTY, "DTSTAMP", section);
        if (kind == ICAL_VEVENT_COMPONENT && !has_method) require_one(ICAL_DTSTART_PROPERTY, "DTSTART", section);
    }
}

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// libical's parser accepts out-of-range fields (e.g. hour 25, February 30) without an
// X-LIC-ERROR; RFC 5545 3.3.4 (DATE) and 3.3.12 (TIME) give the ranges.
std::string time_range_problem(const icaltimetype& t) {
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (t.month < 1 || t.month > 12) return "month " + std::to_string(t.month);
    const int days = days_in_month[t.month - 1] + (t.month == 2 && leap_year(t.year) ? 1 : 0);
    if (t.day < 1 || t.day > days) return "day " + std::to_string(t.day);
    if (t.is_date) return "";
    if (t.hour < 0 || t.hour > 23) return "hour " + std::to_string(t.hour);
    if (t.minute < 0 || t.minute > 59) return "minute " + std::to_string(t.minute);
    if (t.second < 0 || t.second > 60) return "second " + std::to_string(t.second);
    return "";
}

void check_time_values(icalcomponent* c, const std::string& file, Report& report) {
    for (icalproperty* p : properties(c, ICAL_ANY_PROPERTY)) {
        icalvalue* v = icalproperty_get_value(p);
        if (v == nullptr) continue;
        const icalvalue_kind kind = icalvalue_isa(v);
        if (kind != ICAL_DATETIME_VALUE && kind != ICAL_DATE_VALUE) continue;
        const icaltimetype t = kind == ICAL_DATE_VALUE ? icalvalue_get_date(v) : icalvalue_get_datetime(v);
        const std::string problem = time_range_problem(t);
        if (!problem.empty()) {
            const char* text = icalvalue_as_ical_string(v);
            error(report, file, describe_with_owner(c) + " " + icalproperty_get_property_name(p),
                  "value " + std::string(text ? text : "?") + " is not a valid date/time: " + problem +
                      " out of range (RFC 5545 3.3.4, 3.3.12)");
        }
    }
    for (icalcomponent* child : children(c, ICAL_ANY_COMPONENT)) check_time_values(child, file, report);
}

void check_file(const std::string& file, Report& report) {
    report.seen_in_file.clear();
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        error(report, file, "file", "cannot open");
        return;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    Owned root(icalparser_parse_string(text.c_str()));
    if (!root) {
        error(report, file, "file", "libical parsed nothing (not iCalendar, or BEGIN without END?)");
        return;
    }
    // Parser errors, anywhere in the tree, before anything else is added to it.
    std::size_t walked = 0;
    report_xlic_errors(root.get(), file, report, /*only_restriction=*/false, &walked);
    report.components += walked - 1;  // the VCALENDAR (or XROOT) itself is not counted

    if (icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) {
        error(report, file, icalcomponent_kind_to_string(icalcomponent_isa(root.get())),
              "top level is not exactly one VCALENDAR (RFC 5545 3.4)");
        return;
    }
    if (!has_calendar_component(root.get())) {
        error(report, file, "VCALENDAR", "no calendar component (RFC 5545 3.6 requires at least one)");
    }
    check_restrictions(root.get(), file, report);
    check_required_properties(root.get(), file, report);
    check_time_values(root.get(), file, report);
    check_tzid_references(root.get(), file, report);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: libical_check FILE.ics...\n"
                     "Parses each file with libical " ICAL_VERSION " and reports parse and restriction errors.\n";
        return 2;
    }
    icalerror_set_errors_are_fatal(0);
    Report report;
    const int files = argc - 1;
    for (int i = 1; i < argc; ++i) check_file(argv[i], report);
    std::cout << "libical: " << files << " files, " << report.components << " components, " << report.errors
              << " errors\n";
    return report.errors == 0 ? 0 : 1;
}
