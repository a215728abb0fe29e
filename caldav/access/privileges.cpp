#include "caldav/access/privileges.h"

#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

PrivilegeSet without_writes(PrivilegeSet set) {
    return set.remove(Privilege::write_properties)
        .remove(Privilege::write_content)
        .remove(Privilege::bind)
        .remove(Privilege::unbind);
}

// issue6.md "Privileges": the table in privileges.h. `on_calendar`: the calendar itself, or a
// missing path in it (what may be created there is decided by the calendar's privileges).
PrivilegeSet granted(Access access, bool on_calendar) {
    PrivilegeSet set;
    switch (access) {
        case Access::read_write:
            set.add(Privilege::read).add(Privilege::write_content).add(Privilege::read_free_busy)
                .add(Privilege::read_current_user_privilege_set);
            if (on_calendar)
                set.add(Privilege::bind).add(Privilege::unbind);
            else
                set.add(Privilege::write_properties);
            return set;
        case Access::read:
            set.add(Privilege::read).add(Privilege::read_current_user_privilege_set);
            if (on_calendar) set.add(Privilege::read_free_busy);
            return set;
        case Access::freebusy:
            set.add(Privilege::read_free_busy);
            if (on_calendar) set.add(Privilege::read_current_user_privilege_set);
            return set;
    }
    return set;
}

}  // namespace

const SharedCalendar* Requester::share_holding(std::string_view stored_path) const {
    for (const SharedCalendar& share : shares) {
        const std::string& calendar = share.calendar.path;
        if (is_within(stored_path, calendar)) return &share;
        // The calendar named without its trailing slash.
        if (stored_path.size() + 1 == calendar.size() && is_within(calendar, stored_path)) return &share;
    }
    return nullptr;
}

PrivilegeSet privileges(const Requester& who, const Resource& resource) {
    if (who.user.empty()) return {};
    switch (resource.kind) {
        case ResourceKind::server_root:
        case ResourceKind::root:
        case ResourceKind::principals:
        case ResourceKind::calendars:
            return PrivilegeSet().add(Privilege::read).add(Privilege::read_current_user_privilege_set);
        case ResourceKind::principal:
            if (resource.owner == who.user) return PrivilegeSet::all();
            return PrivilegeSet().add(Privilege::read).add(Privilege::read_current_user_privilege_set);
        default: break;
    }
    PrivilegeSet set;
    if (resource.owner == who.user) {
        set = PrivilegeSet::all();
    } else if (const SharedCalendar* share = who.share_holding(resource.stored_path())) {
        const bool on_calendar = resource.kind != ResourceKind::object;
        set = granted(share->access, on_calendar);
        if (share->calendar.read_only) set = without_writes(set);
    } else {
        return {};
    }
    if (resource.read_only) set = without_writes(set);
    return set;
}

std::vector<xml::QName> privilege_names(PrivilegeSet set) {
    if (set.is_all()) return {xml::dav("all")};
    std::vector<xml::QName> names;
    if (set.has(Privilege::read)) names.push_back(xml::dav("read"));
    const bool write = set.has(Privilege::write_properties) && set.has(Privilege::write_content) &&
                       set.has(Privilege::bind) && set.has(Privilege::unbind);
    if (write) names.push_back(xml::dav("write"));
    if (set.has(Privilege::write_properties)) names.push_back(xml::dav("write-properties"));
    if (set.has(Privilege::write_content)) names.push_back(xml::dav("write-content"));
    if (set.has(Privilege::bind)) names.push_back(xml::dav("bind"));
    if (set.has(Privilege::unbind)) names.push_back(xml::dav("unbind"));
    if (set.has(Privilege::read_current_user_privilege_set))
        names.push_back(xml::dav("read-current-user-privilege-set"));
    if (set.has(Privilege::read_free_busy)) names.push_back(xml::caldav_name("read-free-busy"));
    return names;
}

xml::QName privilege_name(Privilege privilege) {
    switch (privilege) {
        case Privilege::read: return xml::dav("read");
        case Privilege::write_properties: return xml::dav("write-properties");
        case Privilege::write_content: return xml::dav("write-content");
        case Privilege::bind: return xml::dav("bind");
        case Privilege::unbind: return xml::dav("unbind");
        case Privilege::read_current_user_privilege_set: return xml::dav("read-current-user-privilege-set");
        case Privilege::read_free_busy: return xml::caldav_name("read-free-busy");
    }
    return xml::dav("all");
}

}  // namespace calbridge::caldav
