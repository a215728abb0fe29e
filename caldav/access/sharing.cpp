#include "caldav/access/sharing.h"

#include "caldav/access/privileges.h"
#include "caldav/engine/request_context.h"
#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

constexpr std::string_view kMountPrefix = "shared-";

bool is_calendar(const Resource& r) { return r.kind == ResourceKind::calendar && r.collection.has_value(); }

// The grantee's view: the calendar is another user's and shared with them.
const SharedCalendar* grantee_view(const PropertyContext& c) {
    if (!is_calendar(c.resource) || c.resource.owner == c.who.user) return nullptr;
    return c.who.share_holding(c.resource.collection->path);
}

bool owner_view(const PropertyContext& c) { return is_calendar(c.resource) && c.resource.owner == c.who.user; }

// Grants that CalendarServer can express: CS:read and CS:read-write (issue 6: freebusy grants are
// not listed in CS:invite, CalendarServer has no such access).
std::vector<Grant> invite_grants(const PropertyContext& c) {
    std::vector<Grant> grants = c.services.store.grants_of(c.resource.collection->id);
    std::erase_if(grants, [](const Grant& g) { return g.access == Access::freebusy; });
    return grants;
}

}  // namespace

std::string mount_path(std::string_view grantee, const Collection& calendar) {
    std::string path = home_path(grantee);
    path += kMountPrefix;
    path += calendar.owner;
    path += '-';
    path += last_segment(calendar.path);
    path += '/';
    return path;
}

std::optional<Mount> mount_holding(std::string_view user, std::span<const SharedCalendar> shares,
                                   std::string_view path) {
    const std::string home = home_path(user);
    if (!is_within(path, home) || path.substr(home.size(), kMountPrefix.size()) != kMountPrefix) return std::nullopt;
    for (const SharedCalendar& share : shares) {
        std::string mount = mount_path(user, share.calendar);
        const bool bare = path.size() + 1 == mount.size() && is_within(mount, path);
        if (bare || is_within(path, mount)) return Mount{std::move(mount), share.calendar.path};
    }
    return std::nullopt;
}

std::string through_mount(const Mount& mount, std::string_view path) {
    if (path.size() < mount.path.size()) return mount.calendar_path;   // the mount without its slash
    return mount.calendar_path + std::string(path.substr(mount.path.size()));
}

void write_sharing_resourcetype(const PropertyContext& c, xml::XmlWriter& w) {
    if (grantee_view(c))
        w.empty(xml::cs("shared"));
    else if (owner_view(c) && !invite_grants(c).empty())
        w.empty(xml::cs("shared-owner"));
}

void register_sharing_properties(PropertyRegistry& registry) {
    // The owner's calendar a grantee's mount stands for.
    registry.add({.name = xml::cs("shared-url"),
                  .rfc = "CalendarServer sharing, shared-url",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .has_value = [](const PropertyContext& c) { return grantee_view(c) != nullptr; },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(xml::cs("shared-url")).href(c.resource.collection->path).close();
                  }});
    // The owner's view of who the calendar is shared with. Users by principal href with their
    // mailto: address when they have one; groups by name (they have no principal).
    registry.add({.name = xml::cs("invite"),
                  .rfc = "CalendarServer sharing, invite",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .has_value = [](const PropertyContext& c) { return owner_view(c) && !invite_grants(c).empty(); },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(xml::cs("invite"));
                      for (const Grant& g : invite_grants(c)) {
                          w.open(xml::cs("user"));
                          std::string name = g.grantee;
                          if (g.group) {
                              w.href(principal_path(g.grantee));
                          } else if (auto p = c.services.store.principal(g.grantee)) {
                              if (!p->email.empty())
                                  w.href_raw("mailto:" + p->email);
                              else
                                  w.href(principal_path(g.grantee));
                              if (!p->display_name.empty()) name = p->display_name;
                          } else {
                              w.href(principal_path(g.grantee));
                          }
                          w.leaf(xml::cs("common-name"), name);
                          w.empty(xml::cs("invite-accepted"));
                          w.open(xml::cs("access"))
                              .empty(xml::cs(g.access == Access::read_write ? "read-write" : "read"))
                              .close();
                          w.close();
                      }
                      w.close();
                  }});
}

}  // namespace calbridge::caldav
