#include <catch2/catch.hpp>

#include <string>

#include "body_fixtures.h"
#include "converters/mapi/body/rtf_decompress.h"
#include "converters/mapi/body/rtf_text.h"

using namespace calbridge::mapi;
using namespace calbridge::mapi::test;

namespace {
std::string text_of(std::string_view rtf) { return rtf_to_content(rtf).text; }
}  // namespace

TEST_CASE("plain RTF: header destinations are skipped, paragraph marks become newlines", "[rtf][text]") {
    const auto content = rtf_to_content(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\deflang1033{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}\r\n"
        "{\\colortbl ;\\red255\\green0\\blue0;}\r\n"
        "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \r\n"
        "{\\info{\\title Agenda}{\\author Someone}}"
        "\\pard\\sa200\\sl276\\slmult1\\f0\\fs22 Hello\\par\r\n"
        "World\\tab !\\line end\\par\r\n}");
    CHECK(content.text == "Hello\nWorld\t!\nend");
    CHECK_FALSE(content.html);
}

TEST_CASE("\\'hh is decoded through \\ansicpg (default 1252)", "[rtf][text][codepage]") {
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1252 caf\\'e9}") == "caf\xC3\xA9");              // é
    CHECK(text_of("{\\rtf1\\ansi caf\\'e9}") == "caf\xC3\xA9");                           // default 1252
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1251 \\'e9\\'f2\\'ee}") == "\xD0\xB9\xD1\x82\xD0\xBE");  // йто
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1252 a\\'96b\\'80}") == "a\xE2\x80\x93" "b\xE2\x82\xAC");  // – €
    // A double-byte code page: lead and trail bytes decode together (Shift_JIS 0x82A0 = あ).
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0}") == "\xE3\x81\x82");
    // 8-bit bytes written raw instead of escaped.
    CHECK(text_of("{\\rtf1\\ansi\\ansicpg1252 caf\xE9}") == "caf\xC3\xA9");
}

TEST_CASE("a font's \\fcharset overrides \\ansicpg for its text", "[rtf][text][codepage]") {
    const char* rtf =
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
        "{\\f1\\fswiss\\fcharset204 Arial Cyr;}{\\f2\\fnil\\fcharset161 Arial Greek;}}"
        "\\f0 \\'e9 {\\f1 \\'e9} \\f2 \\'e1\\f0 \\'e9}";
    CHECK(text_of(rtf) == "\xC3\xA9 \xD0\xB9 \xCE\xB1\xC3\xA9");  // é й αé
    // \cpgN in the font table wins over \fcharset.
    CHECK(text_of("{\\rtf1\\ansi{\\fonttbl{\\f0\\fcharset0\\cpg1251 X;}}\\f0 \\'e9}") == "\xD0\xB9");
}

TEST_CASE("\\uN with \\ucN fallback skipping, negative values and surrogate pairs", "[rtf][text][unicode]") {
    CHECK(text_of("{\\rtf1 \\u8364?}") == "\xE2\x82\xAC");                    // default \uc1
    CHECK(text_of("{\\rtf1 \\uc1\\u8364\\'80 EUR}") == "\xE2\x82\xAC EUR");   // \'hh fallback skipped
    CHECK(text_of("{\\rtf1 \\uc2\\u8364 xyz}") == "\xE2\x82\xAC" "z");        // two fallback chars
    CHECK(text_of("{\\rtf1 \\uc0\\u8364 xyz}") == "\xE2\x82\xAC" "xyz");
    CHECK(text_of("{\\rtf1 \\u-255?}") == "\xEF\xBC\x81");                    // 65536-255 = U+FF01
    CHECK(text_of("{\\rtf1 \\u-3913?}") == "\xEF\x82\xB7");                   // U+F0B7
    CHECK(text_of("{\\rtf1 \\u-10179?\\u-8704?}") == "\xF0\x9F\x98\x80");     // U+1F600 as a pair
    CHECK(text_of("{\\rtf1 \\u-10179?x}") == "\xEF\xBF\xBDx");                // lone high surrogate
    // \ucN is scoped to its group.
    CHECK(text_of("{\\rtf1 {\\uc2 \\u233 ab}\\u233 ab}") == "\xC3\xA9\xC3\xA9" "b");
}

TEST_CASE("control symbols", "[rtf][text]") {
    CHECK(text_of("{\\rtf1 \\{a\\} \\\\ b\\~c d\\-e f\\_g}") ==
          "{a} \\ b\xC2\xA0" "c de f\xE2\x80\x91g");
    CHECK(text_of("{\\rtf1 \\lquote x\\rquote  \\ldblquote y\\rdblquote  \\bullet  \\endash  \\emdash }") ==
          "\xE2\x80\x98x\xE2\x80\x99 \xE2\x80\x9Cy\xE2\x80\x9D \xE2\x80\xA2 \xE2\x80\x93 \xE2\x80\x94");
    // A backslash before a line break is a paragraph mark.
    CHECK(text_of("{\\rtf1 a\\\nb}") == "a\nb");
}

