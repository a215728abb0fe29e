#include <catch2/catch.hpp>

#include <string>

#include "body_fixtures.h"
#include "converters/mapi/body/html_text.h"

using namespace calbridge::mapi;
using namespace calbridge::mapi::test;

namespace {
Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
}  // namespace

TEST_CASE("a typical Outlook HTML body: style, conditional comments, o:p, nbsp paragraphs", "[html]") {
    const std::string html =
        "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        "<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
        "<meta name=Generator content=\"Microsoft Word 15 (filtered medium)\">"
        "<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:\"Cambria Math\";}\n"
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0in;\n\tfont-size:11.0pt;}\n--></style>"
        "<!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" />\n</xml><![endif]-->"
        "</head><body lang=EN-US link=\"#0563C1\" vlink=\"#954F72\"><div class=WordSection1>"
        "<p class=MsoNormal>Hi team,<o:p></o:p></p>"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        "<p class=MsoNormal>Agenda for\n<b>Thursday</b>:<o:p></o:p></p>"
        "<ul style='margin-top:0in' type=disc><li class=MsoListParagraph>Budget &amp; plans<o:p></o:p></li>"
        "<li class=MsoListParagraph>Q&amp;A<o:p></o:p></li></ul>"
        "<p class=MsoNormal><![if !supportLists]><span style='font-family:Symbol'>&middot;"
        "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>Item<o:p></o:p></p>"
        "<p class=MsoNormal>Join: <a href=\"https://teams.example.com/l/meetup?id=1&amp;x=2\">Click here</a><o:p></o:p></p>"
        "</div></body></html>";
    CHECK(html_to_text(html) ==
          "Hi team,\n"
          "\n"
          "Agenda for Thursday:\n"
          "Budget & plans\n"
          "Q&A\n"
          "\xC2\xB7   Item\n"
          "Join: Click here");
}

