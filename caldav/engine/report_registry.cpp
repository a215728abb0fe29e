#include "caldav/engine/report_registry.h"

#include <stdexcept>
#include <type_traits>

namespace calbridge::caldav {

void ReportRegistry::add(ReportDefinition report) {
    if (index_.contains(report.name)) throw std::logic_error("report registered twice: " + report.name.clark());
    index_.emplace(report.name, reports_.size());
    reports_.push_back(std::move(report));
}

const ReportDefinition* ReportRegistry::find(const xml::QName& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &reports_[it->second];
}

std::vector<const ReportDefinition*> ReportRegistry::supported_on(const Resource& resource) const {
    std::vector<const ReportDefinition*> out;
    for (const auto& r : reports_)
        if (r.supported_on(resource)) out.push_back(&r);
    return out;
}

xml::QName report_name(const xml::ReportBody& body) {
    return std::visit(
        [](const auto& b) -> xml::QName {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, xml::CalendarQuery>) return xml::caldav_name("calendar-query");
            else if constexpr (std::is_same_v<T, xml::CalendarMultiget>) return xml::caldav_name("calendar-multiget");
            else if constexpr (std::is_same_v<T, xml::FreeBusyQuery>) return xml::caldav_name("free-busy-query");
            else if constexpr (std::is_same_v<T, xml::SyncCollection>) return xml::dav("sync-collection");
            else if constexpr (std::is_same_v<T, xml::ExpandPropertyReport>) return xml::dav("expand-property");
            else if constexpr (std::is_same_v<T, xml::AclPrincipalPropSet>) return xml::dav("acl-principal-prop-set");
            else if constexpr (std::is_same_v<T, xml::PrincipalMatch>) return xml::dav("principal-match");
            else if constexpr (std::is_same_v<T, xml::PrincipalPropertySearch>) return xml::dav("principal-property-search");
            else if constexpr (std::is_same_v<T, xml::PrincipalSearchPropertySet>)
                return xml::dav("principal-search-property-set");
            else return b.name;
        },
        body);
}

}  // namespace calbridge::caldav
