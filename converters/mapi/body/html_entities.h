#pragma once
// HTML character references (WHATWG HTML "Character references"; the named ones in common use).
#include <optional>
#include <string_view>

namespace calbridge::mapi {

// Decodes the character reference starting at html[pos] == '&'. On success returns the code
// point and sets `pos` just past the reference; otherwise returns nullopt and leaves `pos`.
// Numeric references that are 0, surrogates or past U+10FFFF give U+FFFD; &#128;-&#159; are read
// as windows-1252, as browsers do. Named references without ';' are accepted only for the
// HTML 4 Latin-1 names and amp/lt/gt/quot, the "legacy" set browsers accept bare.
std::optional<char32_t> decode_character_reference(std::string_view html, std::size_t& pos);

}  // namespace calbridge::mapi