TEST_CASE("character references", "[html][entities]") {
    CHECK(html_to_text("&lt;b&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &apos;") == "<b> &amp; \"q\" 's' '");
    CHECK(html_to_text("&#x20AC; &#8364; &euro; &#X20ac;") == "\xE2\x82\xAC \xE2\x82\xAC \xE2\x82\xAC \xE2\x82\xAC");
    CHECK(html_to_text("&eacute;&Eacute;&ouml;&szlig;&yuml;&copy;") == "\xC3\xA9\xC3\x89\xC3\xB6\xC3\x9F\xC3\xBF\xC2\xA9");
    CHECK(html_to_text("&hellip;&mdash;&ndash;&lsquo;&rsquo;&ldquo;&rdquo;&bull;&trade;") ==
          "\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x93\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA2\xE2\x84\xA2");
    // Browsers repair C1 references as windows-1252 (WHATWG HTML numeric reference end state).
    CHECK(html_to_text("&#150;&#147;x&#148;") == "\xE2\x80\x93\xE2\x80\x9Cx\xE2\x80\x9D");
    // Invalid code points become U+FFFD.
    CHECK(html_to_text("&#0;&#xD800;&#1114112;&#99999999999999;") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    // Legacy references without ';', unknown names and lone ampersands stay readable.
    CHECK(html_to_text("AT&amp;T &copy 2021 &nosuch; a & b &# &#x;") == "AT&T \xC2\xA9 2021 &nosuch; a & b &# &#x;");
    CHECK(html_to_text("a&nbsp;&nbsp;&nbsp;b &shy;c") == "a   b c");
}

TEST_CASE("white space collapses like a browser's", "[html][whitespace]") {
    CHECK(html_to_text("  a \n\t b  ") == "a b");
    CHECK(html_to_text("<p>a</p><p>b</p>") == "a\nb");
    CHECK(html_to_text("<div>  a  <div> b </div> c</div>") == "a\nb\nc");
    CHECK(html_to_text("a<br>b<br><br>c<br/>") == "a\nb\n\nc");
    CHECK(html_to_text("<h1>Title</h1>text<h2>Sub</h2>") == "Title\ntext\nSub");
    CHECK(html_to_text("x <span>y</span> <b> z</b>") == "x y z");
    CHECK(html_to_text("before<pre>  x\n    y</pre>after") == "before\n  x\n    y\nafter");
    CHECK(html_to_text("<table><tr><td>a</td><td> b </td></tr><tr><th>c</th><td>d</td></tr></table>") == "a\tb\nc\td");
    CHECK(html_to_text("<table><tr><td>&nbsp;</td><td>only</td></tr></table>") == "only");
}

TEST_CASE("head, script, style, comments and declarations are dropped", "[html]") {
    CHECK(html_to_text("<!DOCTYPE html><html><head><title>T</title>"
                       "<script>if (a<b && c>d) { x = '</p>'; }</script></head>"
                       "<body><!-- a comment with <p>tags</p> -->Hi<style>p{color:red}</style>"
                       "<SCRIPT type=text/javascript>alert(1)</SCRIPT >!</body></html>") == "Hi!");
    CHECK(html_to_text("<?xml version=\"1.0\"?><p>x</p>") == "x");
    CHECK(html_to_text("<head><meta charset=utf-8>Implied body text") == "Implied body text");
    CHECK(html_to_text("<head><title>t</title><p>Para opens the body</p>") == "Para opens the body");
    CHECK(html_to_text("<!-->empty comment-->x") == "empty comment-->x");
}

TEST_CASE("malformed markup is tolerated", "[html][robust]") {
    CHECK(html_to_text("a < b and c > d") == "a < b and c > d");
    CHECK(html_to_text("<p>Hello") == "Hello");
    CHECK(html_to_text("x <!-- never closed") == "x");
    CHECK(html_to_text("<a href='x>y' title=\"q'uote\">link</a>") == "link");
    CHECK(html_to_text("<p class=\"unterminated>text") == "");
    CHECK(html_to_text("<script>never closed") == "");
    CHECK(html_to_text("<") == "<");
    CHECK(html_to_text("</") == "</");
    CHECK(html_to_text("&") == "&");
    CHECK(html_to_text("").empty());
}

TEST_CASE("decode_html_body converts PidTagHtml bytes to UTF-8", "[html][codepage]") {
    CHECK(decode_html_body(bytes("caf\xE9"), 1252) == "caf\xC3\xA9");
    CHECK(decode_html_body(bytes("\xE9"), 1251) == "\xD0\xB9");
    CHECK(decode_html_body(bytes("caf\xC3\xA9"), 65001) == "caf\xC3\xA9");
    CHECK(decode_html_body(bytes("bad \xFF utf8"), 65001) == "bad \xEF\xBF\xBD utf8");
    CHECK(decode_html_body(bytes("ascii"), 20127) == "ascii");
    // A byte-order mark overrides the declared code page.
    CHECK(decode_html_body(bytes("\xEF\xBB\xBF" "caf\xC3\xA9"), 1252) == "caf\xC3\xA9");
    CHECK(decode_html_body(Bytes{0xFF, 0xFE, 'h', 0, 0xE9, 0}, std::nullopt) == "h\xC3\xA9");
    // Without a code page: UTF-8 if it is valid UTF-8, else windows-1252.
    CHECK(decode_html_body(bytes("caf\xC3\xA9"), std::nullopt) == "caf\xC3\xA9");
    CHECK(decode_html_body(bytes("caf\xE9"), std::nullopt) == "caf\xC3\xA9");
    CHECK(decode_html_body(bytes("caf\xC3\xA9"), 0) == "caf\xC3\xA9");
    // Trailing NULs (a terminator stored with the property) are dropped.
    CHECK(decode_html_body(Bytes{'<', 'p', '>', 0, 0}, 65001) == "<p>");
    // An unknown code page falls back to windows-1252.
    CHECK(decode_html_body(bytes("\xE9"), 99999) == "\xC3\xA9");
}

TEST_CASE("real HTML bodies from the Outlook.com OST", "[html][fixture]") {
    // An appointment written by Outlook (Word 15 HTML, 36 KB of <head>), PidTagInternetCodepage 20127.
    const auto outlook = html_to_text(decode_html_body(read_fixture("html-outlook-appointment.bin"), 20127));
    CHECK(outlook == "Occurs every day effective 8/10/2021 until 8/12/2021 from 12:00 PM to 12:30 PM");

    // A Google Calendar invitation accepted into the calendar (UTF-8, nested tables).
    const auto google = html_to_text(decode_html_body(read_fixture("html-google-invite.bin"), 65001));
    CHECK(google.rfind("You have been invited to the following event.\nunanswered meeting\n", 0) == 0);
    CHECK_THAT(google, Catch::Contains("\nSat Aug 14, 2021\n"));
    CHECK_THAT(google, Catch::Contains("\xE2\x80\xA2\nepfromer@gmail.com - organizer\n"));
    CHECK_THAT(google, Catch::Contains("more details \xC2\xBB"));
    CHECK(google.find('<') == std::string::npos);
    CHECK(google.find("font-family") == std::string::npos);
}
