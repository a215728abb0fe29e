#include "converters/mapi/body/rtf_text.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "converters/mapi/body/codepage.h"
#include "converters/mapi/body/html_text.h"
#include "converters/mapi/body/rtf_tokenizer.h"

namespace calbridge::mapi {
namespace {

using Kind = RtfToken::Kind;

enum class Encapsulation { None, Html, Text };

// MS-OXRTFEX 2.2.3.1: \fromhtml1 / \fromtext sit in the RTF header, right after \rtf1; readers
// inspect no more than the first 10 tokens and stop at the first text.
Encapsulation detect_encapsulation(std::string_view rtf) {
    RtfTokenizer tokens(rtf);
    for (int i = 0; i < 10; ++i) {
        const RtfToken t = tokens.next();
        if (t.kind == Kind::End || t.kind == Kind::Text) break;
        if (t.kind != Kind::ControlWord) continue;
        if (t.word == "fromhtml") return Encapsulation::Html;
        if (t.word == "fromtext") return Encapsulation::Text;
    }
    return Encapsulation::None;
}

// Destinations whose text is not part of the body (MSFT-RTF: header tables, document info,
// pictures and objects, headers/footers/notes, field instructions, list and bullet text).
constexpr std::array<std::string_view, 46> kSkippedDestinations = {
    "colortbl", "stylesheet", "info",      "pict",      "object",    "objdata",      "header",
    "headerl",  "headerr",    "headerf",   "footer",    "footerl",   "footerr",      "footerf",
    "footnote", "annotation", "atnid",     "atnauthor", "fldinst",   "xe",           "tc",
    "txe",      "pntext",     "pntxta",    "pntxtb",    "listtext",  "listtable",    "listoverridetable",
    "revtbl",   "rsidtbl",    "generator", "filetbl",   "themedata", "colorschememapping",
    "latentstyles", "datastore", "xmlnstbl", "mmathPr", "nonshppict", "shppict", "shp",
    "template", "userprops",  "docvar",    "bkmkstart", "bkmkend"};

enum class Destination : std::uint8_t { Body, FontTable, HtmlTag, Skipped };

struct GroupState {
    Destination destination = Destination::Body;
    bool htmlrtf = false;   // MS-OXRTFEX 2.1.3.1.3: inherited by nested groups, restored on exit
    int unicode_skip = 1;   // \ucN: fallback characters after each \uN (MSFT-RTF default 1)
    int font = -1;          // \fN in effect, -1 for the document default (\deffN)
};

struct FontInfo {
    int charset = -1;  // \fcharsetN
    int codepage = 0;  // \cpgN
};

// Deeper nesting than this is flattened (the state of the deepest kept group is reused) so that
// hostile input cannot make the state stack grow without bound.
constexpr std::size_t kMaxDepth = 4096;

class RtfReader {
public:
    RtfReader(std::string_view rtf, Encapsulation mode) : rtf_(rtf), mode_(mode) {}

    std::string run() {
        RtfTokenizer tokens(rtf_);
        for (RtfToken t = tokens.next(); t.kind != Kind::End; t = tokens.next()) {
            switch (t.kind) {
            case Kind::GroupStart: open_group(); break;
            case Kind::GroupEnd: close_group(); break;
            case Kind::ControlWord: control_word(t); break;
            case Kind::ControlSymbol: control_symbol(t.symbol); break;
            case Kind::HexByte: hex_byte(t.byte); break;
            case Kind::Text: text(t.text); break;
            case Kind::End: break;
            }
        }
        flush();
        return std::move(out_);
    }

private:
    const char* newline() const { return mode_ == Encapsulation::Html ? "\r\n" : "\n"; }

    bool emitting() const {
        switch (state_.destination) {
        case Destination::Skipped:
        case Destination::FontTable: return false;
        case Destination::HtmlTag:
        case Destination::Body: break;
        }
        return !(mode_ != Encapsulation::None && state_.htmlrtf);
    }

    void open_group() {
        pending_skip_ = 0;
        if (stack_.size() >= kMaxDepth) {
            ++flattened_;
        } else {
            stack_.push_back(state_);
        }
        group_start_ = true;
        starred_ = false;
    }

    void close_group() {
        pending_skip_ = 0;
        group_start_ = starred_ = false;
        if (flattened_ > 0) {
            --flattened_;
            return;
        }
        if (stack_.empty()) return;  // unbalanced '}'
        if (state_.destination == Destination::FontTable) font_being_defined_ = -1;
        state_ = stack_.back();
        stack_.pop_back();
    }

    // Consumes one fallback character after \uN; true if this token was swallowed.
    bool swallow_fallback() {
        if (pending_skip_ == 0) return false;
        --pending_skip_;
        return true;
    }

