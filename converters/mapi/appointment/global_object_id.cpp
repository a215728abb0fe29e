#include "converters/mapi/appointment/global_object_id.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/hex_digit.h"
#include "converters/mapi/property_tags.h"

namespace calbridge::mapi {

namespace {
// MS-OXOCAL 2.2.1.27: the fixed 16-byte Byte Array ID that starts every Global Object ID.
constexpr std::array<std::uint8_t, 16> kByteArrayId = {0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00,
                                                       0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08};
constexpr std::string_view kVCalUid = "vCal-Uid";

std::string hex_upper(std::span<const std::uint8_t> bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xF]);
    }
    return out;
}
}  // namespace

GlobalObjectId parse_global_object_id(std::span<const std::uint8_t> blob) {
    BlobReader r(blob, "PidLidGlobalObjectId");
    auto id = r.bytes(16, "ByteArrayID");
    if (!std::equal(id.begin(), id.end(), kByteArrayId.begin())) r.fail("ByteArrayID is not the MS-OXOCAL constant");
    GlobalObjectId g;
    // YH and YL are the high and low bytes of the year (big-endian), then M, D.
    std::uint8_t yh = r.u8("YH"), yl = r.u8("YL");
    g.instance_year = static_cast<std::uint16_t>(yh << 8 | yl);
    g.instance_month = r.u8("M");
    g.instance_day = r.u8("D");
    g.creation_time = FileTime{r.u64("CreationTime")};
    r.skip(8, "X (reserved)");
    std::uint32_t size = r.u32("Size");
    auto data = r.bytes(size, "Data");
    g.data.assign(data.begin(), data.end());
    // Third-party UID: "vCal-Uid", a 4-byte version (1), the UID bytes, a terminating NUL.
    if (size >= kVCalUid.size() + 4 && std::memcmp(data.data(), kVCalUid.data(), kVCalUid.size()) == 0) {
        auto uid = data.subspan(kVCalUid.size() + 4);
        auto end = std::find(uid.begin(), uid.end(), std::uint8_t{0});
        g.third_party_uid = std::string(uid.begin(), end);
    }
    return g;
}

std::string uid_from_global_object_id(std::span<const std::uint8_t> blob) {
    GlobalObjectId g = parse_global_object_id(blob);
    if (g.third_party_uid && !g.third_party_uid->empty()) return *g.third_party_uid;
    Bytes clean(blob.begin(), blob.end());
    std::fill(clean.begin() + 16, clean.begin() + 20, std::uint8_t{0});  // instance date -> 0
    return hex_upper(clean);
}

Bytes global_object_id_from_uid(std::string_view uid) {
    // The hex form of a whole Global Object ID: decode it, when it parses as one.
    const std::size_t header = kByteArrayId.size() + 4 + 8 + 8 + 4;
    if (uid.size() >= 2 * header && uid.size() % 2 == 0) {
        Bytes bytes;
        bytes.reserve(uid.size() / 2);
        bool hex = true;
        for (std::size_t i = 0; i < uid.size() && hex; i += 2) {
            const int hi = hex_value(uid[i]), lo = hex_value(uid[i + 1]);
            hex = hi >= 0 && lo >= 0;
            bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
        }
        if (hex && std::equal(kByteArrayId.begin(), kByteArrayId.end(), bytes.begin())) {
            try {
                const GlobalObjectId parsed = parse_global_object_id(bytes);
                if (header + parsed.data.size() == bytes.size()) return bytes;
            } catch (const BlobError&) {
                // not a Global Object ID after all: wrapped below like any other UID
            }
        }
    }
    Bytes goid(kByteArrayId.begin(), kByteArrayId.end());
    goid.resize(header, 0);  // instance date, CreationTime, X: zero; Size follows
    const std::uint32_t size = static_cast<std::uint32_t>(kVCalUid.size() + 4 + uid.size() + 1);
    for (int i = 0; i < 4; ++i) goid[header - 4 + i] = static_cast<std::uint8_t>(size >> (8 * i));
    goid.insert(goid.end(), kVCalUid.begin(), kVCalUid.end());
    const std::uint8_t version[4] = {1, 0, 0, 0};
    goid.insert(goid.end(), version, version + 4);
    goid.insert(goid.end(), uid.begin(), uid.end());
    goid.push_back(0);
    return goid;
}

std::string fallback_uid(const PropertyBag& props) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    auto feed = [&](const void* p, std::size_t n) { EVP_DigestUpdate(ctx, p, n); };
    auto feed_u64 = [&](std::uint64_t v) {
        std::uint8_t b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
        feed(b, 8);
    };
    std::string subject = props.string(tag::Subject).value_or("");
    feed_u64(subject.size());
    feed(subject.data(), subject.size());
    feed_u64(props.time(lid::AppointmentStartWhole).value_or(FileTime{}).ticks);
    feed_u64(props.time(lid::AppointmentEndWhole).value_or(FileTime{}).ticks);
    feed_u64(props.boolean(lid::AppointmentSubType).value_or(false) ? 1 : 0);
    if (const Bytes* recur = props.binary(lid::AppointmentRecur)) {
        feed_u64(recur->size());
        feed(recur->data(), recur->size());
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    return "calbridge-" + hex_upper(std::span<const std::uint8_t>(digest, 16));
}

}  // namespace calbridge::mapi
