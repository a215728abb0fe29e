#include "gateway/auth/client_address.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace calbridge::auth {

std::string address_block(std::string_view address) {
    if (address.find(':') == std::string_view::npos || address.size() >= INET6_ADDRSTRLEN) return std::string(address);
    std::string text(address);
    // A zone index ("fe80::1%eth0") is not part of the address.
    if (auto percent = text.find('%'); percent != std::string::npos) text.resize(percent);
    in6_addr parsed{};
    if (inet_pton(AF_INET6, text.c_str(), &parsed) != 1) return std::string(address);
    std::array<char, INET6_ADDRSTRLEN> out{};
    if (IN6_IS_ADDR_V4MAPPED(&parsed)) {
        in_addr v4{};
        std::memcpy(&v4, parsed.s6_addr + 12, sizeof v4);
        if (!inet_ntop(AF_INET, &v4, out.data(), out.size())) return std::string(address);
        return out.data();
    }
    std::memset(parsed.s6_addr + 8, 0, 8);
    if (!inet_ntop(AF_INET6, &parsed, out.data(), out.size())) return std::string(address);
    return std::string(out.data()) + "/64";
}

}  // namespace calbridge::auth
