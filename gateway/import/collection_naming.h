#pragma once
// Names of what an import creates (/tmp/url-layout.md, README "URL layout"): a calendar per PST
// folder, named by a slug of the folder path, and one object resource per UID.
#include <string>
#include <string_view>

namespace calbridge::import {

// "Calendar" -> "calendar", "Calendar/United States holidays" -> "calendar-united-states-holidays":
// ASCII letters lowered, digits kept, every other run of characters one '-', no '-' at either
// end; "calendar" when nothing is left (a folder named only with non-ASCII letters).
std::string folder_slug(std::string_view folder_path);

// The display name of the calendar: the folder's own name, the last segment of its path.
std::string folder_display_name(std::string_view folder_path);

// "<uid made path-safe>.ics": letters, digits and "-_.@" kept; when anything else had to be
// replaced (or the UID is long), a digest of the whole UID is appended, so two UIDs never
// share a name.
std::string object_name(std::string_view uid);

}  // namespace calbridge::import
