#pragma once
// Reads real message bodies that were extracted with the libpff C API from
// tests/data/outlook-com-calendar.ost (raw property values, unmodified):
//   rtf-outlook-holiday.bin       PidTagRtfCompressed of "Day After Thanksgiving Day" (descriptor id 2097572)
//   rtf-outlook-sync-log.bin      PidTagRtfCompressed of "Synchronization Log:" (descriptor id 2108228)
//   html-outlook-appointment.bin  PidTagHtml of "repeats for 3 days" (descriptor id 2104644, codepage 20127)
//   html-google-invite.bin        PidTagHtml of "unanswered meeting" (descriptor id 2106148, codepage 65001)
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace calbridge::mapi::test {

inline std::vector<std::uint8_t> read_fixture(const std::string& name) {
    const std::string path = std::string(CALBRIDGE_TEST_DATA) + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test fixture " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace calbridge::mapi::test
