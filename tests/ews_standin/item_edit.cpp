#include "ews_standin/item_edit.h"

#include "converters/mapi/appointment/global_object_id.h"
#include "ews_standin/goid.h"
#include "ews_standin/item_view.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"
#include "gateway/auth/base64.h"

#include <cctype>

namespace calbridge::ews_standin {

void store_property(pugi::xml_node root, const xmlNode* value) {
    pugi::xml_document tmp;
    auto copy = xml_out::copy_in(tmp, value);
    set_prop(root, copy);
}

void append_property(pugi::xml_node root, const xmlNode* value) {
    pugi::xml_document tmp;
    auto copy = xml_out::copy_in(tmp, value);
    std::string name = copy.name();
    name = name.substr(name.find(':') + 1);
    auto existing = prop(root, name);
    if (!existing) {
        set_prop(root, copy);
        return;
    }
    if (copy.first_child().type() == pugi::node_element) {
        for (auto c : copy.children()) existing.append_copy(c);
    } else {
        existing.text().set((std::string(existing.text().get()) + copy.text().get()).c_str());
    }
}

std::optional<Failure> add_attachment(Item& item, const xmlNode* source) {
    if (!xml_in::is(source, xml_in::kTypes, "FileAttachment"))
        return Failure{"ErrorInvalidItemForOperationCreateItemAttachment", "The stand-in stores file attachments only."};
    Attachment a;
    a.num = item.next_attachment++;
    a.name = xml_in::text(xml_in::child(source, "Name"));
    a.content_type = xml_in::text(xml_in::child(source, "ContentType"));
    a.content_id = xml_in::text(xml_in::child(source, "ContentId"));
    a.is_inline = xml_in::text(xml_in::child(source, "IsInline")) == "true";
    std::string content;
    for (char c : xml_in::text(xml_in::child(source, "Content")))
        if (!std::isspace(static_cast<unsigned char>(c))) content.push_back(c);
    auto decoded = auth::base64_decode(content);
    if (!decoded) return Failure{"ErrorInvalidRequest", "Attachment content is not valid base64."};
    a.size = decoded->size();
    a.content_base64 = std::move(content);
    a.modified_at = item.modified_at;
    item.attachments.push_back(std::move(a));
    return std::nullopt;
}

std::optional<Failure> check_item(const Item& item) {
    auto root = item.props.document_element();
    if (datetime_prop(root, "End") < datetime_prop(root, "Start"))
        return Failure{"ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate"};
    std::string error;
    if (prop(root, "Recurrence") && !pattern_of(item, &error))
        return Failure{"ErrorCalendarInvalidRecurrence", error};
    return std::nullopt;
}

void complete_new_item(Item& item, const std::string& time_zone) {
    auto root = item.props.document_element();
    if (!prop(root, "UID")) {
        // A client that set only PidLidGlobalObjectId gets the UID derived from it.
        std::string uid;
        for (auto c : root.children("t:ExtendedProperty")) {
            auto uri = c.child("t:ExtendedFieldURI");
            pugi::xml_document key_doc;
            auto goid = key_doc.append_child("t:ExtendedFieldURI");
            goid.append_attribute("PropertySetId") = kPsetidMeeting;
            goid.append_attribute("PropertyId") = kGlobalObjectIdLid;
            if (extended_key(uri) != extended_key(goid)) continue;
            if (auto bytes = auth::base64_decode(c.child("t:Value").text().get())) {
                try {
                    uid = mapi::uid_from_global_object_id(
                        std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()));
                } catch (const std::exception&) {
                }
            }
        }
        xml_out::add_text(root, "t:UID", uid.empty() ? new_outlook_uid() : uid);
    }
    // Exchange stamps the zone of the request (TimeZoneContext) on items created without one.
    if (!prop(root, "StartTimeZone")) xml_out::add(root, "t:StartTimeZone").append_attribute("Id") = time_zone.c_str();
    if (!prop(root, "EndTimeZone")) {
        auto end = root.append_copy(prop(root, "StartTimeZone"));
        end.set_name("t:EndTimeZone");
    }
}

}  // namespace calbridge::ews_standin
