#include "ews_standin/goid.h"

#include <array>
#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>

namespace calbridge::ews_standin {

namespace {
// MS-OXOCAL 2.2.1.27: Byte Array ID, the fixed class id.
constexpr std::array<std::uint8_t, 16> kClassId = {0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00,
                                                   0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::vector<std::uint8_t> with_data(const std::vector<std::uint8_t>& data, std::uint64_t filetime) {
    std::vector<std::uint8_t> out(kClassId.begin(), kClassId.end());
    put_u32(out, 0);  // YH YL M D: zero on the master / single appointment
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(filetime >> (8 * i)));
    for (int i = 0; i < 8; ++i) out.push_back(0);  // Reserved
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
    return out;
}
}  // namespace

std::vector<std::uint8_t> global_object_id_for_uid(const std::string& uid) {
    // A hex UID starting with the class id is the id itself (what Outlook/Exchange produce).
    bool hex = uid.size() >= 2 * 40 && uid.size() % 2 == 0;
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; hex && i < uid.size(); i += 2) {
        int hi = hex_value(uid[i]), lo = hex_value(uid[i + 1]);
        if (hi < 0 || lo < 0) hex = false;
        else bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    if (hex && std::equal(kClassId.begin(), kClassId.end(), bytes.begin())) return bytes;
    // Third-party UID: "vCal-Uid", version 1, the UID and its NUL (MS-OXCICAL 2.1.3.1.1.20.26).
    std::vector<std::uint8_t> data = {'v', 'C', 'a', 'l', '-', 'U', 'i', 'd', 0x01, 0x00, 0x00, 0x00};
    data.insert(data.end(), uid.begin(), uid.end());
    data.push_back(0);
    return with_data(data, 0);
}

std::string new_outlook_uid() {
    static std::mutex m;
    static std::mt19937_64 rng(std::random_device{}());
    std::vector<std::uint8_t> data(16);
    {
        std::lock_guard lock(m);
        for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    }
    const auto unix_100ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count() / 100;
    const std::uint64_t filetime = static_cast<std::uint64_t>(unix_100ns) + 116444736000000000ULL;
    auto bytes = with_data(data, filetime);
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

}  // namespace calbridge::ews_standin
