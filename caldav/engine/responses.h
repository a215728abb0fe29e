#pragma once
// Building responses: plain statuses, DAV:error bodies of failed preconditions (RFC 4918 16),
// 207 multistatus, and the mapping of Store write results to RFC statuses.
#include <span>
#include <string>
#include <string_view>

#include "caldav/http_message.h"
#include "caldav/store/store.h"
#include "caldav/xml/error.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav {

inline constexpr std::string_view kXmlContentType = "application/xml; charset=utf-8";

Response empty_response(int status);
// A short human-readable text/plain body (400/404/409 reasons).
Response text_response(int status, std::string_view message);
// <D:error><condition>[<D:href>…]</condition></D:error> (RFC 4918 16; RFC 4791 1.3).
Response error_response(int status, const xml::QName& condition, std::span<const std::string> hrefs = {});
Response request_error_response(const xml::RequestError& error);
Response multistatus_response(std::string body);

// A failed Store write as the RFC wants it (RFC 4918 9.3.1, 9.7.1, 9.8.5, 9.9.4; RFC 4791
// 5.3.2.1 no-uid-conflict with the conflicting href). Success statuses map to 201/204.
Response write_result_response(const WriteResult& result);
int write_status_code(WriteStatus status);

// An entity tag on the wire: strong and quoted (RFC 9110 8.8.3).
std::string quoted_etag(std::string_view etag);

}  // namespace calbridge::caldav
