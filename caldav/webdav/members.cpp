#include "caldav/webdav/members.h"

#include "caldav/access/privileges.h"

namespace calbridge::caldav {

void for_each_member(RequestContext& rq, const Resource& collection,
                     const std::function<void(const Resource&)>& each) {
    auto visit_virtual = [&](const std::string& path) {
        const Resource member = resolve(rq.store(), classify(path));
        if (member.exists() && !privileges(rq.user, member).none()) each(member);
    };
    switch (collection.kind) {
        case ResourceKind::server_root:
            visit_virtual(std::string(kDavRoot));
            return;
        case ResourceKind::root:
            visit_virtual(std::string(kPrincipalsRoot));
            visit_virtual(std::string(kCalendarsRoot));
            return;
        case ResourceKind::principals:
            visit_virtual(principal_path(rq.user));   // issue 6: principals shared with the user too
            return;
        case ResourceKind::calendars:
            visit_virtual(home_path(rq.user));
            return;
        case ResourceKind::home:
        case ResourceKind::collection:
        case ResourceKind::calendar: {
            for (Collection& c : rq.store().child_collections(collection.path)) {
                const Resource member = collection_resource(std::move(c));
                if (!privileges(rq.user, member).none()) each(member);
            }
            rq.store().visit_objects(collection.collection->id, [&](ObjectInfo& info) {
                Resource member = object_resource(std::move(info), *collection.collection);
                member.owner = collection.owner;
                each(member);
            });
            return;
        }
        default: return;
    }
}

}  // namespace calbridge::caldav
