#pragma once
// CALDAV:text-match (RFC 4791 9.7.5): substring match under a collation (RFC 4790):
//   i;octet            bytes as they are;
//   i;ascii-casemap    ASCII letters folded to upper case, every other byte as it is (RFC 4790 9.2);
//   i;unicode-casemap  RFC 5051 2: each character to its simple titlecase mapping (UnicodeData.txt,
//                      not SpecialCasing.txt; ICU u_totitle), then NFKD. So "é" matches "É",
//                      "CAFE" is a substring of "café" (E + U+0301) and "1" of "①", but "straße"
//                      does not match "STRASSE" (ß has no simple titlecase mapping) -- that would
//                      need full case folding, which 5051 does not use.
//                      A value that is not valid UTF-8 is compared as i;octet.
// negate-condition inverts the result.
#include <string_view>

#include "caldav/filter/calendar_filter.h"

namespace calbridge::caldav {

// Whether `value` satisfies `match` (substring, collation, negate).
bool text_matches(const TextMatch& match, std::string_view value);

// Whether the collation is one this evaluator implements (the XML parser rejects others with
// CALDAV:supported-collation).
bool is_supported_collation(std::string_view collation);

}  // namespace calbridge::caldav
