#include "caldav/webdav/property_writer.h"

#include <algorithm>
#include <optional>

#include "caldav/access/privileges.h"
#include "caldav/engine/request_context.h"

namespace calbridge::caldav {

std::vector<DeadProperty> dead_properties_of(Store& store, const Resource& resource) {
    if (resource.kind != ResourceKind::object && !resource.is_stored_collection()) return {};
    return store.dead_properties(resource.stored_path());
}

namespace {

struct Found {
    const LiveProperty* live = nullptr;
    const DeadProperty* dead = nullptr;
};

class DeadCache {
public:
    DeadCache(Store& store, const Resource& resource) : store_(store), resource_(resource) {}
    const std::vector<DeadProperty>& all() {
        if (!props_) props_ = dead_properties_of(store_, resource_);
        return *props_;
    }
    const DeadProperty* find(const xml::QName& name) {
        for (const auto& d : all())
            if (d.ns == name.ns && d.name == name.name) return &d;
        return nullptr;
    }

private:
    Store& store_;
    const Resource& resource_;
    std::optional<std::vector<DeadProperty>> props_;
};

bool has_value(const LiveProperty& p, const PropertyContext& ctx) { return !p.has_value || p.has_value(ctx); }

// Issue 6: without DAV:read (a freebusy grantee) a resource shows only what says what it is and
// what the user may do with it; every other property is 403 (RFC 4918 9.1: properties a client
// may not read), dead properties included.
bool visible_without_read(const xml::QName& name) {
    static const xml::QName kVisible[] = {
        xml::dav("resourcetype"),          xml::dav("displayname"),
        xml::dav("owner"),                 xml::dav("current-user-privilege-set"),
        xml::dav("current-user-principal"), xml::dav("principal-collection-set"),
    };
    for (const auto& v : kVisible)
        if (v == name) return true;
    return false;
}

}  // namespace

void write_property_response(xml::MultistatusWriter& ms, const PropertyContext& ctx,
                             const xml::PropSelection& selection) {
    const PropertyRegistry& registry = ctx.services.properties;
    const Resource& resource = ctx.resource;
    DeadCache dead(ctx.services.store, resource);
    std::vector<Found> found;
    std::vector<xml::QName> missing;
    std::vector<xml::QName> forbidden;
    const bool can_read = privileges(ctx.who, resource).has(Privilege::read);

    auto lookup = [&](const xml::QName& name) {
        if (!can_read && !visible_without_read(name)) {
            forbidden.push_back(name);
            return;
        }
        if (const LiveProperty* live = registry.live_on(name, resource)) {
            if (has_value(*live, ctx))
                found.push_back({live, nullptr});
            else
                missing.push_back(name);
        } else if (const DeadProperty* d = dead.find(name)) {
            found.push_back({nullptr, d});
        } else {
            missing.push_back(name);
        }
    };

    ms.begin_response(resource.path);
    switch (selection.kind) {
        case xml::PropSelection::Kind::prop:
            for (const auto& name : selection.props) lookup(name);
            break;
        case xml::PropSelection::Kind::allprop:
            // RFC 4918 9.1: the dead properties and the live ones of allprop, plus DAV:include.
            for (const LiveProperty& p : registry.all())
                if (p.in_allprop && p.applies(resource) && has_value(p, ctx) && (can_read || visible_without_read(p.name)))
                    found.push_back({&p, nullptr});
            for (const auto& name : selection.include) {
                const LiveProperty* live = registry.live_on(name, resource);
                if (live && live->in_allprop) continue;   // listed already
                lookup(name);
            }
            if (can_read)
                for (const auto& d : dead.all()) found.push_back({nullptr, &d});
            break;
        case xml::PropSelection::Kind::propname: {
            std::vector<xml::QName> names;
            for (const LiveProperty& p : registry.all())
                if (p.applies(resource) && has_value(p, ctx) && (can_read || visible_without_read(p.name)))
                    names.push_back(p.name);
            if (can_read)
                for (const auto& d : dead.all()) names.push_back({d.ns, d.name});
            ms.propstat_empty(names, 200);
            ms.end_response();
            return;
        }
    }
    if (!found.empty() || (missing.empty() && forbidden.empty())) {
        xml::XmlWriter& w = ms.begin_propstat();
        for (const Found& f : found) {
            if (f.live)
                f.live->write(ctx, w);
            else
                w.raw(f.dead->xml);
        }
        ms.end_propstat(200);
    }
    if (!missing.empty()) ms.propstat_empty(missing, 404);
    if (!forbidden.empty()) ms.propstat_empty(forbidden, 403);
    ms.end_response();
}

}  // namespace calbridge::caldav
