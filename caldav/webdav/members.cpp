#include "caldav/webdav/members.h"

#include <set>

#include "caldav/access/privileges.h"
#include "caldav/access/sharing.h"

namespace calbridge::caldav {

void for_each_member(RequestContext& rq, const Resource& collection,
                     const std::function<void(const Resource&)>& each) {
    auto visit_virtual = [&](const std::string& path) {
        const Resource member = resolve(rq.store(), classify(path));
        if (member.exists() && !privileges(rq.who(), member).none()) each(member);
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
            // Issue 6: a freebusy grantee sees the calendar, not what is in it.
            if (!privileges(rq.who(), collection).has(Privilege::read)) return;
            std::set<std::string> own;
            for (Collection& c : rq.store().child_collections(collection.stored_path())) {
                const Resource member = collection_resource(std::move(c));
                if (!privileges(rq.who(), member).none()) each(member);
                own.insert(member.path);
            }
            if (collection.kind == ResourceKind::home && collection.owner == rq.user) {
                // The calendars shared with the user, each at its mount (an own collection at the
                // same path wins).
                for (const SharedCalendar& share : rq.shares) {
                    Resource member = collection_resource(share.calendar);
                    member.path = mount_path(rq.user, share.calendar);
                    if (!own.contains(member.path)) each(member);
                }
            }
            const CollectionKind kind = collection.collection->kind;
            const bool read_only = collection.read_only;
            rq.store().visit_objects(collection.collection->id, [&](ObjectInfo& info) {
                Resource member = object_resource(std::move(info), kind);
                member.owner = collection.owner;
                member.read_only = read_only;
                each(member);
            });
            return;
        }
        default: return;
    }
}

}  // namespace calbridge::caldav
