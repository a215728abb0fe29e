#include "converters/mapi/body/html_text.h"

#include <algorithm>
#include <array>

#include "converters/mapi/body/codepage.h"
#include "converters/mapi/body/html_entities.h"

namespace calbridge::mapi {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& set) {
    return std::find(set.begin(), set.end(), name) != set.end();
}

// Elements that start and end a line (WHATWG HTML rendering: display: block / list-item / table).
constexpr std::array<std::string_view, 33> kBlockElements = {
    "p",       "div",    "h1",     "h2",     "h3",      "h4",      "h5",   "h6",         "li",
    "ul",      "ol",     "dl",     "dt",     "dd",      "table",   "tr",   "blockquote", "pre",
    "hr",      "address", "article", "aside", "section", "header",  "footer", "nav",      "center",
    "form",    "fieldset", "figure", "figcaption", "main", "caption"};
// Elements whose content is never shown.
constexpr std::array<std::string_view, 6> kHiddenElements = {"script", "style", "xml", "title", "template",
                                                             "noembed"};
// Start tags that may appear inside <head> without ending it.
constexpr std::array<std::string_view, 9> kHeadElements = {"title", "meta",     "link", "style", "script",
                                                           "base",  "noscript", "xml",  "template"};

// Accumulates rendered text with browser-like white-space handling.
class TextBuilder {
public:
    void content(std::string_view utf8) {
        put(utf8);
        line_visible_ = true;
    }
    void code_point(char32_t cp) {
        if (cp == 0xA0) return put(" ");  // &nbsp;: a space that does not collapse
        if (cp == 0xAD) return;           // &shy;: invisible unless a line breaks there
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') return space(static_cast<char>(cp));
        std::string utf8;
        append_utf8(cp, utf8);
        content(utf8);
    }
    void space(char c) {
        if (preformatted_ > 0) {
            if (c == '\n') return line_break();
            if (c == '\r') return;
            return put(std::string_view(&c, 1));
        }
        pending_space_ = true;
    }
    void line_break() {
        trim_line_end();
        out_.push_back('\n');
        pending_space_ = false;
        line_has_content_ = line_visible_ = after_cell_separator_ = false;
    }
    void block_boundary() {
        if (line_has_content_) line_break();
        pending_space_ = false;
    }
    // Cells on one line are separated by a tab; cells holding only spaces (&nbsp;) vanish.
    void cell_boundary() {
        if (line_visible_) {
            trim_line_end();
            out_.push_back('\t');
            after_cell_separator_ = true;
        } else if (line_has_content_) {
            trim_line_end();
            line_has_content_ = false;
        }
        pending_space_ = false;
    }
    void enter_pre() { ++preformatted_; }
    void leave_pre() { if (preformatted_ > 0) --preformatted_; }

    std::string finish() {
        std::size_t begin = 0;
        while (begin < out_.size() && is_space(out_[begin])) ++begin;
        std::size_t end = out_.size();
        while (end > begin && is_space(out_[end - 1])) --end;
        return out_.substr(begin, end - begin);
    }

private:
    void put(std::string_view utf8) {
        if (pending_space_ && line_has_content_ && !after_cell_separator_) out_.push_back(' ');
        pending_space_ = after_cell_separator_ = false;
        out_.append(utf8);
        line_has_content_ = true;
    }
    void trim_line_end() {
        while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
    }

    std::string out_;
    bool pending_space_ = false;
    bool line_has_content_ = false;  // anything, even a non-collapsing space, is on this line
    bool line_visible_ = false;      // something other than spaces is on this line
    bool after_cell_separator_ = false;
    int preformatted_ = 0;
};

// Finds "</name" (ASCII case-insensitive) followed by a tag delimiter, from `from`.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
    for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
        std::size_t j = i + 2, k = 0;
        while (k < name.size() && j < html.size() && lower(html[j]) == name[k]) ++j, ++k;
        if (k == name.size() && (j == html.size() || is_space(html[j]) || html[j] == '>' || html[j] == '/'))
            return i;
    }
    return std::string_view::npos;
}

// Returns the index just past the '>' closing a tag whose attributes start at `i`. Quotes only
// count as quotes where an attribute value starts, as in the WHATWG tokenizer.
std::size_t skip_attributes(std::string_view html, std::size_t i) {
    while (i < html.size()) {
        const char c = html[i];
        if (c == '>') return i + 1;
        if (c == '=') {
            ++i;
            while (i < html.size() && is_space(html[i])) ++i;
            if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                const std::size_t close = html.find(html[i], i + 1);
                if (close == std::string_view::npos) return html.size();
                i = close + 1;
            }
            continue;
        }
        ++i;
    }
    return html.size();
}

class HtmlRenderer {
public:
    explicit HtmlRenderer(std::string_view html) : html_(html) {}

