#include "caldav/http_message.h"

#include <algorithm>

namespace calbridge::caldav {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

void Headers::set(std::string_view name, std::string value) {
    remove(name);
    fields_.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& [n, v] : fields_)
        if (iequals(n, name)) return std::string_view(v);
    return std::nullopt;
}

void Headers::remove(std::string_view name) {
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                                 [&](const auto& f) { return iequals(f.first, name); }),
                  fields_.end());
}

}  // namespace calbridge::caldav
