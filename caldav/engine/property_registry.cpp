#include "caldav/engine/property_registry.h"

#include <stdexcept>

namespace calbridge::caldav {

void PropertyRegistry::add(LiveProperty property) {
    if (index_.contains(property.name))
        throw std::logic_error("live property registered twice: " + property.name.clark());
    index_.emplace(property.name, properties_.size());
    properties_.push_back(std::move(property));
}

const LiveProperty* PropertyRegistry::find(const xml::QName& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &properties_[it->second];
}

const LiveProperty* PropertyRegistry::live_on(const xml::QName& name, const Resource& resource) const {
    const LiveProperty* p = find(name);
    return p && p->applies(resource) ? p : nullptr;
}

}  // namespace calbridge::caldav
