#include "caldav/engine/resource.h"

namespace calbridge::caldav {

Resource collection_resource(Collection c) {
    Resource r;
    r.path = c.path;
    r.owner = c.owner;
    if (c.path == home_path(c.owner))
        r.kind = ResourceKind::home;
    else
        r.kind = c.kind == CollectionKind::calendar ? ResourceKind::calendar : ResourceKind::collection;
    r.read_only = c.read_only;
    r.collection = std::move(c);
    return r;
}

Resource object_resource(ObjectInfo info, CollectionKind parent_kind) {
    Resource r;
    r.kind = ResourceKind::object;
    r.path = info.path;
    r.parent_kind = parent_kind;
    r.object = std::move(info);
    return r;
}

namespace {

Resource missing(std::string path, std::string owner) {
    Resource r;
    r.path = std::move(path);
    r.owner = std::move(owner);
    return r;
}

Resource resolve_stored(Store& store, const Location& location) {
    const std::string& p = location.path;
    if (is_collection_path(p)) {
        if (auto c = store.collection(p)) return collection_resource(std::move(*c));
        Resource r = missing(p, location.user);
        if (const auto parent = store.collection(parent_path(p))) r.read_only = parent->read_only;
        return r;
    }
    if (auto info = store.object_info(p)) {
        const auto parent = store.collection(parent_path(p));
        Resource r = object_resource(std::move(*info), parent ? parent->kind : CollectionKind::plain);
        r.owner = parent ? parent->owner : location.user;
        r.read_only = parent && parent->read_only;
        return r;
    }
    if (auto c = store.collection(p + '/')) return collection_resource(std::move(*c));
    Resource r = missing(p, location.user);
    // Created in its parent: the parent's owner and read-only flag decide (privileges()).
    if (const auto parent = store.collection(parent_path(p))) {
        if (!parent->owner.empty()) r.owner = parent->owner;
        r.read_only = parent->read_only;
    }
    return r;
}

}  // namespace

Resource resolve(Store& store, const Location& location) {
    Resource r;
    r.path = location.path;
    switch (location.area) {
        case Area::server_root: r.kind = ResourceKind::server_root; return r;
        case Area::root: r.kind = ResourceKind::root; return r;
        case Area::principals: r.kind = ResourceKind::principals; return r;
        case Area::calendars: r.kind = ResourceKind::calendars; return r;
        case Area::principal:
            r.owner = location.user;
            if (auto p = store.principal(location.user)) {
                r.kind = ResourceKind::principal;
                r.principal = std::move(p);
            }
            return r;
        case Area::stored: {
            Resource s = resolve_stored(store, location);
            if (s.owner.empty()) s.owner = location.user;
            return s;
        }
        default: return missing(location.path, {});
    }
}

}  // namespace calbridge::caldav
