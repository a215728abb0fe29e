#include <catch2/catch.hpp>

#include <string>

#include "body_fixtures.h"
#include "converters/mapi/blob_reader.h"
#include "converters/mapi/body/rtf_decompress.h"
#include "lzfu_test_streams.h"

using namespace calbridge::mapi;
using namespace calbridge::mapi::test;

namespace {

// MS-OXRTFCP 3.1.1 "Example 1: Simple Compressed RTF" (compressed stream and its RTF).
const std::vector<std::uint8_t> kExample1 = {
    0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
    0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
    0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
    0xa0};
const std::string kExample1Rtf = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";

// MS-OXRTFCP 3.1.2 "Example 2: Reading a Token from the Dictionary that Crosses WritePosition".
const std::vector<std::uint8_t> kExample2 = {
    0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51,
    0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0};
const std::string kExample2Rtf = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";

std::string error_of(const std::vector<std::uint8_t>& stream) {
    try {
        decompress_rtf(stream);
    } catch (const BlobError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("MS-OXRTFCP worked examples decompress to their RTF", "[rtf][decompress]") {
    CHECK(decompress_rtf(kExample1) == kExample1Rtf);
    CHECK(decompress_rtf(kExample2) == kExample2Rtf);
}

TEST_CASE("MELA streams carry the RTF uncompressed", "[rtf][decompress]") {
    // Public test vector of the compressed_rtf Python package (COMPSIZE 46, RAWSIZE 34).
    const std::string stream("\x2e\x00\x00\x00\x22\x00\x00\x00MELA\x00\x00\x00\x00"
                             "{\\rtf1\\ansi\\ansicpg1252\\pard test}", 50);
    CHECK(decompress_rtf(bytes_of(stream)) == "{\\rtf1\\ansi\\ansicpg1252\\pard test}");
    CHECK(decompress_rtf(mela(kExample1Rtf)) == kExample1Rtf);

    auto longer_than_raw = mela("{\\rtf1 x}garbage");
    put_u32(longer_than_raw, 4, 9);  // RAWSIZE covers only "{\rtf1 x}"
    CHECK(decompress_rtf(longer_than_raw) == "{\\rtf1 x}");

    auto raw_past_end = mela("{\\rtf1 x}");
    put_u32(raw_past_end, 4, 100);
    CHECK_THAT(error_of(raw_past_end), Catch::Contains("truncated: RAWDATA needs 100 bytes, 9 left"));
}

TEST_CASE("CRC-32 is the MS-OXRTFCP 2.1.3.2 variant (no pre/post inversion)", "[rtf][crc]") {
    // Expected values computed independently with zlib: ~crc32(data, 0xFFFFFFFF).
    const std::string check = "123456789";
    CHECK(rtf_crc32(bytes_of(check)) == 0x2DFD2D88u);
    CHECK(rtf_crc32({}) == 0u);
    // The CRC stored in Example 1's header covers its CONTENTS (bytes 16..).
    CHECK(rtf_crc32(std::span(kExample1).subspan(16)) == 0xA7C7C5F1u);
}

TEST_CASE("a CRC mismatch is reported with both values", "[rtf][decompress]") {
    auto corrupt = kExample1;
    corrupt[30] ^= 0x01;  // one bit of the contents
    CHECK(error_of(corrupt) == "PidTagRtfCompressed: CRC mismatch: header says 0xA7C7C5F1, contents give 0x" +
                                   [&] {
                                       char buf[9];
                                       std::snprintf(buf, sizeof buf, "%08X", rtf_crc32(std::span(corrupt).subspan(16)));
                                       return std::string(buf);
                                   }() + " at byte 12");
    auto bad_header_crc = kExample1;
    bad_header_crc[12] = 0;
    CHECK_THAT(error_of(bad_header_crc), Catch::Contains("CRC mismatch"));
}

TEST_CASE("an unknown COMPTYPE is rejected", "[rtf][decompress]") {
    auto stream = kExample1;
    stream[8] = 'X';
    CHECK_THAT(error_of(stream), Catch::Contains("COMPTYPE 0x75465A58 is neither LZFu nor MELA at byte 8"));
    CHECK_THAT(error_of(bytes_of(std::string("\x10\x00\x00\x00\x11\x00\x00\x00" "ABCD\xff\xff\xff\xff", 16))),
               Catch::Contains("neither LZFu nor MELA"));
}

TEST_CASE("COMPSIZE smaller than its header share is rejected", "[rtf][decompress]") {
    auto stream = kExample1;
    put_u32(stream, 0, 11);
    CHECK_THAT(error_of(stream), Catch::Contains("COMPSIZE 11 is smaller than the 12 header bytes"));
}

TEST_CASE("bytes after COMPSIZE are not part of the stream", "[rtf][decompress]") {
    auto stream = kExample1;
    stream.insert(stream.end(), {0xde, 0xad, 0xbe, 0xef});
    CHECK(decompress_rtf(stream) == kExample1Rtf);
}

TEST_CASE("output beyond RAWSIZE is an error, never a write past it", "[rtf][decompress]") {
    auto stream = kExample1;
    put_u32(stream, 4, 10);
    CHECK_THAT(error_of(stream), Catch::Contains("output exceeds RAWSIZE (10 bytes)"));
    put_u32(stream, 4, 0);
    CHECK_THAT(error_of(stream), Catch::Contains("output exceeds RAWSIZE (0 bytes)"));
}

TEST_CASE("truncation at every offset throws BlobError", "[rtf][decompress]") {
    for (const auto* full : {&kExample1, &kExample2}) {
        for (std::size_t n = 0; n < full->size(); ++n) {
            std::vector<std::uint8_t> cut(full->begin(), full->begin() + static_cast<std::ptrdiff_t>(n));
            INFO("prefix of " << n << " bytes");
            CHECK_THROWS_AS(decompress_rtf(cut), BlobError);
            // The same prefix with a consistent header (COMPSIZE, CRC) loses its end-of-data
            // reference instead: still an error, found inside the LZFu runs.
            if (n >= 16) {
                reseal(cut);
                CHECK_THROWS_AS(decompress_rtf(cut), BlobError);
            }
        }
    }
    const auto header_only = std::vector<std::uint8_t>(kExample1.begin(), kExample1.begin() + 9);
    CHECK(error_of(header_only) == "PidTagRtfCompressed: truncated: COMPTYPE needs 4 bytes, 1 left at byte 8");
}

TEST_CASE("a stream without its end-of-data reference is an error", "[rtf][decompress]") {
    auto stream = kExample1;
    stream.resize(stream.size() - 2);  // drop the final reference 0f a0 ... keep the run's control
    reseal(stream);
    CHECK_THAT(error_of(stream), Catch::Contains("dictionary reference needs 2 bytes"));
    auto no_control = lzfu_literals("abcdefgh");  // one full run of 8 literals, then the end run
    no_control.resize(16 + 9);
    reseal(no_control);
    CHECK_THAT(error_of(no_control), Catch::Contains("no end-of-data reference"));
}

TEST_CASE("literal runs and a wrapping dictionary write position round-trip", "[rtf][decompress]") {
    std::string long_rtf = "{\\rtf1\\ansi ";
    for (int i = 0; long_rtf.size() < 10000; ++i) long_rtf += "line " + std::to_string(i) + "\\par ";
    long_rtf += "}";
    CHECK(decompress_rtf(lzfu_literals(long_rtf)) == long_rtf);
    CHECK(decompress_rtf(lzfu_literals("")).empty());
}

TEST_CASE("real Outlook PidTagRtfCompressed values decompress to RAWSIZE bytes of RTF", "[rtf][decompress][fixture]") {
    for (const char* name : {"rtf-outlook-holiday.bin", "rtf-outlook-sync-log.bin"}) {
        INFO(name);
        const auto stream = read_fixture(name);
        BlobReader header(stream, name);
        const auto comp_size = header.u32("COMPSIZE");
        const auto raw_size = header.u32("RAWSIZE");
        CHECK(comp_size + 4 == stream.size());
        const std::string rtf = decompress_rtf(stream);
        CHECK(rtf.size() == raw_size);
        CHECK(rtf.rfind("{\\rtf1\\ansi", 0) == 0);
        // Every prefix fails cleanly.
        for (std::size_t n = 0; n < stream.size(); n += 7) {
            std::vector<std::uint8_t> cut(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(n));
            CHECK_THROWS_AS(decompress_rtf(cut), BlobError);
        }
    }
}