TEST_CASE("nested groups, ignorable and known destinations", "[rtf][text]") {
    CHECK(text_of("{\\rtf1 a{\\b b{\\i c}d}e{\\*\\unknown x{y}z}f{\\stylesheet{\\s0 Normal;}}g}") == "abcdefg");
    CHECK(text_of("{\\rtf1 see {\\field{\\*\\fldinst{HYPERLINK \"http://example.com\"}}{\\fldrslt{\\ul link}}} now}") ==
          "see link now");
    CHECK(text_of("{\\rtf1 x{\\pict\\wmetafile8\\picw100 0102abcdef}y}") == "xy");
    CHECK(text_of("{\\rtf1 {\\header Page header\\par}body}") == "body");
    // \binN data is skipped without interpreting braces or backslashes in it.
    CHECK(text_of("{\\rtf1 a\\bin3 {}\\b}") == "ab");
    // Without \fromhtml, {\*\htmltag} is just an ignorable destination.
    CHECK(text_of("{\\rtf1 {\\*\\htmltag64 <p>}text}") == "text");
}

TEST_CASE("malformed RTF never throws and keeps what it can", "[rtf][text][robust]") {
    CHECK(text_of("").empty());
    CHECK(text_of("plain words") == "plain words");
    CHECK(text_of("{\\rtf1 unbalanced }}} tail") == "unbalanced  tail");
    CHECK(text_of("{\\rtf1 open {{{ groups") == "open  groups");
    CHECK(text_of("{\\rtf1 bad \\'zz hex \\'4") == "bad zz hex 4");
    CHECK(text_of("{\\rtf1 \\u") == "");
    CHECK(text_of("\\") == "");
    CHECK(text_of("{\\rtf1 \\uc2147483647\\u65 abc}") == "A");
    CHECK(text_of("{\\rtf1 \\par99999999999999999999 x}") == "x");
    std::string deep(200000, '{');
    deep += "deep";
    deep += std::string(200000, '}');
    CHECK(text_of(deep) == "deep");
}

TEST_CASE("\\fromhtml1: Outlook's encapsulated HTML is de-encapsulated", "[rtf][html]") {
    // Shaped like Outlook's own output (MS-OXRTFEX 2.1.3.2): HTML markup in {\*\htmltagN}
    // groups, shared text outside them, RTF-only material between \htmlrtf and \htmlrtf0.
    const std::string rtf =
        "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\fbidis \\deff0{\\fonttbl\r\n"
        "{\\f0\\fswiss\\fcharset0 Arial;}\r\n"
        "{\\f1\\fmodern Courier New;}\r\n"
        "{\\f2\\fnil\\fcharset2 Symbol;}\r\n"
        "{\\f3\\fswiss\\fcharset204 Calibri;}}\r\n"
        "{\\colortbl\\red0\\green0\\blue0;\\red5\\green99\\blue193;}\r\n"
        "\\uc1\\pard\\plain\\deftab360 \\f0\\fs24 \r\n"
        "{\\*\\htmltag19 <html xmlns:o=\"urn:schemas-microsoft-com:office:office\">}\r\n"
        "{\\*\\htmltag34 <head>}\r\n"
        "{\\*\\htmltag1 \\par }\r\n"
        "{\\*\\htmltag241 <style>}\r\n"
        "{\\*\\htmltag241 p.MsoNormal \\{margin:0in;\\}}\r\n"
        "{\\*\\htmltag241 </style>}\r\n"
        "{\\*\\htmltag41 </head>}\r\n"
        "{\\*\\htmltag2 \\par }\r\n"
        "{\\*\\htmltag50 <body lang=EN-US>}\\htmlrtf {\\htmlrtf0 \r\n"
        "{\\*\\htmltag96 <div class=WordSection1>}\\htmlrtf {\\htmlrtf0 \r\n"
        "{\\*\\htmltag64 <p class=MsoNormal>}\\htmlrtf {\\htmlrtf0 Caf\\'e9 \\'96 agenda "
        "{\\*\\htmltag84 &amp;}\\htmlrtf &\\htmlrtf0  notes"
        "{\\*\\htmltag244 <o:p>}{\\*\\htmltag252 </o:p>}\r\n"
        "\\htmlrtf\\par}\\htmlrtf0\r\n"
        "{\\*\\htmltag72 </p>}\r\n"
        "{\\*\\htmltag64 <p class=MsoNormal>}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag84 &nbsp;}\\htmlrtf\\'a0\\htmlrtf0 "
        "\\htmlrtf\\par}\\htmlrtf0\r\n"
        "{\\*\\htmltag72 </p>}\r\n"
        "{\\*\\htmltag64 <p class=MsoNormal>}\\htmlrtf {\\htmlrtf0 \\htmlrtf\\f3\\htmlrtf0 \\'c4\\'e0, "
        "\\u8364\\'80 5 {\\*\\htmltag84 <a href=\"http://example.com/?a=1&amp;b=2\">}\\htmlrtf "
        "{\\field{\\*\\fldinst{HYPERLINK \"http://example.com/\"}}{\\fldrslt\\cf1\\ul \\htmlrtf0 link\\htmlrtf }}\\htmlrtf0 "
        "{\\*\\htmltag92 </a>}\\htmlrtf\\f0\\par}\\htmlrtf0\r\n"
        "{\\*\\htmltag72 </p>}\r\n"
        "{\\*\\htmltag104 </div>}\\htmlrtf }\\htmlrtf0 \r\n"
        "{\\*\\htmltag58 </body>}\\htmlrtf }\\htmlrtf0 \r\n"
        "{\\*\\htmltag27 </html>}}";
    const auto content = rtf_to_content(rtf);
    REQUIRE(content.html);
    const std::string& html = *content.html;
    CHECK(html ==
          "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>\r\n"
          "<style>p.MsoNormal {margin:0in;}</style></head>\r\n"
          "<body lang=EN-US><div class=WordSection1><p class=MsoNormal>Caf\xC3\xA9 \xE2\x80\x93 agenda "
          "&amp; notes<o:p></o:p></p>"
          "<p class=MsoNormal>&nbsp;</p>"
          "<p class=MsoNormal>\xD0\x94\xD0\xB0, \xE2\x82\xAC 5 <a href=\"http://example.com/?a=1&amp;b=2\">link</a></p>"
          "</div></body></html>");
    CHECK(content.text ==
          "Caf\xC3\xA9 \xE2\x80\x93 agenda & notes\n"
          "\n"
          "\xD0\x94\xD0\xB0, \xE2\x82\xAC 5 link");
}

