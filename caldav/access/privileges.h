#pragma once
// Who may do what (RFC 3744 3: privileges). The one function that decides access, owner-only for
// now: a user has every privilege on their own principal and home tree, read on the shared
// virtual collections, and nothing on anything of another user, which the engine then answers
// with 404 so nobody learns that it exists (url-layout). Issue 6 (sharing) adds grants here:
// privileges() is the only place that needs to learn them. A read-only collection (a calendar
// bridged to a remote folder the account may only read, issue 6 item 4) and its members keep no
// write privilege, whoever asks: a write there could never reach where the calendar lives.
#include <cstdint>
#include <string_view>
#include <vector>

#include "caldav/engine/resource.h"
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

// The privileges `user` has on `resource` (resolved; for a missing path, those on the place it
// would be created in). Without write-properties, write-content, bind and unbind when the
// resource is a read-only collection or lies in one (Resource::in_read_only).
PrivilegeSet privileges(std::string_view user, const Resource& resource);

// The elements of DAV:current-user-privilege-set (RFC 3744 5.4): DAV:all when every privilege
// is held (3.12), else the aggregates and leaves held (DAV:write when write-properties,
// write-content, bind and unbind all are, 3.2).
std::vector<xml::QName> privilege_names(PrivilegeSet set);

}  // namespace calbridge::caldav
