// Property value decoding on hand-made bytes: the type mapping, multi-valued layouts,
// 8-bit strings by code page (neither fixture holds a PtypString8 value), malformed input.
#include <catch2/catch.hpp>

#include "converters/mapi/blob_reader.h"
#include "converters/pst/pst_file.h"
#include "converters/pst/text_decoding.h"
#include "converters/pst/value_decoding.h"

using namespace calbridge;
using namespace calbridge::pst;

namespace {

mapi::PropValue decode(std::uint16_t type, const mapi::Bytes& bytes, int codepage = 1252) {
    CodepageDecoder decoder;
    auto v = decode_property_value(type, bytes, codepage, decoder, "value");
    REQUIRE(v.has_value());
    return *v;
}

template <class T>
T as(const mapi::PropValue& v) {
    REQUIRE(std::holds_alternative<T>(v));
    return std::get<T>(v);
}

mapi::Bytes utf16(std::u16string_view s) {
    mapi::Bytes out;
    for (char16_t c : s) {
        out.push_back(static_cast<std::uint8_t>(c & 0xFF));
        out.push_back(static_cast<std::uint8_t>(c >> 8));
    }
    return out;
}

void put_u32(mapi::Bytes& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Variable-size multi-value layout: count, offsets from the start, values.
mapi::Bytes multi(const std::vector<mapi::Bytes>& values) {
    mapi::Bytes out;
    put_u32(out, static_cast<std::uint32_t>(values.size()));
    std::uint32_t at = 4 + 4 * static_cast<std::uint32_t>(values.size());
    for (const auto& v : values) {
        put_u32(out, at);
        at += static_cast<std::uint32_t>(v.size());
    }
    for (const auto& v : values) out.insert(out.end(), v.begin(), v.end());
    return out;
}

}  // namespace

TEST_CASE("fixed-size property types map onto PropValue", "[pst][decode]") {
    CHECK(as<std::int32_t>(decode(0x0002, {0xFE, 0xFF})) == -2);                  // PtypInteger16, signed
    CHECK(as<std::int32_t>(decode(0x0003, {0x22, 0x08, 0x00, 0x00})) == 0x0822);  // PtypInteger32
    CHECK(as<std::int64_t>(decode(0x0014, {1, 0, 0, 0, 0, 0, 0, 0x80})) == INT64_MIN + 1);
    CHECK(as<bool>(decode(0x000B, {0x01})) == true);
    CHECK(as<bool>(decode(0x000B, {0x00, 0x00, 0x00, 0x00})) == false);
    CHECK(as<double>(decode(0x0005, {0, 0, 0, 0, 0, 0, 0xF8, 0x3F})) == 1.5);
    CHECK(as<double>(decode(0x0004, {0, 0, 0xC0, 0x3F})) == 1.5);  // PtypFloating32 widened
    // PtypTime 0x01D78FB87569EE70 (a value of the OST fixture).
    CHECK(as<mapi::FileTime>(decode(0x0040, {0x70, 0xee, 0x69, 0x75, 0xb8, 0x8f, 0xd7, 0x01})).ticks ==
          0x01D78FB87569EE70ull);
    mapi::Bytes guid(16);
    guid[0] = 0x02;
    CHECK(as<mapi::Bytes>(decode(0x0048, guid)) == guid);
    CHECK(as<mapi::Bytes>(decode(0x0102, {1, 2, 3})) == mapi::Bytes{1, 2, 3});
}

TEST_CASE("Null, Unspecified and Object values yield nothing", "[pst][decode]") {
    CodepageDecoder decoder;
    for (std::uint16_t type : {0x0000, 0x0001, 0x000D})
        CHECK_FALSE(decode_property_value(type, mapi::Bytes{1, 2, 3, 4}, 1252, decoder, "value").has_value());
}

TEST_CASE("values too short for their type throw BlobError naming the type", "[pst][decode]") {
    CodepageDecoder decoder;
    CHECK_THROWS_WITH(decode_property_value(0x0003, mapi::Bytes{1, 2}, 1252, decoder, "value"),
                      Catch::Contains("PtypInteger32") && Catch::Contains("needs 4 bytes, 2 left"));
    CHECK_THROWS_AS(decode_property_value(0x0040, mapi::Bytes{}, 1252, decoder, "value"), mapi::BlobError);
    CHECK_THROWS_AS(decode_property_value(0x0048, mapi::Bytes(15), 1252, decoder, "value"), mapi::BlobError);
}

TEST_CASE("UTF-16LE strings become UTF-8", "[pst][decode]") {
    CHECK(as<std::string>(decode(0x001F, utf16(u"IPM.Appointment"))) == "IPM.Appointment");
    CHECK(as<std::string>(decode(0x001F, utf16(u"Gr\u00FC\u00DFe \u20AC"))) == "Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC");
    CHECK(utf16le_to_utf8(utf16(u"\U0001F600")) == "\xF0\x9F\x98\x80");  // surrogate pair
    CHECK(utf16le_to_utf8(utf16(u"a\xD800z")) == "a\xEF\xBF\xBDz");      // lone surrogate -> U+FFFD
    CHECK(utf16le_to_utf8(mapi::Bytes{'a', 0, 'b'}) == "a\xEF\xBF\xBD");   // odd trailing byte
    CHECK(utf16le_to_utf8(utf16(std::u16string(u"abc\0\0", 5))) == "abc");  // trailing NULs dropped
}

TEST_CASE("8-bit strings are decoded with the given code page", "[pst][decode]") {
    // 0x80 is the euro sign in windows-1252; 0x82 0xA0 is hiragana A in Shift_JIS (932);
    // 0xC0 is Cyrillic A in windows-1251.
    CHECK(as<std::string>(decode(0x001E, {'1', '0', 0x80, 0x00}, 1252)) == "10\xE2\x82\xAC");
    CHECK(as<std::string>(decode(0x001E, {0x82, 0xA0}, 932)) == "\xE3\x81\x82");
    CHECK(as<std::string>(decode(0x001E, {0xC0}, 1251)) == "\xD0\x90");
    CHECK(as<std::string>(decode(0x001E, {'o', 'k'}, 65001)) == "ok");
    CodepageDecoder decoder;
    CHECK(decoder.supports(1252));
    CHECK_FALSE(decoder.supports(4242));
    // An unknown code page reads as windows-1252.
    CHECK(decoder.decode(mapi::Bytes{0x80}, 4242) == "\xE2\x82\xAC");
}

TEST_CASE("multi-valued strings, binaries and integers", "[pst][decode]") {
    auto strings = as<std::vector<std::string>>(decode(0x101F, multi({utf16(u"red"), utf16(u""), utf16(u"blue")})));
    CHECK(strings == std::vector<std::string>{"red", "", "blue"});
    auto ansi = as<std::vector<std::string>>(decode(0x101E, multi({{'a', 0}, {0x80, 0}}), 1252));
    CHECK(ansi == std::vector<std::string>{"a", "\xE2\x82\xAC"});
    auto blobs = as<std::vector<mapi::Bytes>>(decode(0x1102, multi({{1, 2}, {}, {3}})));
    CHECK(blobs == std::vector<mapi::Bytes>{{1, 2}, {}, {3}});
    CHECK(as<std::vector<std::int32_t>>(decode(0x1003, {1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF})) ==
          std::vector<std::int32_t>{1, -1});
    CHECK(as<std::vector<std::int32_t>>(decode(0x1002, {0xFF, 0xFF, 7, 0})) == std::vector<std::int32_t>{-1, 7});
    CHECK(as<std::vector<mapi::Bytes>>(decode(0x1048, mapi::Bytes(32, 0xAB))).size() == 2);
    CHECK(as<std::vector<std::string>>(decode(0x101F, {})).empty());
    // A type PropValue cannot hold (PtypMultipleTime) keeps its stored bytes.
    CHECK(as<mapi::Bytes>(decode(0x1040, {1, 2, 3, 4, 5, 6, 7, 8})) == mapi::Bytes{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("malformed multi-valued data throws BlobError", "[pst][decode]") {
    CodepageDecoder decoder;
    auto fails = [&](std::uint16_t type, const mapi::Bytes& bytes) {
        CHECK_THROWS_AS(decode_property_value(type, bytes, 1252, decoder, "value"), mapi::BlobError);
    };
    fails(0x101F, {0xFF, 0xFF, 0xFF, 0x7F});                          // count far past the data
    fails(0x1102, {2, 0, 0, 0, 12, 0, 0, 0, 11, 0, 0, 0, 1, 2});      // offsets going backwards
    fails(0x1102, {1, 0, 0, 0, 99, 0, 0, 0});                         // offset past the end
    fails(0x1102, {1, 0, 0, 0, 2, 0, 0, 0, 1});                       // offset inside the header
    fails(0x1003, {1, 0, 0, 0, 2});                                   // not a multiple of 4
    fails(0x1048, mapi::Bytes(17));                                   // not a multiple of 16
}

TEST_CASE("the subject control prefix is removed", "[pst][decode]") {
    std::string s = "\x01\x01repeats for 3 days";
    strip_subject_control_prefix(s);
    CHECK(s == "repeats for 3 days");
    s = "\x01\x05RE: hello";  // prefix "RE: " (4 characters): the text keeps it
    strip_subject_control_prefix(s);
    CHECK(s == "RE: hello");
    s = "plain";
    strip_subject_control_prefix(s);
    CHECK(s == "plain");
    s = "\x01";
    strip_subject_control_prefix(s);
    CHECK(s == "\x01");
}

TEST_CASE("calendar container classes", "[pst]") {
    CHECK(is_calendar_container_class("IPF.Appointment"));
    CHECK(is_calendar_container_class("IPF.Appointment.Birthday"));
    CHECK(is_calendar_container_class("ipf.appointment"));
    CHECK_FALSE(is_calendar_container_class("IPF.AppointmentX"));
    CHECK_FALSE(is_calendar_container_class("IPF.Note"));
    CHECK_FALSE(is_calendar_container_class("IPF"));
    CHECK_FALSE(is_calendar_container_class(""));
}