    void control_word(const RtfToken& t) {
        const bool was_group_start = group_start_;
        const bool was_starred = starred_;
        group_start_ = starred_ = false;
        const std::string_view w = t.word;

        if (was_starred && was_group_start) {
            // MSFT-RTF \*: a destination the reader may not know; MS-OXRTFEX 2.1.3.1.4: HTMLTAG.
            state_.destination = (mode_ == Encapsulation::Html && w == "htmltag" &&
                                  state_.destination != Destination::Skipped)
                                     ? Destination::HtmlTag
                                     : Destination::Skipped;
            return;
        }
        if (state_.destination == Destination::Skipped) return;
        if (w == "u" && t.has_param) return unicode(t.param);
        if (swallow_fallback()) return;

        if (w == "fonttbl") {
            state_.destination = Destination::FontTable;
        } else if (std::find(kSkippedDestinations.begin(), kSkippedDestinations.end(), w) !=
                   kSkippedDestinations.end()) {
            state_.destination = Destination::Skipped;
        } else if (w == "f") {
            if (state_.destination == Destination::FontTable) {
                font_being_defined_ = t.param;
                fonts_[t.param];
            } else {
                state_.font = t.param;
            }
        } else if (w == "fcharset") {
            if (state_.destination == Destination::FontTable && font_being_defined_ >= 0)
                fonts_[font_being_defined_].charset = t.param;
        } else if (w == "cpg") {
            if (state_.destination == Destination::FontTable && font_being_defined_ >= 0)
                fonts_[font_being_defined_].codepage = t.param;
        } else if (w == "ansicpg") {
            if (t.param > 0) ansi_codepage_ = t.param;
        } else if (w == "mac") {
            ansi_codepage_ = 10000;
        } else if (w == "pc") {
            ansi_codepage_ = 437;
        } else if (w == "pca") {
            ansi_codepage_ = 850;
        } else if (w == "deff") {
            default_font_ = t.param;
        } else if (w == "uc") {
            state_.unicode_skip = std::clamp(t.param, 0, 255);
        } else if (w == "htmlrtf") {
            state_.htmlrtf = !t.has_param || t.param != 0;
        } else if (w == "par" || w == "line" || w == "row" || w == "page" || w == "sect" || w == "nestrow") {
            emit_ascii(newline());
        } else if (w == "tab" || w == "cell" || w == "nestcell") {
            emit_ascii("\t");
        } else if (w == "lquote") {
            emit_code_point(0x2018);
        } else if (w == "rquote") {
            emit_code_point(0x2019);
        } else if (w == "ldblquote") {
            emit_code_point(0x201C);
        } else if (w == "rdblquote") {
            emit_code_point(0x201D);
        } else if (w == "bullet") {
            emit_code_point(0x2022);
        } else if (w == "endash") {
            emit_code_point(0x2013);
        } else if (w == "emdash") {
            emit_code_point(0x2014);
        } else if (w == "enspace" || w == "emspace" || w == "qmspace") {
            emit_ascii(" ");
        } else if (w == "zwj") {
            emit_code_point(0x200D);
        } else if (w == "zwnj") {
            emit_code_point(0x200C);
        }
        // Every other control word formats text and has no textual form.
    }

    void control_symbol(char c) {
        if (c == '*') {
            starred_ = group_start_;
            return;
        }
        group_start_ = starred_ = false;
        if (state_.destination == Destination::Skipped) return;
        if (swallow_fallback()) return;
        switch (c) {
        case '\\':
        case '{':
        case '}': emit_byte(static_cast<std::uint8_t>(c)); break;
        case '~': emit_code_point(0x00A0); break;
        // MSFT-RTF: \_ is a non-breaking hyphen; MS-OXRTFEX 2.1.3.1.4.2 maps it to &shy; in HTML.
        case '_': emit_code_point(mode_ == Encapsulation::Html ? 0x00AD : 0x2011); break;
        case '-': break;  // optional hyphen: invisible unless a line breaks there
        default: break;   // \: (index subentry), \| (formula) and unknown symbols
        }
    }

    void hex_byte(std::uint8_t b) {
        group_start_ = starred_ = false;
        if (state_.destination == Destination::Skipped) return;
        if (swallow_fallback()) return;
        emit_byte(b);
    }

    void text(std::string_view run) {
        group_start_ = starred_ = false;
        if (state_.destination == Destination::Skipped) return;
        const std::size_t swallowed = std::min<std::size_t>(pending_skip_, run.size());
        pending_skip_ -= static_cast<int>(swallowed);
        run.remove_prefix(swallowed);
        if (!emitting()) return;
        for (char c : run) emit_byte(static_cast<std::uint8_t>(c));
    }

