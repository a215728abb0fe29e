// Properties of calendar collections (RFC 4791 5.2, 7.5.1), calendar-data of calendar object
// resources (RFC 4791 9.6), and Apple's calendar-color / calendar-order (http://apple.com/ns/ical/,
// set by Apple Calendar, Thunderbird and DAVx5).
#include <array>
#include <charconv>
#include <string_view>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/engine/property_registry.h"
#include "caldav/engine/request_context.h"

namespace calbridge::caldav {

namespace {

using xml::apple;
using xml::caldav_name;
using xml::dav;

bool is_calendar(const Resource& r) { return r.kind == ResourceKind::calendar; }

const CalendarProps& props(const PropertyContext& c) { return c.resource.collection->props; }

// RFC 4791 5.2.3: with no component set given the collection accepts these.
const std::vector<std::string>& default_components() {
    static const std::vector<std::string> all = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"};
    return all;
}

bool known_component(std::string_view c) {
    for (const auto& k : default_components())
        if (k == c) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

void add_description_and_timezone(PropertyRegistry& registry) {
    registry.add({.name = caldav_name("calendar-description"),
                  .rfc = "RFC 4791 5.2.1",
                  .in_allprop = true,
                  .applies = is_calendar,
                  .has_value = [](const PropertyContext& c) { return !props(c).description.empty(); },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(caldav_name("calendar-description"), props(c).description);
                  },
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      s.patch.description = v.text;
                      return std::nullopt;
                  },
                  .remove = [](SetContext& s) -> std::optional<PropertyError> {
                      s.patch.description = std::string();
                      return std::nullopt;
                  }});
    registry.add({.name = caldav_name("calendar-timezone"),
                  .rfc = "RFC 4791 5.2.2",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .has_value = [](const PropertyContext& c) { return !props(c).timezone.empty(); },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(caldav_name("calendar-timezone"), props(c).timezone);
                  },
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      // 5.2.2: a VCALENDAR with exactly one VTIMEZONE; else CALDAV:valid-calendar-data.
                      if (!CalendarTimeZone::from_vcalendar_text(v.text).has_zone())
                          return PropertyError{403, caldav_name("valid-calendar-data"),
                                               "calendar-timezone must hold a VCALENDAR with one VTIMEZONE"};
                      s.patch.timezone = v.text;
                      return std::nullopt;
                  },
                  .remove = [](SetContext& s) -> std::optional<PropertyError> {
                      s.patch.timezone = std::string();
                      return std::nullopt;
                  }});
}

void add_capabilities(PropertyRegistry& registry) {
    registry.add({.name = caldav_name("supported-calendar-component-set"),
                  .rfc = "RFC 4791 5.2.3",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      const auto& set = props(c).components.empty() ? default_components() : props(c).components;
                      w.open(caldav_name("supported-calendar-component-set"));
                      for (const auto& comp : set) w.open(caldav_name("comp")).attr("name", comp).close();
                      w.close();
                  },
                  // 5.2.3: may be given at creation only; protected afterwards.
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      if (!s.creating)
                          return PropertyError{403, dav("cannot-modify-protected-property"),
                                               "supported-calendar-component-set is fixed at creation"};
                      if (v.components.empty())
                          return PropertyError{409, std::nullopt, "supported-calendar-component-set names no comp"};
                      for (const auto& comp : v.components)
                          if (!known_component(comp))
                              return PropertyError{403, caldav_name("supported-calendar-component"),
                                                   "unsupported component " + comp};
                      s.patch.components = v.components;
                      return std::nullopt;
                  }});
    registry.add({.name = caldav_name("supported-calendar-data"),
                  .rfc = "RFC 4791 5.2.4",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) {
                      w.open(caldav_name("supported-calendar-data"))
                          .open(caldav_name("calendar-data"))
                          .attr("content-type", "text/calendar")
                          .attr("version", "2.0")
                          .close()
                          .close();
                  }});
    registry.add({.name = caldav_name("max-resource-size"),
                  .rfc = "RFC 4791 5.2.5",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(caldav_name("max-resource-size"), std::to_string(c.services.options.max_resource_size));
                  }});
    registry.add({.name = caldav_name("supported-collation-set"),
                  .rfc = "RFC 4791 7.5.1",
                  .in_allprop = false,
                  .applies = is_calendar,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) {
                      w.open(caldav_name("supported-collation-set"));
                      for (const char* col : {"i;ascii-casemap", "i;octet", "i;unicode-casemap"})
                          w.leaf(caldav_name("supported-collation"), col);
                      w.close();
                  }});
    // RFC 4791 9.6: the object's iCalendar text; only written when the caller loaded the data
    // (REPORTs). The calendar reports module may replace this with the comp/expand selection.
    registry.add({.name = caldav_name("calendar-data"),
                  .rfc = "RFC 4791 9.6",
                  .in_allprop = false,
                  .applies = [](const Resource& r) {
                      return r.kind == ResourceKind::object && r.parent_kind == CollectionKind::calendar;
                  },
                  .has_value = [](const PropertyContext& c) { return c.resource.data != nullptr; },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(caldav_name("calendar-data"), *c.resource.data);
                  }});
}

