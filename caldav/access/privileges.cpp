#include "caldav/access/privileges.h"

namespace calbridge::caldav {

PrivilegeSet privileges(std::string_view user, const Resource& resource) {
    if (user.empty()) return {};
    switch (resource.kind) {
        case ResourceKind::server_root:
        case ResourceKind::root:
        case ResourceKind::principals:
        case ResourceKind::calendars:
            return PrivilegeSet()
                .add(Privilege::read)
                .add(Privilege::read_current_user_privilege_set);
        default: break;
    }
    if (resource.owner != user) return {};   // issue 6: grants of other users' resources are looked up here
    PrivilegeSet held = PrivilegeSet::all();
    if (resource.in_read_only()) {
        // Issue 6 item 4: the calendar mirrors a remote folder the account may only read (EWS
        // EffectiveRights without CreateContents/Modify/Delete); only the bridge writes it, through
        // the store. RFC 3744 3.3, 3.4, 3.9, 3.10: the write privileges, owner included.
        held.remove(Privilege::write_properties)
            .remove(Privilege::write_content)
            .remove(Privilege::bind)
            .remove(Privilege::unbind);
    }
    return held;
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

}  // namespace calbridge::caldav
