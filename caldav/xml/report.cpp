#include "caldav/xml/report.h"

namespace calbridge::caldav::xml {

ReportKind report_kind(const QName& root) {
    if (root.ns == kCalDav) {
        if (root.name == "calendar-query") return ReportKind::calendar_query;
        if (root.name == "calendar-multiget") return ReportKind::calendar_multiget;
        if (root.name == "free-busy-query") return ReportKind::free_busy_query;
    } else if (root.ns == kDav) {
        if (root.name == "sync-collection") return ReportKind::sync_collection;
        if (root.name == "expand-property") return ReportKind::expand_property;
        if (root.name == "acl-principal-prop-set") return ReportKind::acl_principal_prop_set;
        if (root.name == "principal-match") return ReportKind::principal_match;
        if (root.name == "principal-property-search") return ReportKind::principal_property_search;
        if (root.name == "principal-search-property-set") return ReportKind::principal_search_property_set;
    }
    return ReportKind::unknown;
}

ReportKind report_kind(std::string_view body, const ParseLimits& limits) {
    if (is_blank(body)) bad_request("REPORT needs a request body naming the report (RFC 3253 3.6)");
    return report_kind(parse_document(body, limits).root_name());
}

ReportBody parse_report(std::string_view body, const ParseLimits& limits) {
    if (is_blank(body)) bad_request("REPORT needs a request body naming the report (RFC 3253 3.6)");
    const Document doc = parse_document(body, limits);
    const pugi::xml_node root = doc.root();
    QName name = doc.root_name();
    switch (report_kind(name)) {
        case ReportKind::calendar_query: return parse_calendar_query(root);
        case ReportKind::calendar_multiget: return parse_calendar_multiget(root);
        case ReportKind::free_busy_query: return parse_free_busy_query(root);
        case ReportKind::sync_collection: return parse_sync_collection(root);
        case ReportKind::expand_property: return parse_expand_property(root);
        case ReportKind::acl_principal_prop_set: return parse_acl_principal_prop_set(root);
        case ReportKind::principal_match: return parse_principal_match(root);
        case ReportKind::principal_property_search: return parse_principal_property_search(root);
        case ReportKind::principal_search_property_set: return PrincipalSearchPropertySet{};
        case ReportKind::unknown: break;
    }
    return UnknownReport{std::move(name)};
}

}  // namespace calbridge::caldav::xml
