#include "gateway/status/status_page.h"

#include <algorithm>

#include "gateway/status/html.h"

namespace calbridge::status {

namespace {

constexpr std::string_view kStyle = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:80em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}td.t{white-space:nowrap}code{font-size:.95em}
.err{color:#a00}.ok{color:#060}.notice{padding:.5em;border:1px solid #9c9;background:#efe}
.notice.bad{border-color:#c99;background:#fee}.conflict{border:1px solid #e0c080;background:#fffaf0;padding:.6em;margin:.8em 0}
tr.diff td{background:#fff0c0}td.v{white-space:pre-wrap;max-width:30em}.none{color:#777}
button{margin-right:.6em;padding:.3em .8em}
)css";

void text(std::string& out, std::string_view value) { out += escape(value); }

std::string cell(std::string_view value) { return "<td>" + escape(value) + "</td>"; }
std::string time_cell(std::int64_t unix_seconds) { return "<td class=\"t\">" + escape(format_time(unix_seconds)) + "</td>"; }
std::string number(std::int64_t value) { return "<td class=\"n\">" + std::to_string(value) + "</td>"; }

void none(std::string& out, std::string_view what) {
    out += "<p class=\"none\">";
    text(out, what);
    out += "</p>\n";
}

std::string source_name(std::string_view source) {
    if (source.substr(0, 7) == "import:") return "the imported file " + std::string(source.substr(7));
    if (source.substr(0, 9) == "exchange:") return "Exchange (bridge " + std::string(source.substr(9)) + ")";
    return std::string(source);
}

// What happened, in words, for the conflict kinds of gateway/import and gateway/sync.
std::string kind_text(std::string_view kind) {
    if (kind == "both-changed") return "changed in the calendar and in the source";
    if (kind == "deleted-locally-changed-in-source") return "deleted in the calendar, changed in the source";
    if (kind == "changed-locally-removed-from-source") return "changed in the calendar, removed from the source";
    if (kind == "created-locally-differs-from-source") return "made by a client, differs from the source";
    if (kind == "changed-locally-deleted-remotely") return "changed in the calendar, deleted in Exchange";
    if (kind == "deleted-locally-changed-remotely") return "deleted in the calendar, changed in Exchange";
    if (kind == "local-change-on-read-only-remote") return "changed in the calendar, but Exchange is read-only";
    return std::string(kind);
}

void calendars(std::string& out, const StatusData& d) {
    out += "<h2 id=\"calendars\">Calendars</h2>\n";
    if (d.calendars.empty()) return none(out, "No calendars.");
    out += "<table><tr>";
    if (d.admin) out += "<th>User</th>";
    out += "<th>Calendar</th><th>Name</th><th>Objects</th><th>Access</th></tr>\n";
    for (const CalendarRow& c : d.calendars) {
        out += "<tr>";
        if (d.admin) out += cell(c.owner);
        out += "<td><code>" + escape(c.mount.empty() ? c.path : c.mount) + "</code>";
        if (!c.mount.empty()) out += "<br><span class=\"none\">= <code>" + escape(c.path) + "</code></span>";
        out += "</td>" + cell(c.display_name);
        // A free/busy grant does not show what a calendar holds.
        out += c.shared_access == "freebusy" ? std::string("<td class=\"n none\">-</td>")
                                              : number(static_cast<std::int64_t>(c.objects));
        out += c.shared_access.empty() ? cell(d.admin ? "owner " + c.owner : "owner")
                                       : cell("shared by " + c.owner + ": " + c.shared_access);
        out += "</tr>\n";
    }
    out += "</table>\n";
}

void imports(std::string& out, const StatusData& d) {
    out += "<h2 id=\"imports\">PST/OST imports</h2>\n";
    if (d.imports.empty()) return none(out, "No imports.");
    out += "<table><tr><th>Calendar</th><th>File</th><th>Folder</th><th>Last import</th><th>Created</th>"
           "<th>Updated</th><th>Unchanged</th><th>Removed</th><th>Conflicts</th></tr>\n";
    for (const store::ImportSource& s : d.imports) {
        out += "<tr><td><code>" + escape(s.collection_path) + "</code></td>" + cell(s.source_file) +
               cell(s.folder_path) + time_cell(s.last_import_at) + number(s.counts.created) +
               number(s.counts.updated) + number(s.counts.unchanged) + number(s.counts.removed) +
               number(s.counts.conflicts) + "</tr>\n";
    }
    out += "</table>\n";
}

void bridges(std::string& out, const StatusData& d) {
    out += "<h2 id=\"bridges\">Exchange bridges</h2>\n";
    if (d.bridges.empty()) return none(out, "No bridges.");
    out += "<table><tr><th>Bridge</th><th>Calendar</th><th>Remote</th><th>Last sync</th><th>Last cycle</th>"
           "<th>Pulled (+/~/-)</th><th>Pushed (+/~/-)</th><th>Conflicts</th><th>Skipped</th><th>Linked</th>"
           "<th>To push</th><th>Last error</th></tr>\n";
    for (const BridgeRow& b : d.bridges) {
        out += "<tr>" + cell(b.pair.name) + "<td><code>" + escape(b.pair.collection_path) + "</code></td>" +
               cell(b.pair.remote) + time_cell(b.pair.last_sync_at);
        if (const auto& o = b.last_cycle) {
            out += "<td class=\"" + std::string(o->complete ? "ok\">" : "err\">") + escape(format_time(o->finished_at)) +
                   (o->complete ? ", complete" : ", incomplete") + "</td>";
            out += cell(std::to_string(o->local_created) + " / " + std::to_string(o->local_updated) + " / " +
                        std::to_string(o->local_deleted));
            out += cell(std::to_string(o->remote_created) + " / " + std::to_string(o->remote_updated) + " / " +
                        std::to_string(o->remote_deleted));
            out += number(o->conflicts) + number(o->errors);
        } else {
            out += "<td class=\"none\" colspan=\"5\">no cycle recorded</td>";
        }
        out += number(static_cast<std::int64_t>(b.linked)) + number(static_cast<std::int64_t>(b.to_push));
        if (b.last_cycle && !b.last_cycle->error.empty())
            out += "<td class=\"err\">" + escape(b.last_cycle->error) + "</td>";
        else
            out += "<td class=\"none\">none</td>";
        out += "</tr>\n";
    }
    out += "</table>\n";
}

// Both versions side by side, the fields that differ marked.
void versions(std::string& out, const ConflictRow& c) {
    std::vector<std::string> names;
    for (const auto* facts : {&c.current, &c.other})
        for (const Fact& f : *facts)
            if (std::find(names.begin(), names.end(), f.name) == names.end()) names.push_back(f.name);
    out += "<table class=\"versions\"><tr><th></th><th>This version (in the calendar now)</th>"
           "<th>The other version (from " + escape(source_name(c.conflict.source)) + ")</th></tr>\n";
    if (c.current_path.empty() || c.other_deleted) {
        out += "<tr class=\"diff\"><th>Object</th><td class=\"v\">" +
               std::string(c.current_path.empty() ? "deleted" : "present") + "</td><td class=\"v\">" +
               std::string(c.other_deleted ? "deleted" : "present") + "</td></tr>\n";
    }
    for (const std::string& name : names) {
        const std::string a = fact(c.current, name), b = fact(c.other, name);
        out += std::string(a != b ? "<tr class=\"diff\">" : "<tr>") + "<th>" + escape(name) + "</th><td class=\"v\">" +
               escape(a) + "</td><td class=\"v\">" + escape(b) + "</td></tr>\n";
    }
    out += "</table>\n";
}

void conflicts(std::string& out, const StatusData& d, const CsrfGuard& csrf) {
    out += "<h2 id=\"conflicts\">Open conflicts</h2>\n";
    if (d.conflicts.empty()) return none(out, "No open conflicts.");
    for (const ConflictRow& c : d.conflicts) {
        const std::string id = std::to_string(c.conflict.id);
        out += "<div class=\"conflict\" id=\"conflict-" + id + "\">\n<p><strong>Conflict " + id + "</strong>: ";
        text(out, kind_text(c.conflict.kind));
        out += " <span class=\"none\">(";
        text(out, c.conflict.kind);
        out += ")</span><br>User ";
        text(out, c.owner);
        out += ", calendar <code>";
        text(out, c.conflict.collection_path);
        out += "</code>, UID <code>";
        text(out, c.conflict.uid);
        out += "</code>, source ";
        text(out, c.conflict.source);
        out += ", recorded ";
        text(out, format_time(c.conflict.created_at));
        out += "</p>\n";
        versions(out, c);
        out += "<form method=\"post\" action=\"" + conflict_action(c.conflict.id) + "\">"
               "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf.token(d.user, c.conflict.id)) + "\">"
               "<button type=\"submit\" name=\"action\" value=\"" + std::string(kKeepThis) +
               "\">Keep this version</button>"
               "<button type=\"submit\" name=\"action\" value=\"" + std::string(kKeepOther) +
               "\">Keep the other version</button></form>\n</div>\n";
    }
    if (d.more_conflicts)
        none(out, "More conflicts are open: the oldest " + std::to_string(kMaxConflictsShown) +
                      " are shown; resolving them shows the next.");
}

void shares(std::string& out, const StatusData& d) {
    out += "<h2 id=\"shares\">Shares</h2>\n";
    if (!d.shares) return none(out, "Sharing is not available in this version of the store.");
    if (d.shares->empty()) return none(out, d.admin ? "No calendar is shared." : "None of your calendars is shared.");
    out += "<table><tr><th>Calendar</th><th>Shared with</th><th>Access</th></tr>\n";
    for (const ShareRow& s : *d.shares)
        out += "<tr><td><code>" + escape(s.calendar_path) + "</code></td>" +
               cell((s.group ? "group " : "") + s.grantee) + cell(s.access) + "</tr>\n";
    out += "</table>\n";
}

}  // namespace

std::string conflict_action(std::int64_t id) { return "/status/conflicts/" + std::to_string(id); }

std::string render_status_page(const StatusData& d, const CsrfGuard& csrf, const std::optional<Notice>& notice) {
    std::string out;
    out.reserve(8192);
    out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>calbridge status</title><style>";
    out += kStyle;
    out += "</style></head>\n<body>\n<h1>calbridge status</h1>\n<p>Signed in as <strong>";
    text(out, d.user);
    out += "</strong>";
    out += d.admin ? " (administrator: every user is shown)" : "";
    out += ".</p>\n";
    if (notice) {
        out += notice->ok ? "<p class=\"notice\">" : "<p class=\"notice bad\">";
        text(out, notice->text);
        out += "</p>\n";
    }
    calendars(out, d);
    imports(out, d);
    bridges(out, d);
    conflicts(out, d, csrf);
    shares(out, d);
    out += "</body></html>\n";
    return out;
}

}  // namespace calbridge::status
