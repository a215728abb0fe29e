#include "ews_standin/item_view.h"

#include "ews_standin/ews_time.h"
#include "ews_standin/goid.h"
#include "ews_standin/ids.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"
#include "gateway/auth/base64.h"

#include <array>

namespace calbridge::ews_standin {

namespace {

using xml_out::add;
using xml_out::add_text;

// types.xsd: ItemType's sequence, then CalendarItemType's (the extension).
constexpr std::array<std::string_view, 127> kOrder = {
    "MimeContent", "ItemId", "ParentFolderId", "ItemClass", "Subject", "Sensitivity", "Body", "Attachments",
    "DateTimeReceived", "Size", "Categories", "Importance", "InReplyTo", "IsSubmitted", "IsDraft", "IsFromMe",
    "IsResend", "IsUnmodified", "InternetMessageHeaders", "DateTimeSent", "DateTimeCreated", "ResponseObjects",
    "ReminderDueBy", "ReminderIsSet", "ReminderNextTime", "ReminderMinutesBeforeStart", "DisplayCc", "DisplayTo",
    "DisplayBcc", "HasAttachments", "ExtendedProperty", "Culture", "EffectiveRights", "LastModifiedName",
    "LastModifiedTime", "IsAssociated", "WebClientReadFormQueryString", "WebClientEditFormQueryString",
    "ConversationId", "UniqueBody", "Flag", "StoreEntryId", "InstanceKey", "NormalizedBody", "EntityExtractionResult",
    "PolicyTag", "ArchiveTag", "RetentionDate", "Preview", "RightsManagementLicenseData", "PredictedActionReasons",
    "IsClutter", "BlockStatus", "HasBlockedImages", "TextBody", "IconIndex", "SearchKey", "SortKey", "Hashtags",
    "Mentions", "MentionedMe", "MentionsPreview", "MentionsEx", "AppliedHashtags", "AppliedHashtagsPreview", "Likes",
    "LikesPreview", "PendingSocialActivityTagIds", "AtAllMention", "CanDelete", "InferenceClassification",
    // CalendarItemType
    "UID", "RecurrenceId", "DateTimeStamp", "Start", "End", "OriginalStart", "IsAllDayEvent", "LegacyFreeBusyStatus",
    "Location", "When", "IsMeeting", "IsCancelled", "IsRecurring", "MeetingRequestWasSent", "IsResponseRequested",
    "CalendarItemType", "MyResponseType", "Organizer", "RequiredAttendees", "OptionalAttendees", "Resources",
    "InboxReminders", "ConflictingMeetingCount", "AdjacentMeetingCount", "ConflictingMeetings", "AdjacentMeetings",
    "Duration", "TimeZone", "AppointmentReplyTime", "AppointmentSequenceNumber", "AppointmentState", "Recurrence",
    "FirstOccurrence", "LastOccurrence", "ModifiedOccurrences", "DeletedOccurrences", "MeetingTimeZone",
    "StartTimeZone", "EndTimeZone", "ConferenceType", "AllowNewTimeProposal", "IsOnlineMeeting", "MeetingWorkspaceUrl",
    "NetShowUrl", "EnhancedLocation", "StartWallClock", "EndWallClock", "StartTimeZoneId", "EndTimeZoneId",
    "IntendedFreeBusyStatus", "JoinOnlineMeetingUrl", "OnlineMeetingSettings", "IsOrganizer", "CalendarActivityData",
    "DoNotForwardMeeting"};

std::string_view local(std::string_view qname) {
    auto colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void ensure(pugi::xml_node out, std::string_view name, std::string_view value) {
    if (!prop(out, name)) add_text(out, "t:" + std::string(name), value);
}

void id_element(pugi::xml_node parent, const char* qname, const std::string& id, const std::string& ck) {
    auto n = add(parent, qname);
    n.append_attribute("Id") = id.c_str();
    n.append_attribute("ChangeKey") = ck.c_str();
}

void mailbox(pugi::xml_node parent, const std::string& email) {
    auto m = add(parent, "t:Mailbox");
    add_text(m, "t:Name", email.substr(0, email.find('@')));
    add_text(m, "t:EmailAddress", email);
    add_text(m, "t:RoutingType", "SMTP");
    add_text(m, "t:MailboxType", "Mailbox");
}

void occurrence_info(pugi::xml_node parent, const char* qname, const Item& item, int index, std::int64_t original) {
    auto info = add(parent, qname);
    auto ex = item.exceptions.find(index);
    id_element(info, "t:ItemId", occurrence_id(item.num, index),
               change_key(ex != item.exceptions.end() ? ex->second->change : item.change));
    auto [start, end] = occurrence_span(item, index, original);
    add_text(info, "t:Start", format_utc(start));
    add_text(info, "t:End", format_utc(end));
    add_text(info, "t:OriginalStart", format_utc(original));
}

// FirstOccurrence, LastOccurrence (bounded ranges only), ModifiedOccurrences, DeletedOccurrences.
void series_properties(const Item& item, pugi::xml_node out) {
    auto pattern = pattern_of(item);
    if (!pattern) return;
    const bool bounded = pattern->range != RecurrencePattern::Range::NoEnd;
    auto all = bounded ? live_occurrences(item, INT64_MAX) : live_occurrences(item, INT64_MAX, 1);
    if (!all.empty()) {
        occurrence_info(out, "t:FirstOccurrence", item, all.front().index, all.front().start);
        if (bounded) occurrence_info(out, "t:LastOccurrence", item, all.back().index, all.back().start);
    }
    if (!item.exceptions.empty()) {
        auto list = add(out, "t:ModifiedOccurrences");
        for (const auto& [index, ex] : item.exceptions)
            if (auto original = original_start(item, index)) occurrence_info(list, "t:Occurrence", item, index, *original);
    }
    if (!item.deleted.empty()) {
        auto list = add(out, "t:DeletedOccurrences");
        for (int index : item.deleted)
            if (auto original = original_start(item, index))
                add_text(add(list, "t:DeletedOccurrence"), "t:Start", format_utc(*original));
    }
}


// A computed MAPI property, added unless the client stored its own under the same key.
void computed_extended(pugi::xml_node out, const char* set, const char* name_attr, const std::string& name_value,
                       const char* type, const std::string& value) {
    pugi::xml_document probe;
    auto uri = probe.append_child("t:ExtendedFieldURI");
    if (set) uri.append_attribute("DistinguishedPropertySetId") = set;
    uri.append_attribute(name_attr) = name_value.c_str();
    uri.append_attribute("PropertyType") = type;
    for (auto c : out.children("t:ExtendedProperty"))
        if (extended_key(c.child("t:ExtendedFieldURI")) == extended_key(uri)) return;
    auto ext = add(out, "t:ExtendedProperty");
    ext.append_copy(uri);
    add_text(ext, "t:Value", value);
}

}  // namespace

std::string extended_key_of(const xmlNode* uri) {
    pugi::xml_document tmp;
    auto n = tmp.append_child("t:ExtendedFieldURI");
    for (const char* a : {"PropertySetId", "DistinguishedPropertySetId", "PropertyTag", "PropertyName", "PropertyId"})
        if (auto v = xml_in::attr(uri, a)) n.append_attribute(a) = v->c_str();
    return extended_key(n);
}

Shape parse_shape(const xmlNode* item_shape) {
    Shape shape;
    if (item_shape == nullptr) return shape;
    const std::string base = xml_in::text(xml_in::child(item_shape, "BaseShape"));
    shape.base = base == "IdOnly" ? Shape::Base::IdOnly : base == "AllProperties" ? Shape::Base::AllProperties : Shape::Base::Default;
    for (const xmlNode* p : xml_in::elements(xml_in::child(item_shape, "AdditionalProperties"))) {
        if (xml_in::name(p) == "ExtendedFieldURI") {
            shape.extended.insert(extended_key_of(p));
        } else if (xml_in::name(p) == "FieldURI") {
            // Only item: and calendar: properties exist on a CalendarItem; Exchange ignores
            // message:, contacts:, task: ... asked of calendar items (exchangelib asks for all).
            const std::string uri = xml_in::attr_or(p, "FieldURI", "");
            if (uri.starts_with("item:") || uri.starts_with("calendar:")) shape.fields.insert(uri.substr(uri.find(':') + 1));
        }
    }
    return shape;
}

void collect_properties(MailboxStore& store, const Item& item, int index, std::int64_t original, pugi::xml_node out) {
    const Folder* folder = store.folder(item.folder);
    const auto exception = index ? item.exceptions.find(index) : item.exceptions.end();
    const bool is_exception = exception != item.exceptions.end();
    const auto root = item.props.document_element();
    const bool is_series = static_cast<bool>(prop(root, "Recurrence"));

    if (index == 0) id_element(out, "t:ItemId", item_id(item.num), change_key(item.change));
    else id_element(out, "t:ItemId", occurrence_id(item.num, index), change_key(is_exception ? exception->second->change : item.change));
    if (folder) id_element(out, "t:ParentFolderId", folder_id(folder->num), change_key(folder->change));

    if (is_exception)
        for (auto c : exception->second->props.document_element().children()) out.append_copy(c);
    for (auto c : root.children()) {
        const auto name = local(c.name());
        if (index && (name == "Recurrence" || name == "Start" || name == "End")) continue;
        if (is_exception && prop(out, name) && name != "ExtendedProperty") continue;  // overridden
        out.append_copy(c);
    }
    if (index) {
        auto [start, end] = occurrence_span(item, index, original);
        if (!prop(out, "Start")) add_text(out, "t:Start", format_utc(start));
        if (!prop(out, "End")) add_text(out, "t:End", format_utc(end));
        add_text(out, "t:OriginalStart", format_utc(original));
        add_text(out, "t:RecurrenceId", format_utc(original));
    }

    if (!item.attachments.empty()) {
        auto list = add(out, "t:Attachments");
        for (const Attachment& a : item.attachments) {
            auto f = add(list, "t:FileAttachment");
            auto id = add(f, "t:AttachmentId");
            id.append_attribute("Id") = attachment_id(item.num, a.num).c_str();
            add_text(f, "t:Name", a.name);
            if (!a.content_type.empty()) add_text(f, "t:ContentType", a.content_type);
            if (!a.content_id.empty()) add_text(f, "t:ContentId", a.content_id);
            add_text(f, "t:Size", std::to_string(a.size));
            add_text(f, "t:LastModifiedTime", format_utc(a.modified_at));
            add_text(f, "t:IsInline", a.is_inline ? "true" : "false");
            add_text(f, "t:IsContactPhoto", "false");
        }
        ensure(out, "HasAttachments", "true");
    }
    const std::string created = format_utc(item.created_at);
    ensure(out, "ItemClass", "IPM.Appointment");
    ensure(out, "Sensitivity", "Normal");
    ensure(out, "DateTimeReceived", created);
    ensure(out, "Size", "1024");
    ensure(out, "Importance", "Normal");
    ensure(out, "IsSubmitted", "false");
    ensure(out, "IsDraft", "false");
    ensure(out, "IsFromMe", "false");
    ensure(out, "IsResend", "false");
    ensure(out, "IsUnmodified", "false");
    ensure(out, "DateTimeSent", created);
    ensure(out, "DateTimeCreated", created);
    ensure(out, "ReminderIsSet", "true");
    ensure(out, "ReminderMinutesBeforeStart", "15");
    ensure(out, "HasAttachments", "false");
    ensure(out, "LastModifiedTime", format_utc(item.modified_at));
    ensure(out, "IsAssociated", "false");
    ensure(out, "IsAllDayEvent", "false");
    ensure(out, "LegacyFreeBusyStatus", "Busy");
    const bool meeting = prop(out, "RequiredAttendees") || prop(out, "OptionalAttendees") || prop(out, "Resources");
    ensure(out, "IsMeeting", meeting ? "true" : "false");
    ensure(out, "IsCancelled", "false");
    ensure(out, "IsRecurring", index ? "true" : "false");  // Exchange: false on the master itself
    ensure(out, "MeetingRequestWasSent", "false");
    ensure(out, "IsResponseRequested", "true");
    ensure(out, "CalendarItemType", index ? (is_exception ? "Exception" : "Occurrence") : (is_series ? "RecurringMaster" : "Single"));
    ensure(out, "MyResponseType", "Organizer");
    if (!prop(out, "Organizer") && folder) mailbox(add(out, "t:Organizer"), folder->owner);
    ensure(out, "AppointmentSequenceNumber", "0");
    ensure(out, "AppointmentState", meeting ? "1" : "0");
    if (index == 0 && is_series) series_properties(item, out);
    if (auto tz = prop(out, "StartTimeZone"); tz && !prop(out, "EndTimeZone")) {
        auto e = out.append_copy(tz);
        e.set_name("t:EndTimeZone");
    }
    ensure(out, "IsOnlineMeeting", "false");

    // PidLidGlobalObjectId and PidLidCleanGlobalObjectId (MS-OXOCAL 2.2.1.27/2.2.1.28),
    // consistent with the UID (MS-OXCICAL 2.1.3.1.1.20.26), unless the client stored its own.
    // An occurrence's PidLidGlobalObjectId carries its instance date (YH YL M D of the
    // original start, PidLidExceptionReplaceTime, in UTC); the clean id never does.
    if (auto uid = prop(out, "UID")) {
        const auto clean = global_object_id_for_uid(uid.text().get());
        for (int lid : {kGlobalObjectIdLid, kCleanGlobalObjectIdLid}) {
            auto bytes = clean;
            if (index && lid == kGlobalObjectIdLid && bytes.size() > 19) {
                const Civil day = civil_from_unix(original);
                bytes[16] = static_cast<std::uint8_t>(day.year >> 8);
                bytes[17] = static_cast<std::uint8_t>(day.year & 0xFF);
                bytes[18] = static_cast<std::uint8_t>(day.month);
                bytes[19] = static_cast<std::uint8_t>(day.day);
            }
            const std::string value = auth::base64_encode(std::string(bytes.begin(), bytes.end()));
            pugi::xml_document probe;
            auto uri = probe.append_child("t:ExtendedFieldURI");
            uri.append_attribute("PropertySetId") = kPsetidMeeting;
            uri.append_attribute("PropertyId") = lid;
            uri.append_attribute("PropertyType") = "Binary";
            bool stored = false;
            for (auto c : out.children("t:ExtendedProperty")) stored |= extended_key(c.child("t:ExtendedFieldURI")) == extended_key(uri);
            if (stored) continue;
            auto ext = add(out, "t:ExtendedProperty");
            ext.append_copy(uri);
            add_text(ext, "t:Value", value);
        }
    }

    // MAPI properties Exchange derives for every calendar item, which clients such as DavMail
    // ask by tag or name and restrict on (its calendar listing keeps singles and masters with
    // PidLidRecurring and the instance type). MS-OXOCAL 2.2.1.12 PidLidRecurring (Appointment set,
    // 0x8223); urn:schemas:calendar:instancetype (PublicStrings: 0 single, 1 master, 2 occurrence,
    // 3 exception); MS-OXPROPS PidTagSubject 0x0037, PidTagInternetArticleNumber 0x0E23 (a number
    // unique in the mailbox: the item's), PidTagLastModificationTime 0x3008.
    const int instance_type = index == 0 ? (is_series ? 1 : 0) : (is_exception ? 3 : 2);
    computed_extended(out, "Appointment", "PropertyId", "33315", "Boolean", is_series ? "true" : "false");
    computed_extended(out, "PublicStrings", "PropertyName", "urn:schemas:calendar:instancetype", "Integer",
                      std::to_string(instance_type));
    if (auto subject = prop(out, "Subject")) computed_extended(out, nullptr, "PropertyTag", "0x37", "String", subject.text().get());
    computed_extended(out, nullptr, "PropertyTag", "0xe23", "Integer", std::to_string(item.num));
    computed_extended(out, nullptr, "PropertyTag", "0x3008", "SystemTime", format_utc(item.modified_at));
}

void render(pugi::xml_node parent, pugi::xml_node all, const Shape& shape) {
    auto out = add(parent, "t:CalendarItem");
    for (std::string_view name : kOrder) {
        for (auto c : all.children()) {
            if (local(c.name()) != name) continue;
            bool wanted;
            if (name == "ItemId") wanted = true;
            else if (name == "ExtendedProperty") wanted = shape.extended.count(extended_key(c.child("t:ExtendedFieldURI"))) > 0;
            else if (name == "MimeContent" || name == "MeetingTimeZone") wanted = false;
            else wanted = shape.base != Shape::Base::IdOnly || shape.fields.count(std::string(name)) > 0;
            if (wanted) out.append_copy(c);
        }
    }
}

}  // namespace calbridge::ews_standin
