#include "converters/mapi/body/rtf_tokenizer.h"

#include "converters/mapi/hex_digit.h"

#include <algorithm>
#include <limits>

namespace calbridge::mapi {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

RtfToken RtfTokenizer::next() {
    while (pos_ < rtf_.size()) {
        const char c = rtf_[pos_];
        switch (c) {
        case '{': ++pos_; return {.kind = RtfToken::Kind::GroupStart};
        case '}': ++pos_; return {.kind = RtfToken::Kind::GroupEnd};
        case '\\':
            if (auto t = control()) return *t;
            continue;
        case '\r':
        case '\n':
        case '\0': ++pos_; continue;  // line breaks in RTF source, NUL padding after the body
        default: break;
        }
        const std::size_t begin = pos_;
        while (pos_ < rtf_.size()) {
            const char t = rtf_[pos_];
            if (t == '{' || t == '}' || t == '\\' || t == '\r' || t == '\n' || t == '\0') break;
            ++pos_;
        }
        return {.kind = RtfToken::Kind::Text, .text = rtf_.substr(begin, pos_ - begin)};
    }
    return {};
}

std::optional<RtfToken> RtfTokenizer::control() {
    ++pos_;  // the backslash
    if (pos_ >= rtf_.size()) return std::nullopt;
    const char c = rtf_[pos_];
    if (!is_letter(c)) {
        ++pos_;
        if (c == '\'') {  // \'hh
            if (rtf_.size() - pos_ >= 2) {
                const int hi = hex_value(rtf_[pos_]);
                const int lo = hex_value(rtf_[pos_ + 1]);
                if (hi >= 0 && lo >= 0) {
                    pos_ += 2;
                    return RtfToken{.kind = RtfToken::Kind::HexByte, .byte = static_cast<std::uint8_t>(hi * 16 + lo)};
                }
            }
            return std::nullopt;  // malformed escape: ignore it
        }
        // MSFT-RTF: a backslash before CR or LF is a \par.
        if (c == '\r' || c == '\n') return RtfToken{.kind = RtfToken::Kind::ControlWord, .word = "par"};
        return RtfToken{.kind = RtfToken::Kind::ControlSymbol, .symbol = c};
    }

    RtfToken t{.kind = RtfToken::Kind::ControlWord};
    const std::size_t word_begin = pos_;
    while (pos_ < rtf_.size() && is_letter(rtf_[pos_])) ++pos_;
    t.word = rtf_.substr(word_begin, pos_ - word_begin);

    bool negative = false;
    if (pos_ + 1 < rtf_.size() && rtf_[pos_] == '-' && is_digit(rtf_[pos_ + 1])) {
        negative = true;
        ++pos_;
    }
    if (pos_ < rtf_.size() && is_digit(rtf_[pos_])) {
        std::int64_t value = 0;
        while (pos_ < rtf_.size() && is_digit(rtf_[pos_])) {
            if (value <= std::numeric_limits<std::int32_t>::max())  // saturate, keep consuming
                value = value * 10 + (rtf_[pos_] - '0');
            ++pos_;
        }
        if (negative) value = -value;
        value = std::clamp<std::int64_t>(value, std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max());
        t.has_param = true;
        t.param = static_cast<std::int32_t>(value);
    }
    if (pos_ < rtf_.size() && rtf_[pos_] == ' ') ++pos_;  // the delimiting space belongs to the word

    // MSFT-RTF \binN: N bytes of binary data follow; they are never text.
    if (t.word == "bin" && t.has_param && t.param > 0)
        pos_ += std::min<std::size_t>(static_cast<std::size_t>(t.param), rtf_.size() - pos_);
    return t;
}

}  // namespace calbridge::mapi
