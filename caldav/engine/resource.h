#pragma once
// What a request path names, resolved against the URL layout and the Store: the resource the
// methods, the access check and the live properties work on.
#include <optional>
#include <string>

#include "caldav/engine/url_layout.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

enum class ResourceKind {
    server_root,  // /: stands for the context path /dav/, its only member (RFC 6764 6.5)
    root,         // /dav/
    principals,   // /dav/principals/
    principal,    // /dav/principals/<user>/
    calendars,    // /dav/calendars/ (the homes)
    home,         // /dav/calendars/<user>/: a plain collection of the Store
    collection,   // a plain WebDAV collection of the Store (RFC 4918 9.3)
    calendar,     // a calendar collection (RFC 4791 4.2)
    object,       // a stored resource (a calendar object resource inside a calendar)
    missing,      // a path below a home that names nothing (yet): PUT, MKCOL, MKCALENDAR targets
};

struct Resource {
    ResourceKind kind = ResourceKind::missing;
    std::string path;    // canonical: collections end with '/'
    std::string owner;   // the user it belongs to; empty for the shared virtual collections
    std::optional<Collection> collection;   // home, collection, calendar
    std::optional<ObjectInfo> object;       // object
    std::optional<Principal> principal;     // principal
    // object: the kind of the collection holding it (calendar objects have calendar-data).
    CollectionKind parent_kind = CollectionKind::plain;
    // The content, when the caller loaded it (REPORTs with calendar-data); nullptr otherwise.
    const std::string* data = nullptr;
    // It is, or lies in, a collection that nobody may write (Collection::read_only, issue 6 item 4).
    bool read_only = false;

    bool is_collection() const { return kind != ResourceKind::object && kind != ResourceKind::missing; }
    bool is_stored_collection() const {
        return kind == ResourceKind::home || kind == ResourceKind::collection || kind == ResourceKind::calendar;
    }
    bool exists() const { return kind != ResourceKind::missing; }
    // The path the Store knows it by. `path` is where the client sees it: the same, except for a
    // calendar listed through its mount in a grantee's home (issue 6), whose `path` is the mount.
    const std::string& stored_path() const {
        if (collection) return collection->path;
        if (object) return object->path;
        return path;
    }
};

// Resolves a classified path (any area but well_known/token/unknown, which the engine answers
// before). A path below a home without a trailing slash is an object if one is stored there,
// else a collection if "<path>/" is one (RFC 4918 5.2 lets a server accept both spellings).
// A principal or home of a user that does not exist resolves to `missing`.
Resource resolve(Store& store, const Location& location);

// Builders for resources already read from the Store (PROPFIND Depth 1, REPORTs).
Resource collection_resource(Collection c);
Resource object_resource(ObjectInfo info, CollectionKind parent_kind);

}  // namespace calbridge::caldav
