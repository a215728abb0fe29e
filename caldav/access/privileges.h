#pragma once
// Who may do what (RFC 3744 3: privileges). The one function that decides access: a user has
// every privilege on their own principal and home tree; every authenticated user may read the
// virtual collections and every principal (CS:invite hrefs and scheduling look-ups need them);
// on a calendar of another user, a grant (issue 6) gives the privileges of its access level (the
// table below); anything else gives nothing, which the engine answers with 404 so nobody learns
// that it exists (url-layout). A read-only collection (Collection::read_only, a bridged calendar
// the account may only read) takes the write privileges away from everybody, its owner included.
//
//   access      | on the calendar                                    | on its objects
//   read-write  | read, write-content, bind, unbind, read-free-busy, | read, write-content, write-properties,
//               | read-current-user-privilege-set                    | read-free-busy, read-cups
//   read        | read, read-free-busy, read-cups                    | read, read-cups
//   freebusy    | read-free-busy, read-cups                          | read-free-busy
// (a grantee never gets write-properties on the calendar: its properties are the owner's.)
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "caldav/engine/resource.h"
#include "caldav/store/store.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav {

// RFC 3744 3.1-3.12 (and RFC 4791 6.1.1 read-free-busy), as bits.
enum class Privilege : std::uint32_t {
    read = 1u << 0,                 // 3.1
    write_properties = 1u << 1,     // 3.3
    write_content = 1u << 2,        // 3.4
    bind = 1u << 3,                 // 3.9: add members to a collection
    unbind = 1u << 4,               // 3.10: remove members
    read_current_user_privilege_set = 1u << 5,   // 3.7
    read_free_busy = 1u << 6,       // RFC 4791 6.1.1
};

class PrivilegeSet {
public:
    constexpr PrivilegeSet() = default;
    static constexpr PrivilegeSet all() { return PrivilegeSet(0x7f); }
    constexpr PrivilegeSet& add(Privilege p) {
        bits_ |= static_cast<std::uint32_t>(p);
        return *this;
    }
    constexpr PrivilegeSet& remove(Privilege p) {
        bits_ &= ~static_cast<std::uint32_t>(p);
        return *this;
    }
    constexpr bool has(Privilege p) const { return (bits_ & static_cast<std::uint32_t>(p)) != 0; }
    constexpr bool none() const { return bits_ == 0; }
    constexpr bool is_all() const { return bits_ == all().bits_; }

private:
    constexpr explicit PrivilegeSet(std::uint32_t bits) : bits_(bits) {}
    std::uint32_t bits_ = 0;
};

// Who asks: the authenticated user ("" for none) and the calendars shared with them, read from
// the Store once per request (RequestContext).
struct Requester {
    std::string_view user;
    std::span<const SharedCalendar> shares;

    // The share whose calendar is, or holds, the stored path; nullptr when none.
    const SharedCalendar* share_holding(std::string_view stored_path) const;
};

// The privileges `who` has on `resource` (resolved; for a missing path, those on the collection
// it would be created in).
PrivilegeSet privileges(const Requester& who, const Resource& resource);

// The elements of DAV:current-user-privilege-set (RFC 3744 5.4): DAV:all when every privilege
// is held (3.12), else the aggregates and leaves held (DAV:write when write-properties,
// write-content, bind and unbind all are, 3.2).
std::vector<xml::QName> privilege_names(PrivilegeSet set);

// The element naming one privilege (DAV:read, CALDAV:read-free-busy ...).
xml::QName privilege_name(Privilege privilege);

}  // namespace calbridge::caldav
