#pragma once
// Response bodies of WebDAV: 207 DAV:multistatus (RFC 4918 13, 14.16; RFC 6578 6.2 sync-token)
// and the DAV:error body of a failed precondition (RFC 4918 16, RFC 4791 1.3).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "caldav/xml/error.h"
#include "caldav/xml/qname.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav::xml {

// Usage, one response with a 200 and a 404 propstat:
//   MultistatusWriter ms;
//   ms.begin_response("/dav/calendars/alice/work/");
//   XmlWriter& w = ms.begin_propstat();
//   w.leaf(dav("displayname"), "Work");
//   ms.end_propstat(200);
//   ms.propstat_empty(missing_names, 404);
//   ms.end_response();
//   std::string body = ms.finish();
class MultistatusWriter {
public:
    explicit MultistatusWriter(std::size_t reserve = 16 * 1024);

    // <D:response><D:href>…</D:href>; path is decoded (encode_href applied here).
    void begin_response(std::string_view path);
    // <D:propstat><D:prop>: write the property elements through the returned writer.
    XmlWriter& begin_propstat();
    // </D:prop><D:status>HTTP/1.1 …</D:status></D:propstat>
    void end_propstat(int status);
    // A whole propstat of empty property elements (404 / 403 results, propname answers).
    void propstat_empty(std::span<const QName> names, int status);
    // <D:status> of a response that has no propstat (RFC 4918 14.24: href*, status).
    void status(int status);
    // <D:error><condition/></D:error> inside the current response.
    void error(const QName& condition);
    void description(std::string_view text);   // <D:responsedescription>
    void end_response();

    // Convenience: <D:response><D:href/><D:status/></D:response> (multiget 404s, sync
    // deletions RFC 6578 3.5.2).
    void response_status(std::string_view path, int status);

    // Hrefs of responses (begin_response, response_status) below `from` are written below `to`
    // instead: a shared calendar addressed through its mount in the grantee's home (issue 6)
    // answers with hrefs under the mount. Both are collection paths ("/a/b/").
    void map_prefix(std::string from, std::string to);

    // <D:sync-token> after the responses (RFC 6578 6.2).
    void sync_token(std::string_view token);

    XmlWriter& writer() noexcept { return w_; }
    std::string finish();

private:
    XmlWriter w_;
    std::string map_from_, map_to_;
};

// <?xml …?><D:error xmlns:D=…><condition>[<D:href>…</D:href>…]</condition></D:error>
// hrefs are decoded paths (e.g. CALDAV:no-uid-conflict, RFC 4791 5.3.2.1).
std::string error_body(const QName& condition, std::span<const std::string> hrefs = {});
// The body for a RequestError: its condition, or an empty string when it names none.
std::string error_body(const RequestError& error);

}  // namespace calbridge::caldav::xml
