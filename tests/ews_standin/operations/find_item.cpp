// FindItem (MS-OXWSSRCH 3.1.4.2). With m:CalendarView: the occurrences, exceptions and single
// items overlapping [StartDate, EndDate), sorted by start, at most MaxEntriesReturned (then
// IncludesLastItemInRange="false"), as Exchange expands them (exchangelib's view()). Without:
// the items themselves (singles and series masters) that match m:Restriction, paged by
// m:IndexedPageItemView (Offset, MaxEntriesReturned, IndexedPagingOffset in the answer).
#include "ews_standin/ews_time.h"
#include "ews_standin/item_view.h"
#include "ews_standin/lookup.h"
#include "ews_standin/restriction.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

#include <algorithm>

namespace calbridge::ews_standin {

namespace {

struct Entry {
    std::int64_t start = 0;
    std::unique_ptr<pugi::xml_document> props;
};

Entry entry(MailboxStore& store, const Item& item, int index, std::int64_t original, std::int64_t start) {
    Entry e{start, std::make_unique<pugi::xml_document>()};
    collect_properties(store, item, index, original, e.props->append_child("t:CalendarItem"));
    return e;
}

void calendar_view(OperationContext& ctx, const xmlNode* view, const Folder& folder, std::vector<Entry>& out) {
    const auto from = parse_datetime(xml_in::attr_or(view, "StartDate", "")).value_or(0);
    const auto to = parse_datetime(xml_in::attr_or(view, "EndDate", "")).value_or(0);
    for (Item* item : ctx.store.items_in(folder.num)) {
        auto root = item->props.document_element();
        if (!prop(root, "Recurrence")) {
            const auto start = datetime_prop(root, "Start"), end = datetime_prop(root, "End");
            if (start < to && (end > from || (end == start && start >= from))) out.push_back(entry(ctx.store, *item, 0, 0, start));
            continue;
        }
        // An exception may have moved up to a year away from its original slot.
        for (const auto& occ : live_occurrences(*item, to + 366 * 86400)) {
            auto [start, end] = occurrence_span(*item, occ.index, occ.start);
            if (start < to && (end > from || (end == start && start >= from)))
                out.push_back(entry(ctx.store, *item, occ.index, occ.start, start));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.start < b.start; });
}

}  // namespace

void find_item(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "FindItem");
    const Shape shape = parse_shape(xml_in::child(ctx.request, "ItemShape"));
    const xmlNode* view = xml_in::child(ctx.request, "CalendarView");
    const xmlNode* paging = xml_in::child(ctx.request, "IndexedPageItemView");
    const xmlNode* restriction = xml_in::child(ctx.request, "Restriction");
    const xmlNode* expression = restriction ? xml_in::elements(restriction).front() : nullptr;
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "ParentFolderIds"))) {
        auto found = resolve_folder(ctx, id, false);
        if (!found.failure && !ctx.store.can_read(*found.folder, ctx.user))
            found.failure = Failure{"ErrorAccessDenied", "Access is denied. Check credentials and try again."};
        if (found.failure) {
            xml_out::message(messages, "FindItem", found.failure->code, found.failure->text);
            continue;
        }
        if (auto bad = unsupported_path(expression); !bad.empty()) {
            xml_out::message(messages, "FindItem", "ErrorUnsupportedPathForQuery",
                             "The property " + bad + " cannot be used in a restriction.");
            continue;
        }
        std::vector<Entry> entries;
        if (view) {
            calendar_view(ctx, view, *found.folder, entries);
        } else {
            for (Item* item : ctx.store.items_in(found.folder->num)) {
                Entry e = entry(ctx.store, *item, 0, 0, datetime_prop(item->props.document_element(), "Start"));
                if (restriction_matches(expression, e.props->document_element())) entries.push_back(std::move(e));
            }
        }
        const std::size_t total = entries.size();
        std::size_t offset = 0, count = total;
        const xmlNode* limits = view ? view : paging;
        if (paging) offset = std::min<std::size_t>(total, std::stoul(xml_in::attr_or(paging, "Offset", "0")));
        if (auto max = xml_in::attr(limits, "MaxEntriesReturned")) count = std::min<std::size_t>(total - offset, std::stoul(*max));
        else count = total - offset;
        auto m = xml_out::message(messages, "FindItem");
        auto root = xml_out::add(m, "m:RootFolder");
        if (paging) root.append_attribute("IndexedPagingOffset") = static_cast<unsigned>(offset + count);
        root.append_attribute("TotalItemsInView") = static_cast<unsigned>(total);
        root.append_attribute("IncludesLastItemInRange") = offset + count >= total ? "true" : "false";
        auto items = xml_out::add(root, "t:Items");
        for (std::size_t i = offset; i < offset + count; ++i) render(items, entries[i].props->document_element(), shape);
    }
}

}  // namespace calbridge::ews_standin
