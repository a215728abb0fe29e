#pragma once
// The privileges each method needs (RFC 3744 Appendix B, as RFC 4791 6 applies it), checked
// against privileges() once per request by the engine, and the 403 that names what is missing
// (RFC 3744 7.1.1 DAV:need-privileges). A user who holds no privilege on the target never gets
// here: the engine answers 404 before (nobody learns that it exists).
//
//   GET, HEAD            read on the target (a calendar's GET is its content: read, not only
//                        read-free-busy)
//   PUT                  write-content on an existing object; bind on the collection for a new one
//   DELETE               unbind on the parent collection
//   PROPPATCH            write-properties on the target
//   MKCOL, MKCALENDAR    bind on the parent
//   COPY                 read on the source (the destination: copy_move.cpp, bind there)
//   MOVE                 read on the source and unbind on its parent (the destination likewise)
//   REPORT               each report's own (ReportDefinition::needs), checked in report_dispatch
//   PROPFIND, OPTIONS    any privilege; PROPFIND shows without read only what freebusy users
//                        may see (webdav/property_writer.cpp)
#include <optional>
#include <string_view>

#include "caldav/access/privileges.h"
#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"

namespace calbridge::caldav {

// 403 with <D:error><D:need-privileges><D:resource><D:href/><D:privilege/></D:resource>...
// (RFC 3744 7.1.1); stored_path is written as the client addresses it (rq.presented).
Response need_privileges(const RequestContext& rq, std::string_view stored_path, Privilege privilege);

// nullopt when the method may go on; else its 403.
std::optional<Response> check_method_access(RequestContext& rq);

// `privilege` on `resource`, else its 403 (for handlers checking a second resource: the
// destination of COPY and MOVE).
std::optional<Response> require(const RequestContext& rq, const Resource& resource, Privilege privilege);

// The collection holding a stored path, resolved (for unbind / bind checks).
Resource parent_resource(const RequestContext& rq, std::string_view stored_path);

}  // namespace calbridge::caldav
