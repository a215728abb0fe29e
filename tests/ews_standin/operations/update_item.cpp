// UpdateItem (MS-OXWSCORE 3.1.4.9): SetItemField, AppendToItemField, DeleteItemField. The
// ItemId stays, the ChangeKey changes on every update. ConflictResolution with a ChangeKey that
// is not the current one (MS-OXWSCDATA 2.2.5.5, ConflictResolutionType):
//  - NeverOverwrite: ErrorIrresolvableConflict;
//  - AutoResolve: applied when none of the properties it sets changed since that ChangeKey,
//    else ErrorIrresolvableConflict (a change made outside EWS, touch_item, counts as changing
//    every property; an occurrence's exception is checked as NeverOverwrite);
//  - AlwaysOverwrite: applied.
// A ChangeKey that is not one of ours: ErrorInvalidChangeKey.
// Updating an occurrence turns it into an exception of its master.
#include "ews_standin/ids.h"
#include "ews_standin/item_edit.h"
#include "ews_standin/item_view.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

namespace calbridge::ews_standin {

namespace {

// Element name a FieldURI names ("calendar:Start" -> "Start").
std::string field_name(const xmlNode* path) {
    const std::string uri = xml_in::attr_or(path, "FieldURI", "");
    return uri.substr(uri.find(':') + 1);
}

// The key of field_changed for one update's property path.
std::string field_key(const xmlNode* update) {
    for (const xmlNode* c : xml_in::elements(update)) {
        if (xml_in::name(c) == "FieldURI") return field_name(c);
        if (xml_in::name(c) == "ExtendedFieldURI") return "ext:" + extended_key_of(c);
        if (xml_in::name(c) == "IndexedFieldURI") return xml_in::attr_or(c, "FieldURI", "");
    }
    return {};
}

std::optional<Failure> apply(const xmlNode* update, pugi::xml_node root, bool occurrence) {
    const auto kind = xml_in::name(update);
    const xmlNode* path = nullptr;
    const xmlNode* value = nullptr;
    for (const xmlNode* c : xml_in::elements(update)) {
        if (xml_in::name(c) == "FieldURI" || xml_in::name(c) == "ExtendedFieldURI" || xml_in::name(c) == "IndexedFieldURI") path = c;
        else if (xml_in::name(c) == "CalendarItem") value = c;
        else if (kind != "DeleteItemField")
            return Failure{"ErrorObjectTypeChanged", "UpdateItem: only CalendarItem values are stored, not " +
                                                              std::string(xml_in::name(c))};
    }
    if (path == nullptr) return Failure{"ErrorInvalidPropertyRequest", "UpdateItem: no property path"};
    if (occurrence && xml_in::name(path) == "FieldURI" && field_name(path) == "Recurrence")
        return Failure{"ErrorInvalidPropertyForOperation", "An occurrence has no recurrence of its own."};
    if (kind == "DeleteItemField") {
        if (xml_in::name(path) == "ExtendedFieldURI") delete_extended(root, extended_key_of(path));
        else delete_prop(root, field_name(path));
        return std::nullopt;
    }
    if (value == nullptr) return Failure{"ErrorInvalidPropertySet", "UpdateItem: SetItemField without an item value"};
    for (const xmlNode* p : xml_in::elements(value)) {
        if (kind == "AppendToItemField") append_property(root, p);
        else store_property(root, p);
    }
    return std::nullopt;
}

}  // namespace

void update_item(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "UpdateItem");
    const std::string resolution = xml_in::attr_or(ctx.request, "ConflictResolution", "AutoResolve");
    for (const xmlNode* change : xml_in::elements(xml_in::child(ctx.request, "ItemChanges"))) {
        auto elements = xml_in::elements(change);
        auto found = elements.empty() ? ItemLookup{} : resolve_item(ctx, elements.front(), true);
        if (elements.empty()) found.failure = Failure{"ErrorInvalidIdEmpty", "ItemChange without an id"};
        if (found.failure) {
            xml_out::message(messages, "UpdateItem", found.failure->code, found.failure->text);
            continue;
        }
        Item& item = *found.item;
        auto ex = found.index ? item.exceptions.find(found.index) : item.exceptions.end();
        const std::uint64_t current = ex != item.exceptions.end() ? ex->second->change : item.change;
        const auto sent = xml_in::attr(elements.front(), "ChangeKey");
        const auto sent_change = sent ? parse_change_key(*sent) : std::nullopt;
        if (sent && !sent_change) {
            xml_out::message(messages, "UpdateItem", "ErrorInvalidChangeKey", "The change key is invalid.");
            continue;
        }
        if (sent_change && *sent_change != current && resolution != "AlwaysOverwrite") {
            bool conflict = resolution != "AutoResolve" || found.index != 0 || item.all_changed > *sent_change;
            for (const xmlNode* u : xml_in::elements(xml_in::child(change, "Updates"))) {
                auto it = item.field_changed.find(field_key(u));
                if (it != item.field_changed.end() && it->second > *sent_change) conflict = true;
            }
            if (conflict) {
                xml_out::message(messages, "UpdateItem", "ErrorIrresolvableConflict",
                                 "The send or update operation could not be performed because the change key passed in "
                                 "the request does not match the current change key for the item.");
                continue;
            }
        }
        // Work on a copy so a failing update leaves the item as it was.
        pugi::xml_document target;
        if (found.index == 0) target.append_copy(item.props.document_element());
        else if (ex != item.exceptions.end()) target.append_copy(ex->second->props.document_element());
        else target.append_child("t:CalendarItem");
        std::optional<Failure> failure;
        const bool recurrence_changed = [&] {
            for (const xmlNode* u : xml_in::elements(xml_in::child(change, "Updates")))
                if (const xmlNode* p = xml_in::child(u, "FieldURI"); p && field_name(p) == "Recurrence") return true;
            return false;
        }();
        for (const xmlNode* u : xml_in::elements(xml_in::child(change, "Updates"))) {
            failure = apply(u, target.document_element(), found.index != 0);
            if (failure) break;
        }
        if (!failure && found.index == 0) {
            Item probe;
            probe.props.append_copy(target.document_element());
            failure = check_item(probe);
        }
        if (!failure && found.index != 0) {
            auto ex_root = target.document_element();
            const auto start = datetime_prop(ex_root, "Start", found.original);
            const auto duration = datetime_prop(item.props.document_element(), "End") - datetime_prop(item.props.document_element(), "Start");
            if (datetime_prop(ex_root, "End", start + duration) < start)
                failure = Failure{"ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate"};
        }
        if (failure) {
            xml_out::message(messages, "UpdateItem", failure->code, failure->text);
            continue;
        }
        if (found.index == 0) {
            item.props.reset(target);
            // A new pattern drops the exceptions and deletions of the old one (MS-OXOCAL 3.1.4.5.3).
            if (recurrence_changed) {
                item.exceptions.clear();
                item.deleted.clear();
            }
        } else {
            auto& slot = item.exceptions[found.index];
            if (!slot) slot = std::make_unique<ExceptionItem>();
            slot->props.reset(target);
            slot->change = ctx.store.next_change();
        }
        ctx.store.touch(item);
        if (found.index == 0)
            for (const xmlNode* u : xml_in::elements(xml_in::child(change, "Updates"))) item.field_changed[field_key(u)] = item.change;
        auto m = xml_out::message(messages, "UpdateItem");
        auto id = xml_out::add(xml_out::add(xml_out::add(m, "m:Items"), "t:CalendarItem"), "t:ItemId");
        id.append_attribute("Id") = (found.index ? occurrence_id(item.num, found.index) : item_id(item.num)).c_str();
        id.append_attribute("ChangeKey") =
            change_key(found.index ? item.exceptions[found.index]->change : item.change).c_str();
        xml_out::add_text(xml_out::add(m, "m:ConflictResults"), "t:Count", "0");
    }
}

}  // namespace calbridge::ews_standin
