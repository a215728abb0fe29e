#pragma once
// Which clients the brake on failed logins (FailureLimiter) treats as one.
#include <string>
#include <string_view>

namespace calbridge::auth {

// The address an IP address is counted under: an IPv4 address as is, an IPv6 address by its
// /64 prefix ("2001:db8:1:2::/64"): one subscriber usually holds a whole /64 (RFC 6177) and
// could otherwise walk through 2^64 addresses, each with fresh attempts. IPv4-mapped IPv6
// addresses (a dual-stack listener) count as their IPv4 address. Anything that does not parse
// (an empty address: unknown) is used as given.
std::string address_block(std::string_view address);

}  // namespace calbridge::auth