    std::string run() {
        std::size_t i = 0;
        while (i < html_.size()) {
            const char c = html_[i];
            if (c == '<') {
                i = markup(i);
            } else if (c == '&') {
                std::size_t next = i;
                in_head_ = false;  // a character reference is text: it opens the body
                if (auto cp = decode_character_reference(html_, next)) {
                    text_.code_point(*cp);
                    i = next;
                } else {
                    text_.content("&");
                    ++i;
                }
            } else {
                i = text_run(i);
            }
        }
        return text_.finish();
    }

private:
    // Plain text up to the next '<' or '&'.
    std::size_t text_run(std::size_t i) {
        const std::size_t end = std::min(html_.find_first_of("<&", i), html_.size());
        if (in_head_) {
            // Text other than white space implicitly closes <head> (WHATWG "in head" mode).
            while (i < end && is_space(html_[i])) ++i;
            if (i == end) return end;
            in_head_ = false;
        }
        std::size_t run_begin = i;
        auto flush = [&](std::size_t upto) {
            if (upto > run_begin) text_.content(html_.substr(run_begin, upto - run_begin));
        };
        while (i < end) {
            const char c = html_[i];
            if (is_space(c)) {
                flush(i);
                text_.space(c);
                run_begin = ++i;
            } else if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < end &&
                       static_cast<unsigned char>(html_[i + 1]) == 0xA0) {  // U+00A0 in UTF-8
                flush(i);
                text_.code_point(0xA0);
                run_begin = i += 2;
            } else {
                ++i;
            }
        }
        flush(end);
        return end;
    }

    std::size_t markup(std::size_t i) {
        const std::string_view rest = html_.substr(i);
        if (rest.substr(0, 4) == "<!--") {
            // A comment ends at the first "-->" ("<!-->" is an empty comment), or at the end.
            const std::size_t close = html_.find("-->", i + 2);
            return close == std::string_view::npos ? html_.size() : close + 3;
        }
        if (rest.size() >= 2 && (rest[1] == '!' || rest[1] == '?')) {  // doctype, <![if ...]>, PI
            const std::size_t close = html_.find('>', i);
            return close == std::string_view::npos ? html_.size() : close + 1;
        }
        const bool end_tag = rest.size() >= 2 && rest[1] == '/';
        const std::size_t name_begin = i + (end_tag ? 2 : 1);
        if (name_begin >= html_.size() || !is_alpha(html_[name_begin])) {
            if (!in_head_) text_.content("<");  // a lone '<' is text
            return i + 1;
        }
        std::size_t j = name_begin;
        std::string name;
        while (j < html_.size() && is_name_char(html_[j])) name.push_back(lower(html_[j++]));
        const std::size_t after = skip_attributes(html_, j);
        if (end_tag) {
            end_element(name);
            return after;
        }
        start_element(name);
        if (one_of(name, kHiddenElements)) {
            const std::size_t close = find_end_tag(html_, name, after);
            return close == std::string_view::npos ? html_.size() : close;
        }
        return after;
    }

    void start_element(const std::string& name) {
        if (name == "head") {
            in_head_ = true;
            return;
        }
        if (in_head_) {
            // Anything but head content (or Office's o:/w: elements) implicitly opens the body.
            if (one_of(name, kHeadElements) || name.find(':') != std::string::npos) return;
            in_head_ = false;
        }
        if (name == "br") {
            text_.line_break();
        } else if (name == "td" || name == "th") {
            text_.cell_boundary();
        } else if (one_of(name, kBlockElements)) {
            text_.block_boundary();
            if (name == "pre") text_.enter_pre();
        }
    }

    void end_element(const std::string& name) {
        if (name == "head") {
            in_head_ = false;
            return;
        }
        if (in_head_) return;
        if (one_of(name, kBlockElements)) {
            if (name == "pre") text_.leave_pre();
            text_.block_boundary();
        }
    }

    std::string_view html_;
    TextBuilder text_;
    bool in_head_ = false;
};

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n;
        char32_t cp;
        if (b < 0x80) { ++i; continue; }
        if (b >= 0xC2 && b <= 0xDF) { n = 1; cp = b & 0x1F; }
        else if (b >= 0xE0 && b <= 0xEF) { n = 2; cp = b & 0x0F; }
        else if (b >= 0xF0 && b <= 0xF4) { n = 3; cp = b & 0x07; }
        else return false;
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cb = static_cast<unsigned char>(s[i + k]);
            if ((cb & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cb & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

}  // namespace

std::string html_to_text(std::string_view html) { return HtmlRenderer(html).run(); }

std::string decode_html_body(const Bytes& html, std::optional<int> codepage) {
    std::string_view bytes(reinterpret_cast<const char*>(html.data()), html.size());
    int cp = codepage.value_or(0);
    // A byte-order mark wins over the declared code page (WHATWG Encoding "decode").
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        cp = 65001;
        bytes.remove_prefix(3);
    } else if (bytes.substr(0, 2) == "\xFF\xFE") {
        cp = 1200;
        bytes.remove_prefix(2);
    } else if (bytes.substr(0, 2) == "\xFE\xFF") {
        cp = 1201;
        bytes.remove_prefix(2);
    } else if (!codepage || *codepage <= 0) {
        cp = is_valid_utf8(bytes) ? 65001 : 1252;
    }
    std::string out = CodePageDecoder(cp).to_utf8(bytes);
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return out;
}

}  // namespace calbridge::mapi
