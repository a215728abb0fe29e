#include "gateway/status/status_handler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <variant>

#include "caldav/engine/request_path.h"
#include "gateway/auth/basic_auth.h"
#include "gateway/status/status_data.h"
#include "gateway/status/status_page.h"
#include "gateway/sync/conflict_restore.h"

namespace calbridge::status {

namespace {

constexpr std::string_view kRoot = "/status/";
constexpr std::string_view kConflicts = "/status/conflicts/";

caldav::Response plain(int status, std::string text) {
    caldav::Response r;
    r.status = status;
    r.headers.add("Content-Type", "text/plain; charset=utf-8");
    r.headers.add("Cache-Control", "no-store");
    r.body = std::move(text) + "\n";
    return r;
}

caldav::Response redirect(int status, std::string location) {
    caldav::Response r = plain(status, "See " + location);
    r.headers.add("Location", std::move(location));
    return r;
}

caldav::Response method_not_allowed(std::string allow) {
    caldav::Response r = plain(405, "Method Not Allowed");
    r.headers.add("Allow", std::move(allow));
    return r;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    if (text.empty() || text.size() > 18) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode_form(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '+') {
            out += ' ';
        } else if (v[i] == '%' && i + 2 < v.size() && hex_value(v[i + 1]) >= 0 && hex_value(v[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(v[i + 1]) * 16 + hex_value(v[i + 2]));
            i += 2;
        } else {
            out += v[i];
        }
    }
    return out;
}

// The notice of a 303 target's query: "resolved=<id>&kept=this|other" or "failed=<id>".
std::optional<Notice> notice_of(std::string_view query) {
    const auto resolved = form_field(query, "resolved");
    const auto failed = form_field(query, "failed");
    if (resolved) {
        const auto id = parse_id(*resolved);
        const auto kept = form_field(query, "kept");
        if (!id || !kept || (*kept != "this" && *kept != "other")) return std::nullopt;
        return Notice{true, "Conflict " + std::to_string(*id) + " resolved: " +
                                (*kept == "this" ? "the version in the calendar stays." : "the other version is back in the calendar.")};
    }
    if (failed) {
        const auto id = parse_id(*failed);
        if (!id) return std::nullopt;
        return Notice{false, "Conflict " + std::to_string(*id) +
                                 " was not resolved: the object changed meanwhile or could not be written (see the "
                                 "server log); look at it again and retry."};
    }
    return std::nullopt;
}

// Headers every page of ours carries: never cached (it shows private data), never framed (its
// buttons must not be clickjacked), no script, forms only to us (CSP Level 3).
void page_headers(caldav::Response& r) {
    r.headers.add("Content-Type", "text/html; charset=utf-8");
    r.headers.add("Cache-Control", "no-store");
    r.headers.add("X-Frame-Options", "DENY");
    r.headers.add("X-Content-Type-Options", "nosniff");
    r.headers.add("Referrer-Policy", "same-origin");
    r.headers.add("Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                  "base-uri 'none'");
}

}  // namespace

bool is_status_path(std::string_view path) { return path == "/status" || path.substr(0, kRoot.size()) == kRoot; }

std::optional<std::string> form_field(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (decode_form(pair.substr(0, eq)) != name) continue;
        return eq == std::string_view::npos ? std::string() : decode_form(pair.substr(eq + 1));
    }
    return std::nullopt;
}

bool StatusHandler::is_admin(std::string_view user) const {
    return std::find(admins_.begin(), admins_.end(), user) != admins_.end();
}

caldav::Response StatusHandler::handle(const caldav::Request& request) const {
    if (!request.user) return auth::unauthorized();  // browsers ask for the password (RFC 7617)
    const auto normalised = caldav::normalise_target(request.target);
    if (const auto* error = std::get_if<caldav::PathError>(&normalised)) return plain(error->status, error->reason);
    const std::string& path = std::get<std::string>(normalised);
    const std::size_t q = request.target.find('?');
    const std::string_view query = q == std::string::npos ? std::string_view() : std::string_view(request.target).substr(q + 1);

    if (path == "/status") return redirect(301, std::string(kRoot));
    if (path == kRoot) {
        if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
        caldav::Response r = page(request, query);
        r.omit_body = request.method == "HEAD";
        return r;
    }
    if (path.substr(0, kConflicts.size()) == kConflicts) {
        std::string_view rest = std::string_view(path).substr(kConflicts.size());
        if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
        if (parse_id(rest)) {
            if (request.method != "POST") return method_not_allowed("POST");
            return resolve(request, rest);
        }
    }
    return plain(404, "Not Found");
}

caldav::Response StatusHandler::page(const caldav::Request& request, std::string_view query) const {
    const StatusData data = gather_status(store_, *request.user, is_admin(*request.user));
    caldav::Response r;
    page_headers(r);
    r.body = render_status_page(data, csrf_, notice_of(query));
    return r;
}

caldav::Response StatusHandler::resolve(const caldav::Request& request, std::string_view id_text) const {
    const std::string& user = *request.user;
    const std::int64_t id = *parse_id(id_text);
    if (!same_origin(request)) {
        spdlog::warn("status page: {} posted for conflict {} from another origin (Origin/Referer not {}): refused",
                     user, id, request.origin);
        return plain(403, "Forbidden: this form must be sent from the status page itself (Origin or Referer " +
                              request.origin + ")");
    }
    // Not the user's, resolved or missing: the same 404, so nobody learns of another's conflicts.
    const auto row = conflict_row(store_, id, user, is_admin(user));
    if (!row) return plain(404, "Not Found: no open conflict " + std::to_string(id) + " of yours");
    const std::string& body = request.body;
    const auto token = form_field(body, "csrf");
    if (!token || !csrf_.valid(user, id, *token)) {
        spdlog::warn("status page: {} posted for conflict {} without a valid form token: refused", user, id);
        return plain(403, "Forbidden: the form token is missing or out of date; reload the status page and retry");
    }
    const auto action = form_field(body, "action");
    if (!action || (*action != kKeepThis && *action != kKeepOther))
        return plain(400, "Bad Request: action must be " + std::string(kKeepThis) + " or " + std::string(kKeepOther));
    bool ok = false;
    if (*action == kKeepThis) {
        // The object in the calendar stays as it is; the other version is dropped with the record.
        ok = store_.resolve_conflict(id);
        if (ok) spdlog::info("status page: {} resolved conflict {} ({}), keeping the calendar's version", user, id, row->conflict.uid);
    } else {
        const sync::RestoreResult restored = sync::restore_conflict(store_, id);
        ok = restored.ok;
        if (ok)
            spdlog::info("status page: {} resolved conflict {} ({}), the other version written to {}", user, id,
                         row->conflict.uid, restored.path);
        else
            spdlog::warn("status page: {} could not resolve conflict {}: {}", user, id, restored.message);
    }
    // RFC 9110 15.4.4: 303 See Other, so a reload of the result does not post again.
    if (!ok) return redirect(303, std::string(kRoot) + "?failed=" + std::to_string(id) + "#conflicts");
    return redirect(303, std::string(kRoot) + "?resolved=" + std::to_string(id) +
                             "&kept=" + (*action == kKeepThis ? "this" : "other") + "#conflicts");
}

}  // namespace calbridge::status
