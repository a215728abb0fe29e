#pragma once
// The status page's HTML (issue 6 item 6): plain server-rendered HTML with a little inline CSS,
// no script. Every value from the store passes through escape() (html.h).
#include <optional>
#include <string>

#include "gateway/status/csrf.h"
#include "gateway/status/status_data.h"

namespace calbridge::status {

// A line above the page after a POST (the 303 target's query names it).
struct Notice {
    bool ok = true;
    std::string text;
};

// The form that resolves conflict id posts here.
std::string conflict_action(std::int64_t id);

// Form field values of the two buttons.
inline constexpr std::string_view kKeepThis = "keep-this";
inline constexpr std::string_view kKeepOther = "keep-other";

std::string render_status_page(const StatusData& data, const CsrfGuard& csrf, const std::optional<Notice>& notice);

}  // namespace calbridge::status
