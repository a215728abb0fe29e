#include "caldav/engine/responses.h"

#include "caldav/xml/multistatus.h"

namespace calbridge::caldav {

Response empty_response(int status) {
    Response r;
    r.status = status;
    return r;
}

Response text_response(int status, std::string_view message) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.body = std::string(message);
    r.body += '\n';
    return r;
}

Response error_response(int status, const xml::QName& condition, std::span<const std::string> hrefs) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", std::string(kXmlContentType));
    r.body = xml::error_body(condition, hrefs);
    return r;
}

Response request_error_response(const xml::RequestError& error) {
    if (error.condition()) return error_response(error.status(), *error.condition());
    return text_response(error.status(), error.what());
}

Response multistatus_response(std::string body) {
    Response r;
    r.status = 207;
    r.headers.set("Content-Type", std::string(kXmlContentType));
    r.body = std::move(body);
    return r;
}

int write_status_code(WriteStatus status) {
    switch (status) {
        case WriteStatus::created: return 201;
        case WriteStatus::replaced: return 204;
        case WriteStatus::deleted: return 204;
        case WriteStatus::precondition_failed: return 412;
        case WriteStatus::not_found: return 404;
        case WriteStatus::parent_missing: return 409;
        case WriteStatus::already_exists: return 405;
        case WriteStatus::destination_exists: return 412;
        case WriteStatus::uid_conflict: return 403;
        case WriteStatus::not_allowed: return 403;
    }
    return 500;
}

Response write_result_response(const WriteResult& result) {
    const int code = write_status_code(result.status);
    switch (result.status) {
        case WriteStatus::uid_conflict: {
            const std::string hrefs[] = {result.conflicting_path};
            return error_response(code, xml::caldav_name("no-uid-conflict"),
                                  result.conflicting_path.empty() ? std::span<const std::string>{}
                                                                  : std::span<const std::string>(hrefs));
        }
        case WriteStatus::precondition_failed: return text_response(code, "precondition failed");
        case WriteStatus::destination_exists: return text_response(code, "the destination exists (Overwrite: F)");
        case WriteStatus::not_found: return text_response(code, "not found");
        case WriteStatus::parent_missing: return text_response(code, "the parent collection does not exist");
        case WriteStatus::already_exists: return text_response(code, "a resource exists at this URL");
        case WriteStatus::not_allowed: return text_response(code, "not allowed here");
        default: return empty_response(code);
    }
}

std::string quoted_etag(std::string_view etag) {
    std::string q;
    q.reserve(etag.size() + 2);
    q += '"';
    q += etag;
    q += '"';
    return q;
}

}  // namespace calbridge::caldav
