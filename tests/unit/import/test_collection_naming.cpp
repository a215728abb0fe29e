#include <catch2/catch.hpp>

#include "gateway/import/collection_naming.h"

using namespace calbridge::import;

TEST_CASE("folder slugs follow the URL layout", "[import][naming]") {
    CHECK(folder_slug("Calendar") == "calendar");
    CHECK(folder_slug("Calendar/United States holidays") == "calendar-united-states-holidays");
    CHECK(folder_slug("Calendar/Birthdays") == "calendar-birthdays");
    CHECK(folder_slug("  Work // Team (2024) ") == "work-team-2024");
    CHECK(folder_slug("Календарь") == "calendar");
    CHECK(folder_slug("Kalender/Geburtstage ü") == "kalender-geburtstage");
}

TEST_CASE("display names are the folder's own name", "[import][naming]") {
    CHECK(folder_display_name("Calendar") == "Calendar");
    CHECK(folder_display_name("Calendar/United States holidays") == "United States holidays");
}

TEST_CASE("object names keep safe UIDs and disambiguate replaced characters", "[import][naming]") {
    CHECK(object_name("040000008200E00074C5B7101A82E008") == "040000008200E00074C5B7101A82E008.ics");
    CHECK(object_name("abc@example.com") == "abc@example.com.ics");
    const std::string slash = object_name("a/b");
    const std::string colon = object_name("a:b");
    CHECK(slash.find('/') == std::string::npos);
    CHECK(slash.rfind("a_b-", 0) == 0);
    CHECK(slash != colon);  // both become a_b, the digest tells them apart
    CHECK(object_name("..").front() != '.');
    CHECK(object_name(std::string(500, 'x')).size() < 150);
    CHECK(object_name(std::string(500, 'x')) != object_name(std::string(501, 'x')));
}
