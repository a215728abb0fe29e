#pragma once
// Reads real message bodies extracted from tests/data/outlook-com-calendar.ost (see the report
// on provenance in tests/data/README.md).
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
