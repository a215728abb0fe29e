#include "ews_convert_support.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::ews_test {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string time_text(icalproperty* p, icalcomponent* ev) {
    const icaltimetype t = icalproperty_get_datetime_with_component(p, ev);
    if (t.is_date) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "DATE %04d%02d%02d", t.year, t.month, t.day);
        return buf;
    }
    const std::int64_t at = t.zone ? icaltime_as_timet_with_zone(t, t.zone)
                                   : icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
    icalparameter* tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    return std::to_string(at) + " " + (tzid ? icalparameter_get_tzid(tzid) : (icaltime_is_utc(t) ? "Z" : "floating"));
}

bool ignored(const std::string& name) {
    static const std::set<std::string> kIgnored = {"DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE"};
    return kIgnored.count(name) != 0;
}

std::string property_line(icalproperty* p, icalcomponent* ev) {
    const icalproperty_kind kind = icalproperty_isa(p);
    std::string name = kind == ICAL_X_PROPERTY ? icalproperty_get_x_name(p) : icalproperty_kind_to_string(kind);
    if (kind == ICAL_DTSTART_PROPERTY || kind == ICAL_DTEND_PROPERTY || kind == ICAL_EXDATE_PROPERTY ||
        kind == ICAL_RECURRENCEID_PROPERTY)
        return name + ":" + time_text(p, ev);
    std::vector<std::string> params;
    for (icalparameter* q = icalproperty_get_first_parameter(p, ICAL_ANY_PARAMETER); q;
         q = icalproperty_get_next_parameter(p, ICAL_ANY_PARAMETER))
        params.push_back(icalparameter_as_ical_string(q));
    std::sort(params.begin(), params.end());
    std::string value = icalproperty_get_value_as_string(p) ? icalproperty_get_value_as_string(p) : "";
    if (kind == ICAL_RRULE_PROPERTY) {
        // RFC 5545 3.3.10: WKST matters only to WEEKLY rules (and YEARLY with BYWEEKNO, which
        // neither side writes): drop it elsewhere, where Outlook's FirstDOW has no EWS field.
        icalrecurrencetype r = icalproperty_get_rrule(p);
        if (r.freq != ICAL_WEEKLY_RECURRENCE) r.week_start = ICAL_NO_WEEKDAY;
        value = icalrecurrencetype_as_string(&r);
    }
    if (kind == ICAL_ATTENDEE_PROPERTY || kind == ICAL_ORGANIZER_PROPERTY) value = lower(value);
    std::string line = name;
    for (const auto& q : params) line += ";" + q;
    return line + ":" + value;
}

void component_lines(icalcomponent* ev, const std::string& key, std::vector<std::string>& out) {
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
        const icalproperty_kind kind = icalproperty_isa(p);
        const std::string name = kind == ICAL_X_PROPERTY ? icalproperty_get_x_name(p) : icalproperty_kind_to_string(kind);
        if (ignored(name)) continue;
        out.push_back(key + "|" + property_line(p, ev));
    }
    for (icalcomponent* a = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT); a;
         a = icalcomponent_get_next_component(ev, ICAL_VALARM_COMPONENT))
        for (icalproperty* p = icalcomponent_get_first_property(a, ICAL_ANY_PROPERTY); p;
             p = icalcomponent_get_next_property(a, ICAL_ANY_PROPERTY))
            out.push_back(key + "|VALARM|" + property_line(p, a));
}

}  // namespace

std::vector<std::string> normalize_ics(const std::string& ics) {
    std::vector<std::string> out;
    ical::ComponentPtr cal = ical::parse_ics(ics);
    if (!cal) return {"unparseable"};
    for (icalcomponent* ev = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT)) {
        icalproperty* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
        component_lines(ev, rid ? time_text(rid, ev) : "master", out);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> diff_lines(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> only_a, only_b, out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
    for (auto& l : only_a) out.push_back("- " + l);
    for (auto& l : only_b) out.push_back("+ " + l);
    return out;
}

namespace {

const char* kEnvelopeHead =
    R"(<?xml version="1.0" encoding="utf-8"?>)"
    R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" )"
    R"(xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" )"
    R"(xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">)"
    R"(<s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header><s:Body>)";
const char* kEnvelopeTail = "</s:Body></s:Envelope>";

}  // namespace

std::string create_item_envelope(const std::string& item_xml) {
    return std::string(kEnvelopeHead) +
           R"(<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>)"
           R"(<t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items>)" +
           item_xml + "</m:Items></m:CreateItem>" + kEnvelopeTail;
}

std::string create_attachment_envelope(const std::string& file_attachment_xml) {
    return std::string(kEnvelopeHead) + R"(<m:CreateAttachment><m:ParentItemId Id="AAMkMASTER"/><m:Attachments>)" +
           file_attachment_xml + "</m:Attachments></m:CreateAttachment>" + kEnvelopeTail;
}

