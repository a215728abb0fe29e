#pragma once
// Helpers for the PST reader tests: fixture paths, reading a folder's items into a vector,
// CRC-32 of attachment data (compared with the files pffexport writes), scratch files.
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <string>
#include <vector>

#include "converters/mapi/property_bag.h"
#include "converters/pst/pst_file.h"

namespace calbridge::pst::testing {

inline std::string fixture(const std::string& name) { return std::string(CALBRIDGE_TEST_DATA) + "/" + name; }
inline std::string ost_path() { return fixture("outlook-com-calendar.ost"); }
inline std::string enron_path() { return fixture("enron.pst"); }

inline const CalendarFolder* find_folder(const std::vector<CalendarFolder>& folders, const std::string& path) {
    for (const auto& f : folders)
        if (f.path == path) return &f;
    return nullptr;
}

inline std::vector<mapi::Message> read_items(PstFile& file, const CalendarFolder& folder,
                                             std::vector<ReadProblem>& problems) {
    std::vector<mapi::Message> items;
    file.for_each_item(folder, [&](mapi::Message&& m) {
        items.push_back(std::move(m));
        return true;
    }, problems);
    return items;
}

// CRC-32 (IEEE 802.3, as zlib computes it).
inline std::uint32_t crc32(const mapi::Bytes& data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (auto byte : data) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline std::vector<char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& path, const std::vector<char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A directory of scratch files, removed when the test ends.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("calbridge-pst-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::filesystem::path file(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace calbridge::pst::testing