    // \uN: a UTF-16 code unit as a signed 16-bit number (MSFT-RTF), then \ucN fallback characters.
    void unicode(std::int32_t n) {
        pending_skip_ = state_.unicode_skip;
        if (!emitting()) return;
        const auto unit = static_cast<char16_t>(static_cast<std::uint32_t>(n) & 0xFFFF);
        flush_bytes();
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            flush_surrogate();
            high_surrogate_ = unit;
            return;
        }
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            if (high_surrogate_ != 0) {
                const char32_t cp = 0x10000 + ((static_cast<char32_t>(high_surrogate_) - 0xD800) << 10) +
                                    (static_cast<char32_t>(unit) - 0xDC00);
                high_surrogate_ = 0;
                append_utf8(cp, out_);
            } else {
                append_utf8(0xFFFD, out_);
            }
            return;
        }
        flush_surrogate();
        if (unit != 0) append_utf8(unit, out_);
    }

    void emit_code_point(char32_t cp) {
        if (!emitting()) return;
        flush();
        append_utf8(cp, out_);
    }

    void emit_ascii(std::string_view s) {
        if (!emitting()) return;
        flush();
        out_.append(s);
    }

    // A byte of text in the current code page. Bytes are collected and converted in runs, so that
    // double-byte code pages see lead and trail bytes together.
    void emit_byte(std::uint8_t b) {
        if (!emitting()) return;
        flush_surrogate();
        if (b < 0x80) {
            if (pending_.empty()) {
                out_.push_back(static_cast<char>(b));
                return;
            }
            // A long run may be converted early, but never between a lead byte and its trail.
            if (pending_.size() >= 4096 && static_cast<std::uint8_t>(pending_.back()) < 0x80) flush_bytes();
            if (pending_.empty()) out_.push_back(static_cast<char>(b));
            else pending_.push_back(static_cast<char>(b));
            return;
        }
        const int cp = current_codepage();
        if (!pending_.empty() && cp != pending_codepage_) flush_bytes();
        pending_codepage_ = cp;
        pending_.push_back(static_cast<char>(b));
    }

    int current_codepage() const {
        const int font = state_.font >= 0 ? state_.font : default_font_;
        if (auto it = fonts_.find(font); it != fonts_.end()) {
            if (it->second.codepage > 0) return it->second.codepage;
            if (auto cp = codepage_for_rtf_charset(it->second.charset)) return *cp;
        }
        return ansi_codepage_;
    }

    void flush_bytes() {
        if (pending_.empty()) return;
        auto it = decoders_.find(pending_codepage_);
        if (it == decoders_.end()) it = decoders_.emplace(pending_codepage_, CodePageDecoder(pending_codepage_)).first;
        it->second.append_utf8(pending_, out_);
        pending_.clear();
    }

    void flush_surrogate() {
        if (high_surrogate_ == 0) return;
        high_surrogate_ = 0;
        append_utf8(0xFFFD, out_);
    }

    void flush() {
        flush_bytes();
        flush_surrogate();
    }

    std::string_view rtf_;
    Encapsulation mode_;
    GroupState state_;
    std::vector<GroupState> stack_;
    std::size_t flattened_ = 0;
    bool group_start_ = false;  // the previous token was '{'
    bool starred_ = false;      // the previous tokens were '{' '\*'
    int pending_skip_ = 0;      // \uN fallback characters still to drop

    int ansi_codepage_ = 1252;  // MSFT-RTF: \ansi without \ansicpg is windows-1252
    int default_font_ = -1;
    int font_being_defined_ = -1;
    std::map<int, FontInfo> fonts_;

    std::string out_;
    std::string pending_;  // bytes of text not yet converted from pending_codepage_
    int pending_codepage_ = 1252;
    char16_t high_surrogate_ = 0;
    std::map<int, CodePageDecoder> decoders_;
};

// Trailing white space and leading blank lines are layout, not content.
std::string trim_text(std::string s) {
    std::size_t end = s.size();
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r')) --end;
    s.resize(end);
    std::size_t begin = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') begin = i + 1;
        else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') break;
    }
    return s.substr(begin);
}

}  // namespace

RtfContent rtf_to_content(std::string_view rtf) {
    const Encapsulation mode = detect_encapsulation(rtf);
    std::string body = RtfReader(rtf, mode).run();
    RtfContent content;
    if (mode == Encapsulation::Html) {
        content.text = html_to_text(body);
        content.html = std::move(body);
    } else {
        content.text = trim_text(std::move(body));
    }
    return content;
}

}  // namespace calbridge::mapi
