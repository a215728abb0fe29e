#pragma once
// Text encodings found in the recurrence blob (MS-OXOCAL 2.2.1.44.2 / 2.2.1.44.4): the
// ExceptionInfo strings are 8-bit (the client's ANSI code page; we read Windows-1252, the
// code page of the western Outlook installs the blob format was designed on), the
// ExtendedException strings are UTF-16LE. Both become UTF-8.
#include <cstdint>
#include <span>
#include <string>

namespace calbridge::mapi {

// Windows-1252 -> UTF-8. The five bytes 1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
// map to the C1 control of the same value, as Windows' MultiByteToWideChar does.
std::string utf8_from_windows1252(std::span<const std::uint8_t> bytes);

// UTF-16LE -> UTF-8; an unpaired surrogate becomes U+FFFD. bytes.size() must be even
// (an odd trailing byte is dropped).
std::string utf8_from_utf16le(std::span<const std::uint8_t> bytes);

}  // namespace calbridge::mapi
