#pragma once
// HTML message bodies (PidTagHtml, or HTML de-encapsulated from RTF) reduced to plain text for
// the iCalendar DESCRIPTION.
#include <optional>
#include <string>
#include <string_view>

#include "converters/mapi/property_bag.h"

namespace calbridge::mapi {

// Renders UTF-8 HTML as plain text roughly as a browser would show it, tolerating any markup:
// - <head> (with <title>), <style>, <script>, <xml>, <template> and comments are dropped;
// - p, div, li, tr, h1-h6, table, blockquote, pre, hr ... start a new line; <br> breaks a line;
//   table cells are separated by a tab;
// - character references are decoded (named ones in common use, &#N; and &#xH;, with the
//   HTML5 windows-1252 repair of &#128;-&#159;);
// - runs of white space collapse to one space (kept as is inside <pre>); &nbsp; is a space that
//   does not collapse; lines lose trailing spaces; the result is trimmed.
// Text is passed through byte for byte otherwise, so the input's encoding is the output's.
std::string html_to_text(std::string_view html);

// Converts PidTagHtml bytes to UTF-8. `codepage` is PidTagInternetCodepage (e.g. 65001, 1252);
// a byte-order mark overrides it; without either (nullopt or 0), valid UTF-8 is taken as UTF-8 and anything
// else as windows-1252. Bytes invalid in the code page become U+FFFD; trailing NULs are dropped.
std::string decode_html_body(const Bytes& html, std::optional<int> codepage);

}  // namespace calbridge::mapi
