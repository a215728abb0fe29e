#pragma once
// Hrefs on the wire (RFC 4918 8.3, 14.7) <-> decoded store paths (caldav/store/store.h). The one
// place that percent-encodes and decodes paths (RFC 3986 2.1, 3.3).
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::caldav::xml {

// Percent-encodes a decoded absolute path for DAV:href and Location. Keeps RFC 3986 unreserved
// characters (ALPHA DIGIT - . _ ~) and "/", ":", "@", "(", ")" — the conservative subset of
// pchar sabre/dav uses, so '+', '&', ';', ',', '=' are encoded too. Every other byte (space, %,
// #, ?, UTF-8 bytes) becomes %XX with upper-case hex.
std::string encode_href(std::string_view path);
// The same, appended to out (for writers that build a body in place).
void append_encoded_href(std::string& out, std::string_view path);

// Decodes an href or request-target into a path: an absolute URI ("https://host:8443/a%20b")
// loses its scheme and authority, a "?query" or "#fragment" is dropped, %XX is decoded.
// nullopt for a malformed escape ("%4", "%zz"), an encoded NUL, a result that is not valid UTF-8,
// or an empty path. Does not normalise "." / ".." segments (the engine does).
std::optional<std::string> decode_href(std::string_view href);

}  // namespace calbridge::caldav::xml
