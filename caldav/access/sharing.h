#pragma once
// Where a shared calendar appears (issue 6 "a mount in the grantee's home"):
// /dav/calendars/<grantee>/shared-<owner>-<calendar-segment>/ names the owner's calendar
// /dav/calendars/<owner>/<calendar-segment>/. The engine translates a request path under a mount
// to the calendar's own path once, at the start of the request, and writes the hrefs it answers
// with under the mount again; everything in between works on the Store's paths.
// And the CalendarServer sharing properties (calendarserver.org "Sharing" draft, as CalendarServer
// and Apple Calendar use them): CS:shared / CS:shared-owner in DAV:resourcetype, CS:shared-url,
// CS:invite.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "caldav/engine/property_registry.h"
#include "caldav/store/store.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav {

struct Mount {
    std::string path;            // "/dav/calendars/bob/shared-alice-work/"
    std::string calendar_path;   // "/dav/calendars/alice/work/"
};

// The mount of `calendar` in the home of `grantee`.
std::string mount_path(std::string_view grantee, const Collection& calendar);

// The mount of one of `shares` that is, or holds, `path` (a normalised path in the home of
// `user`; the mount may be named without its trailing slash), or nullopt.
std::optional<Mount> mount_holding(std::string_view user, std::span<const SharedCalendar> shares,
                                   std::string_view path);

// `path` (the mount, or a path below it) as the calendar's own path: "/dav/calendars/alice/work/e.ics".
std::string through_mount(const Mount& mount, std::string_view path);

// In DAV:resourcetype of a calendar: CS:shared for a grantee, CS:shared-owner for the owner of a
// calendar with at least one grant.
void write_sharing_resourcetype(const PropertyContext& c, xml::XmlWriter& w);

}  // namespace calbridge::caldav
