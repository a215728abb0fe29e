#include "converters/mapi/property_bag.h"

namespace calbridge::mapi {

const PropValue* PropertyBag::get(std::uint16_t id) const {
    auto it = tagged_.find(id);
    return it == tagged_.end() ? nullptr : &it->second;
}

const PropValue* PropertyBag::get(const NamedProp& prop) const {
    auto it = named_.find(prop);
    return it == named_.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> PropertyBag::as_integer(const PropValue* v) {
    if (!v) return std::nullopt;
    if (auto p = std::get_if<std::int32_t>(v)) return *p;
    if (auto p = std::get_if<std::int64_t>(v)) return *p;
    return std::nullopt;
}

}  // namespace calbridge::mapi
