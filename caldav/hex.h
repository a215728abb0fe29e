#pragma once
// Bytes as lower-case hexadecimal text, and back: sync-token positions (sync/sync_token.h),
// and in gateway/ the secret subscription tokens and content fingerprints. One place for it.
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::caldav {

std::string hex_encode(std::string_view bytes);
// nullopt when hex has an odd length or a character other than 0-9 a-f.
std::optional<std::string> hex_decode(std::string_view hex);

}  // namespace calbridge::caldav
