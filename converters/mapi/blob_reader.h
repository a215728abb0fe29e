#pragma once
// Bounds-checked little-endian reader for MAPI binary structures (recurrence and time-zone
// blobs). Every read that would run past the end throws BlobError naming the field and the
// byte offset, so a caller can report "recurrence blob truncated at byte 58 (OccurrenceCount)".
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace calbridge::mapi {

class BlobError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class BlobReader {
public:
    BlobReader(std::span<const std::uint8_t> data, std::string blob_name)
        : data_(data), name_(std::move(blob_name)) {}

    std::uint8_t u8(std::string_view field) { return static_cast<std::uint8_t>(read(1, field)); }
    std::uint16_t u16(std::string_view field) { return static_cast<std::uint16_t>(read(2, field)); }
    std::uint32_t u32(std::string_view field) { return static_cast<std::uint32_t>(read(4, field)); }
    std::int32_t i32(std::string_view field) { return static_cast<std::int32_t>(u32(field)); }
    std::uint64_t u64(std::string_view field) { return read(8, field); }
    // Returns the next n bytes and advances.
    std::span<const std::uint8_t> bytes(std::size_t n, std::string_view field);
    void skip(std::size_t n, std::string_view field) { (void)bytes(n, field); }

    std::size_t offset() const { return pos_; }
    std::size_t remaining() const { return data_.size() - pos_; }
    bool at_end() const { return pos_ == data_.size(); }
    const std::string& name() const { return name_; }

    // Throws BlobError("<name>: <what> at byte <offset>").
    [[noreturn]] void fail(std::string_view what) const;

private:
    std::uint64_t read(std::size_t n, std::string_view field);

    std::span<const std::uint8_t> data_;
    std::string name_;
    std::size_t pos_ = 0;
};

}  // namespace calbridge::mapi
