#pragma once
// Text (and, for Outlook's HTML-in-RTF, the original HTML) out of an RTF message body, as
// produced by decompress_rtf() from PidTagRtfCompressed.
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::mapi {

struct RtfContent {
    std::string text;                 // UTF-8 plain text, lines separated by "\n", trimmed
    std::optional<std::string> html;  // UTF-8 HTML when the RTF encapsulates HTML (\fromhtml1)
};

// Reads RTF (MSFT-RTF 1.9.1) tolerantly; never throws on malformed input.
// - Ordinary RTF: the visible text. Destinations (\fonttbl, \colortbl, \stylesheet, \info,
//   \pict, field instructions, any {\*\...} group, ...) are skipped; \par, \line, \row, \page
//   give "\n"; \tab and \cell give "\t"; \'hh is decoded through the current font's \fcharset
//   or \cpg, else the document's \ansicpg (default 1252); \uN (negative N is N + 65536, UTF-16
//   surrogate pairs are joined) skips the \ucN fallback characters; \~ is U+00A0, \_ U+2011,
//   \- (optional hyphen) is dropped; \{ \} \\ are literal.
// - \fromhtml1 among the first header tokens (MS-OXRTFEX 2.2.3.1): the HTML is de-encapsulated
//   (MS-OXRTFEX 2.2.3): the CONTENT of {\*\htmltag...} groups and the text outside them are
//   copied, \htmlrtf ... \htmlrtf0 regions are not; .html receives it, .text is html_to_text() of it.
// - \fromtext: the de-encapsulated plain text (\htmlrtf regions dropped); .html stays empty.
RtfContent rtf_to_content(std::string_view rtf);

}  // namespace calbridge::mapi