// Calendars nobody gave a color or order yet (the one `calbridge user add` makes, imported PST
// folders, MKCALENDAR without them) still answer both, so every client shows the same color and
// order on every device instead of each picking its own: a color from Apple Calendar's palette
// and the creation order, both chosen by the collection's id (stable, distinct for neighbours).
// A client's PROPPATCH overrides them; removing the property brings the default back.
std::string color_of(const Collection& c) {
    if (!c.props.color.empty()) return c.props.color;
    static constexpr std::array<std::string_view, 7> palette = {"#1BADF8", "#63DA38", "#FF9500", "#CC73E1",
                                                                "#FF2968", "#FFCC00", "#A2845E"};
    const auto index = static_cast<std::size_t>(c.id < 0 ? -c.id : c.id) % palette.size();
    return std::string(palette[index]);
}

std::int64_t order_of(const Collection& c) { return c.props.order ? *c.props.order : c.id; }

void add_apple(PropertyRegistry& registry) {
    registry.add({.name = apple("calendar-color"),
                  .rfc = "Apple ICAL calendar-color",
                  .in_allprop = true,
                  .applies = is_calendar,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(apple("calendar-color"), color_of(*c.resource.collection));
                  },
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      const std::string_view color = trim(v.text);
                      if (color.size() > 64) return PropertyError{409, std::nullopt, "calendar-color too long"};
                      s.patch.color = std::string(color);
                      return std::nullopt;
                  },
                  .remove = [](SetContext& s) -> std::optional<PropertyError> {
                      s.patch.color = std::string();
                      return std::nullopt;
                  }});
    registry.add({.name = apple("calendar-order"),
                  .rfc = "Apple ICAL calendar-order",
                  .in_allprop = true,
                  .applies = is_calendar,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(apple("calendar-order"), std::to_string(order_of(*c.resource.collection)));
                  },
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      const std::string_view text = trim(v.text);
                      std::int32_t order = 0;
                      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), order);
                      if (text.empty() || ec != std::errc() || end != text.data() + text.size())
                          return PropertyError{409, std::nullopt, "calendar-order must be an integer"};
                      s.patch.order.emplace(order);
                      return std::nullopt;
                  },
                  .remove = [](SetContext& s) -> std::optional<PropertyError> {
                      s.patch.order.emplace(std::nullopt);
                      return std::nullopt;
                  }});
}

}  // namespace

void register_calendar_properties(PropertyRegistry& registry) {
    add_description_and_timezone(registry);
    add_capabilities(registry);
    add_apple(registry);
}

}  // namespace calbridge::caldav
