#include "gateway/import/collection_naming.h"

#include <cctype>

#include "gateway/import/calendar_object_text.h"

namespace calbridge::import {

namespace {

bool ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr std::size_t kMaxUidNameLength = 120;

}  // namespace

std::string folder_slug(std::string_view folder_path) {
    std::string slug;
    bool dash = false;
    for (char c : folder_path) {
        if (ascii_alnum(c)) {
            if (dash && !slug.empty()) slug.push_back('-');
            dash = false;
            slug.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            dash = true;
        }
    }
    return slug.empty() ? std::string("calendar") : slug;
}

std::string folder_display_name(std::string_view folder_path) {
    const std::size_t slash = folder_path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? folder_path : folder_path.substr(slash + 1);
    return std::string(name.empty() ? folder_path : name);
}

std::string object_name(std::string_view uid) {
    std::string name;
    bool replaced = false;
    for (char c : uid) {
        if (ascii_alnum(c) || c == '-' || c == '_' || c == '.' || c == '@') {
            name.push_back(c);
        } else {
            name.push_back('_');
            replaced = true;
        }
    }
    // Not a dot segment, not hidden, not too long for file systems of clients that mirror it.
    if (name.empty()) {
        name = "_";
        replaced = true;
    }
    if (name.front() == '.') {
        name.front() = '_';
        replaced = true;
    }
    if (name.size() > kMaxUidNameLength) {
        name.resize(kMaxUidNameLength);
        replaced = true;
    }
    if (replaced) name += "-" + fingerprint(uid).substr(0, 16);
    return name + ".ics";
}

}  // namespace calbridge::import