std::string update_item_envelope(const std::vector<ews::ItemFieldUpdate>& updates, std::optional<int> instance_index) {
    std::string id = instance_index
                         ? R"(<t:OccurrenceItemId RecurringMasterId="AAMkMASTER" InstanceIndex=")" +
                               std::to_string(*instance_index) + R"("/>)"
                         : std::string(R"(<t:ItemId Id="AAMkMASTER" ChangeKey="DwAAAB"/>)");
    std::string body;
    for (const auto& u : updates) body += u.xml;
    return std::string(kEnvelopeHead) +
           R"(<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone">)"
           R"(<m:ItemChanges><t:ItemChange>)" +
           id + "<t:Updates>" + body + "</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>" + kEnvelopeTail;
}

namespace {

pugi::xml_node find_child(pugi::xml_node parent, std::string_view qname) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (qname == c.name()) return c;
    return {};
}

void append_mailbox(pugi::xml_node parent, const mapi::Person& p) {
    pugi::xml_node mb = parent.append_child("t:Mailbox");
    mb.append_child("t:Name").text().set(p.name.c_str());
    if (!p.email.empty()) {
        mb.append_child("t:EmailAddress").text().set(p.email.c_str());
        mb.append_child("t:RoutingType").text().set("SMTP");
    }
}

void apply_updates(pugi::xml_node item, const std::vector<ews::ItemFieldUpdate>& updates) {
    for (const auto& u : updates) {
        pugi::xml_document d;
        d.load_string(u.xml.c_str());
        pugi::xml_node change = d.document_element();
        if (u.remove) {
            const std::string uri = find_child(change, "t:FieldURI").attribute("FieldURI").value();
            const std::string local = "t:" + uri.substr(uri.find(':') + 1);
            if (pugi::xml_node old = find_child(item, local)) item.remove_child(old);
            continue;
        }
        pugi::xml_node field = find_child(change, "t:CalendarItem").first_child();
        if (pugi::xml_node old = find_child(item, field.name())) item.remove_child(old);
        item.append_copy(field);
    }
}

}  // namespace

void simulate_get_item(const ews::EwsCalendarItem& item, const std::optional<mapi::Person>& owner, GetItemResult& out) {
    pugi::xml_node items = out.doc.append_child("m:Items");
    items.append_attribute("xmlns:m").set_value(ews::kMessagesNs);
    items.append_attribute("xmlns:t").set_value(ews::kTypesNs);
    pugi::xml_document created;
    created.load_string(item.item_xml.c_str());
    pugi::xml_node master = items.append_copy(created.document_element());
    master.remove_attribute("xmlns:t");
    pugi::xml_node id = master.prepend_child("t:ItemId");
    id.append_attribute("Id").set_value("AAMkMASTER");
    id.append_attribute("ChangeKey").set_value("DwAAAB");
    const bool recurring = bool(find_child(master, "t:Recurrence"));
    const bool meeting = find_child(master, "t:RequiredAttendees") || find_child(master, "t:OptionalAttendees") ||
                         find_child(master, "t:Resources");
    master.append_child("t:IsMeeting").text().set(meeting ? "true" : "false");
    master.append_child("t:CalendarItemType").text().set(recurring ? "RecurringMaster" : "Single");
    if (owner) append_mailbox(master.append_child("t:Organizer"), *owner);
    if (!item.deleted_occurrence_starts_utc.empty()) {
        pugi::xml_node del = master.append_child("t:DeletedOccurrences");
        for (std::int64_t t : item.deleted_occurrence_starts_utc)
            del.append_child("t:DeletedOccurrence").append_child("t:Start").text().set(ews::format_date_time(t).c_str());
    }
    if (!item.overrides.empty()) {
        pugi::xml_node mod = master.append_child("t:ModifiedOccurrences");
        int n = 0;
        for (const auto& o : item.overrides) {
            pugi::xml_node ex = items.append_copy(master);
            for (const char* drop : {"t:Recurrence", "t:ModifiedOccurrences", "t:DeletedOccurrences", "t:CalendarItemType"})
                if (pugi::xml_node d = find_child(ex, drop)) ex.remove_child(d);
            find_child(ex, "t:ItemId").attribute("Id").set_value(("AAMkEXC" + std::to_string(++n)).c_str());
            ex.append_child("t:CalendarItemType").text().set("Exception");
            apply_updates(ex, o.updates);
            ex.append_child("t:OriginalStart").text().set(ews::format_date_time(o.original_start_utc).c_str());
            pugi::xml_node occ = mod.append_child("t:Occurrence");
            occ.append_copy(find_child(ex, "t:ItemId"));
            occ.append_copy(find_child(ex, "t:Start"));
            occ.append_copy(find_child(ex, "t:End"));
            occ.append_child("t:OriginalStart").text().set(ews::format_date_time(o.original_start_utc).c_str());
            out.exceptions.push_back(ex);
        }
    }
    out.master = master;
}

}  // namespace calbridge::ews_test