TEST_CASE("\\fromhtml1 is only honoured in the RTF header", "[rtf][html]") {
    // MS-OXRTFEX 2.2.3.1: after body text it is not a de-encapsulation marker.
    const auto late = rtf_to_content("{\\rtf1\\ansi text first \\fromhtml1 {\\*\\htmltag64 <p>}more}");
    CHECK_FALSE(late.html);
    CHECK(late.text == "text first more");
}

TEST_CASE("\\fromtext: the encapsulated plain text", "[rtf][text]") {
    const auto content = rtf_to_content(
        "{\\rtf1\\ansi\\ansicpg1252\\fromtext \\fbidis \\deff0{\\fonttbl{\\f0\\fmodern Courier New;}}\r\n"
        "{\\colortbl\\red0\\green0\\blue0;}\r\n"
        "\\uc1\\pard\\plain\\deftab360 \\f0\\fs20 Line one\\par\r\n"
        "Line \\'e9two\\htmlrtf  (RTF only)\\htmlrtf0 \\par\r\n}");
    CHECK(content.text == "Line one\nLine \xC3\xA9two");
    CHECK_FALSE(content.html);
}

TEST_CASE("real Outlook RTF bodies", "[rtf][text][fixture]") {
    // An Exchange-generated \fromtext RTF of a holiday appointment with an empty body.
    const auto holiday = rtf_to_content(decompress_rtf(read_fixture("rtf-outlook-holiday.bin")));
    CHECK(holiday.text.empty());
    CHECK_FALSE(holiday.html);

    // Outlook's "Synchronization Log" note: font switches inside a line, \tab, \uc1, \cf.
    const auto log = rtf_to_content(decompress_rtf(read_fixture("rtf-outlook-sync-log.bin")));
    CHECK_FALSE(log.html);
    CHECK(log.text ==
          "13:41:51 Synchronizer Version 16.0.4266\n"
          "13:41:51 Synchronizing Mailbox 'Pst Extractor'\n"
          "13:41:51 Synchronizing server changes in folder 'Calendar'\n"
          "13:41:51 Downloading from server 'https://outlook.office365.com/mapi/emsmdb/?MailboxId=00030000-40'\n"
          "13:41:51 \t   1 item(s) updated in offline folder\n"
          "13:41:51 \t   1 view(s)/form(s) added to offline folder\n"
          "13:41:51 \t\t Could not connect to public folder server.\n"
          "13:41:51 \t\t [0-0]\n"
          "13:41:51 Done");
}

TEST_CASE("every prefix of real RTF converts without throwing", "[rtf][text][robust]") {
    const std::string rtf = decompress_rtf(read_fixture("rtf-outlook-sync-log.bin"));
    for (std::size_t n = 0; n <= rtf.size(); ++n) CHECK_NOTHROW(rtf_to_content(rtf.substr(0, n)));
}
