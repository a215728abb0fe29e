#pragma once
// The privilege a writing method needs (RFC 3744 Appendix B), checked once in Engine dispatch
// before the method's handler runs: PUT over an object needs write-content on it, PUT of a new
// one, MKCOL and MKCALENDAR bind on the collection it goes into, DELETE and MOVE of an object
// unbind on the collection it leaves, PROPPATCH write-properties on its target. COPY and MOVE
// check their destination themselves (webdav/copy_move.cpp, destination_denied).
// A refusal is 403 with DAV:need-privileges naming the resource and the privilege (7.1.1).
// What a user holds comes from privileges() alone (privileges.h), the one decision point.
#include <optional>
#include <string_view>

#include "caldav/access/privileges.h"
#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"

namespace calbridge::caldav {

// nullopt when the request's method may write its target (or does not write); else the 403.
std::optional<Response> check_write_privileges(const RequestContext& rq);

// COPY/MOVE destination (resolved): bind on the collection it goes into for a new resource,
// write-content on an existing one it replaces. nullopt when held.
std::optional<Response> destination_denied(std::string_view user, const Resource& destination);

// 403 with <D:error><D:need-privileges><D:resource><D:href>href</D:href><D:privilege>
// <D:privilege-name/></D:privilege></D:resource></D:need-privileges></D:error> (RFC 3744 7.1.1).
// href is a decoded store path.
Response need_privileges_response(std::string_view href, Privilege privilege);

}  // namespace calbridge::caldav
