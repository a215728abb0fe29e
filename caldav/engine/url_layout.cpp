#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Splits "/a/b/c" into the segment after `prefix` and the rest: ("a", "/b/c").
std::pair<std::string_view, std::string_view> first_segment(std::string_view rest) {
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return {rest, {}};
    return {rest.substr(0, slash), rest.substr(slash)};
}

}  // namespace

Location classify(std::string_view p) {
    Location loc;
    loc.path = std::string(p);
    if (p == "/") {
        loc.area = Area::server_root;
        return loc;
    }
    if (p == kWellKnownCaldav || starts_with(p, std::string(kWellKnownCaldav) + "/")) {
        loc.area = Area::well_known;
        return loc;
    }
    const std::string_view root_no_slash = kDavRoot.substr(0, kDavRoot.size() - 1);
    if (p == root_no_slash || p == kDavRoot) {
        loc.area = Area::root;
        loc.path = kDavRoot;
        return loc;
    }
    if (starts_with(p, kTokenPrefix)) {
        const std::string_view name = p.substr(kTokenPrefix.size());
        constexpr std::string_view ext = ".ics";
        if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext &&
            name.find('/') == std::string_view::npos) {
            loc.area = Area::token_subscription;
            loc.token = std::string(name.substr(0, name.size() - ext.size()));
        }
        return loc;
    }
    if (starts_with(p, kFreeBusyPrefix)) {
        const std::string_view name = p.substr(kFreeBusyPrefix.size());
        if (name.size() > kFreeBusySuffix.size() && name.substr(name.size() - kFreeBusySuffix.size()) == kFreeBusySuffix &&
            name.find('/') == std::string_view::npos) {
            loc.area = Area::free_busy;
            loc.user = std::string(name.substr(0, name.size() - kFreeBusySuffix.size()));
        }
        return loc;
    }
    struct Tree { std::string_view prefix; Area collection; Area member; };
    for (const Tree& tree : {Tree{kPrincipalsRoot, Area::principals, Area::principal},
                             Tree{kCalendarsRoot, Area::calendars, Area::stored}}) {
        const std::string_view bare = tree.prefix.substr(0, tree.prefix.size() - 1);
        if (p == bare || p == tree.prefix) {
            loc.area = tree.collection;
            loc.path = tree.prefix;
            return loc;
        }
        if (!starts_with(p, tree.prefix)) continue;
        auto [user, rest] = first_segment(p.substr(tree.prefix.size()));
        loc.user = std::string(user);
        if (tree.member == Area::principal) {
            if (rest.empty() || rest == "/") {
                loc.area = Area::principal;
                loc.path = principal_path(user);
            }
            return loc;   // anything below a principal: unknown
        }
        loc.area = Area::stored;
        if (rest.empty()) loc.path = home_path(user);   // the home named without its slash
        return loc;
    }
    return loc;
}

bool needs_authentication(Area area) {
    return area != Area::well_known && area != Area::token_subscription;
}

std::string principal_path(std::string_view user) {
    return std::string(kPrincipalsRoot) + std::string(user) + '/';
}

std::string home_path(std::string_view user) { return std::string(kCalendarsRoot) + std::string(user) + '/'; }

std::string free_busy_path(std::string_view user) {
    return std::string(kFreeBusyPrefix) + std::string(user) + std::string(kFreeBusySuffix);
}

std::string parent_path(std::string_view path) {
    if (path.size() <= 1) return {};
    std::string_view p = path;
    if (p.back() == '/') p.remove_suffix(1);
    const auto slash = p.rfind('/');
    if (slash == std::string_view::npos) return {};
    return std::string(p.substr(0, slash + 1));
}

std::string_view last_segment(std::string_view path) {
    if (!path.empty() && path.back() == '/') path.remove_suffix(1);
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_within(std::string_view path, std::string_view ancestor) {
    return path.substr(0, ancestor.size()) == ancestor;
}

}  // namespace calbridge::caldav
