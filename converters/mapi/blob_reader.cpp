#include "converters/mapi/blob_reader.h"

namespace calbridge::mapi {

std::span<const std::uint8_t> BlobReader::bytes(std::size_t n, std::string_view field) {
    if (n > remaining())
        fail("truncated: " + std::string(field) + " needs " + std::to_string(n) + " bytes, " +
             std::to_string(remaining()) + " left");
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
}

std::uint64_t BlobReader::read(std::size_t n, std::string_view field) {
    auto b = bytes(n, field);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
    return v;
}

void BlobReader::fail(std::string_view what) const {
    throw BlobError(name_ + ": " + std::string(what) + " at byte " + std::to_string(pos_));
}

}  // namespace calbridge::mapi
