#pragma once
// /status/ on the CalDAV port (issue 6 item 6): the status page for a signed-in user (HTTP Basic,
// authenticated by gateway/cli/gateway_handler before it gets here), and the forms that resolve
// conflicts.
//   GET|HEAD /status/                  the page (200; 401 with the Basic challenge without a user)
//   GET /status                        301 to /status/
//   POST /status/conflicts/<id>        form fields action=keep-this|keep-other, csrf=<token>:
//                                      403 when the request is not same-origin or the token is
//                                      wrong, 404 when the conflict is not the user's (an admin's:
//                                      any) or is not open, else 303 back to /status/ with the
//                                      outcome in the query
//   anything else below /status/       404 (405 for a wrong method on the two above)
#include <string>
#include <string_view>
#include <vector>

#include "caldav/http_message.h"
#include "gateway/status/csrf.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::status {

class StatusHandler {
public:
    StatusHandler(store::SqliteStore& store, std::vector<std::string> admins, CsrfGuard csrf = CsrfGuard())
        : store_(store), admins_(std::move(admins)), csrf_(std::move(csrf)) {}

    caldav::Response handle(const caldav::Request& request) const;
    bool is_admin(std::string_view user) const;
    const CsrfGuard& csrf() const { return csrf_; }

private:
    caldav::Response page(const caldav::Request& request, std::string_view query) const;
    caldav::Response resolve(const caldav::Request& request, std::string_view id_text) const;

    store::SqliteStore& store_;
    std::vector<std::string> admins_;
    CsrfGuard csrf_;
};

// True for request paths the status page answers: "/status" and everything below "/status/".
bool is_status_path(std::string_view path);

// The value of field name in an application/x-www-form-urlencoded body (HTML 4.10.21.8, URL
// standard 5.1: '+' is a space, %XX a byte); nullopt when absent.
std::optional<std::string> form_field(std::string_view body, std::string_view name);

}  // namespace calbridge::status
