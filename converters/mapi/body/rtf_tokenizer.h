#pragma once
// Splits RTF into groups, control words, control symbols, \'hh bytes and text runs
// (MSFT-RTF 1.9.1 "RTF Syntax"). Bounds-checked and allocation-free: tokens view the input.
#include <cstdint>
#include <optional>
#include <string_view>

namespace calbridge::mapi {

struct RtfToken {
    enum class Kind { End, GroupStart, GroupEnd, ControlWord, ControlSymbol, HexByte, Text };
    Kind kind = Kind::End;
    std::string_view word{};   // ControlWord: the letters, e.g. "par"
    bool has_param = false;    // ControlWord: a numeric parameter followed the letters
    std::int32_t param = 0;    // ControlWord: the parameter, clamped to the int32 range
    char symbol = 0;           // ControlSymbol: the character after '\', e.g. '~', '*', '{'
    std::uint8_t byte = 0;     // HexByte: the value of \'hh
    std::string_view text{};   // Text: a run of literal characters (no CR/LF, '\', '{', '}')
};

class RtfTokenizer {
public:
    explicit RtfTokenizer(std::string_view rtf) : rtf_(rtf) {}

    // The next token; Kind::End once the input is exhausted. CR and LF between tokens are
    // ignored (they carry no meaning in RTF). The binary data after \binN is skipped.
    RtfToken next();

private:
    std::optional<RtfToken> control();  // nullopt: nothing to report (e.g. a malformed \'h)

    std::string_view rtf_;
    std::size_t pos_ = 0;
};

}  // namespace calbridge::mapi
