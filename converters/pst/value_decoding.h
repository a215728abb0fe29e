#pragma once
// Turns the stored bytes of one property value into a mapi::PropValue, by property type
// (MS-OXCDATA 2.11.1). Fixed-size values are little-endian; multi-valued properties are
// stored as MS-PST describes (fixed-size: the values back to back; variable-size: a 32-bit count, one
// 32-bit offset per value from the start of the data, then the values).
//
// Type mapping: Int16/Int32/ErrorCode -> int32; Int64/Currency -> int64; Float/Double/AppTime
// -> double; Boolean -> bool; SysTime -> FileTime; String (UTF-16LE) and String8 (code page)
// -> UTF-8 std::string; Binary/Guid/ServerId/Restriction/RuleAction -> Bytes; MvInt16/MvInt32
// -> vector<int32>; MvString/MvString8 -> vector<string>; MvBinary/MvGuid -> vector<Bytes>.
// Multi-valued types PropValue cannot hold (MvInt64, MvSysTime, MvDouble, ...) and unknown
// types keep their stored bytes as Bytes. Null, Unspecified and Object yield nothing: an
// Object value is a reference to a sub-node (the embedded message is read separately).
#include <cstdint>
#include <optional>
#include <span>

#include "converters/mapi/property_bag.h"
#include "converters/pst/text_decoding.h"

namespace calbridge::pst {

// Throws mapi::BlobError ("<blob_name>: truncated: ...") when the bytes do not fit the type.
std::optional<mapi::PropValue> decode_property_value(std::uint16_t type, std::span<const std::uint8_t> bytes,
                                                     int codepage, CodepageDecoder& decoder,
                                                     const std::string& blob_name);

// True for PtypString8 and PtypMultipleString8: their decoding needs the message's code page.
constexpr bool is_string8_type(std::uint16_t type) { return type == 0x001E || type == 0x101E; }

}  // namespace calbridge::pst
