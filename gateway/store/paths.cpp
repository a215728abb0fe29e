#include "gateway/store/paths.h"

namespace calbridge::store {

std::string parent_path(std::string_view path) {
    if (path.size() <= 1) return {};
    std::string_view trimmed = path.substr(0, path.size() - (path.back() == '/' ? 1 : 0));
    const auto slash = trimmed.rfind('/');
    if (slash == std::string_view::npos) return {};
    return std::string(trimmed.substr(0, slash + 1));
}

std::string prefix_end(std::string_view prefix) {
    // Paths compare bytewise (SQLite's BINARY collation); bumping the last byte ('/' -> '0')
    // gives the first string after all those starting with prefix.
    std::string end(prefix);
    end.back() = static_cast<char>(end.back() + 1);
    return end;
}

bool is_below(std::string_view path, std::string_view ancestor) {
    return path.size() > ancestor.size() && path.substr(0, ancestor.size()) == ancestor;
}

std::string rebase(std::string_view path, std::string_view from, std::string_view to) {
    return std::string(to) + std::string(path.substr(from.size()));
}

}  // namespace calbridge::store
