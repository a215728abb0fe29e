#include "converters/pst/value_decoding.h"

#include <bit>
#include <string>
#include <vector>

#include "converters/mapi/blob_reader.h"

namespace calbridge::pst {
namespace {

using mapi::BlobReader;
using mapi::Bytes;
using mapi::PropValue;

// Property types, MS-OXCDATA 2.11.1.
enum : std::uint16_t {
    kUnspecified = 0x0000,
    kNull = 0x0001,
    kInt16 = 0x0002,
    kInt32 = 0x0003,
    kFloat = 0x0004,
    kDouble = 0x0005,
    kCurrency = 0x0006,
    kAppTime = 0x0007,
    kErrorCode = 0x000A,
    kBoolean = 0x000B,
    kObject = 0x000D,
    kInt64 = 0x0014,
    kString8 = 0x001E,
    kString = 0x001F,
    kSysTime = 0x0040,
    kGuid = 0x0048,
    kServerId = 0x00FB,
    kRestriction = 0x00FD,
    kRuleAction = 0x00FE,
    kBinary = 0x0102,
    kMvInt16 = 0x1002,
    kMvInt32 = 0x1003,
    kMvString8 = 0x101E,
    kMvString = 0x101F,
    kMvGuid = 0x1048,
    kMvBinary = 0x1102,
};

// The values of a variable-size multi-valued property (MS-PST): ulCount, then
// rgulDataOffsets[ulCount] measured from the start of the data, then the values.
std::vector<std::span<const std::uint8_t>> split_variable_values(std::span<const std::uint8_t> bytes,
                                                                 const std::string& blob_name) {
    std::vector<std::span<const std::uint8_t>> values;
    if (bytes.empty()) return values;
    BlobReader r(bytes, blob_name);
    std::uint32_t count = r.u32("ulCount");
    if (count > r.remaining() / 4) r.fail("ulCount " + std::to_string(count) + " exceeds the data");
    std::vector<std::uint32_t> offsets(count);
    for (auto& o : offsets) o = r.u32("rgulDataOffsets");
    values.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::size_t begin = offsets[i];
        std::size_t end = i + 1 < count ? offsets[i + 1] : bytes.size();
        if (begin < r.offset() || begin > end || end > bytes.size())
            r.fail("value " + std::to_string(i) + " offset " + std::to_string(begin) + " out of range");
        values.push_back(bytes.subspan(begin, end - begin));
    }
    return values;
}

// Fixed-size multi-valued property: element_size bytes per value, back to back.
std::vector<std::span<const std::uint8_t>> split_fixed_values(std::span<const std::uint8_t> bytes,
                                                              std::size_t element_size,
                                                              const std::string& blob_name) {
    if (bytes.size() % element_size != 0)
        BlobReader(bytes, blob_name).fail("size " + std::to_string(bytes.size()) + " is not a multiple of " +
                                          std::to_string(element_size));
    std::vector<std::span<const std::uint8_t>> values;
    values.reserve(bytes.size() / element_size);
    for (std::size_t at = 0; at < bytes.size(); at += element_size) values.push_back(bytes.subspan(at, element_size));
    return values;
}

}  // namespace

std::optional<PropValue> decode_property_value(std::uint16_t type, std::span<const std::uint8_t> bytes,
                                               int codepage, CodepageDecoder& decoder,
                                               const std::string& blob_name) {
    BlobReader r(bytes, blob_name);
    switch (type) {
        case kUnspecified:
        case kNull:
        case kObject:
            return std::nullopt;
        case kInt16:
            return static_cast<std::int32_t>(static_cast<std::int16_t>(r.u16("PtypInteger16")));
        case kInt32:
        case kErrorCode:
            return r.i32("PtypInteger32");
        case kFloat:
            return static_cast<double>(std::bit_cast<float>(r.u32("PtypFloating32")));
        case kDouble:
        case kAppTime:
            return std::bit_cast<double>(r.u64("PtypFloating64"));
        case kCurrency:
        case kInt64:
            return static_cast<std::int64_t>(r.u64("PtypInteger64"));
        case kBoolean:
            return r.u8("PtypBoolean") != 0;
        case kSysTime:
            return mapi::FileTime{r.u64("PtypTime")};
        case kString:
            return utf16le_to_utf8(bytes);
        case kString8:
            return decoder.decode(bytes, codepage);
        case kGuid: {
            auto guid = r.bytes(16, "PtypGuid");
            return Bytes(guid.begin(), guid.end());
        }
        case kMvInt16:
        case kMvInt32: {
            std::size_t size = type == kMvInt16 ? 2 : 4;
            std::vector<std::int32_t> out;
            for (auto v : split_fixed_values(bytes, size, blob_name)) {
                BlobReader vr(v, blob_name);
                out.push_back(size == 2 ? static_cast<std::int16_t>(vr.u16("PtypMultipleInteger16"))
                                        : vr.i32("PtypMultipleInteger32"));
            }
            return out;
        }
        case kMvString:
        case kMvString8: {
            std::vector<std::string> out;
            for (auto v : split_variable_values(bytes, blob_name))
                out.push_back(type == kMvString ? utf16le_to_utf8(v) : decoder.decode(v, codepage));
            return out;
        }
        case kMvGuid:
        case kMvBinary: {
            std::vector<Bytes> out;
            auto values = type == kMvGuid ? split_fixed_values(bytes, 16, blob_name)
                                          : split_variable_values(bytes, blob_name);
            for (auto v : values) out.emplace_back(v.begin(), v.end());
            return out;
        }
        case kBinary:
        case kServerId:
        case kRestriction:
        case kRuleAction:
        default:  // types PropValue cannot hold keep their stored bytes
            return Bytes(bytes.begin(), bytes.end());
    }
}

}  // namespace calbridge::pst
