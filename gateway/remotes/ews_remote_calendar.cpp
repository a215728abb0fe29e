#include "gateway/remotes/ews_remote_calendar.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"
#include "converters/ical/ics_file_writer.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/mapi/appointment/global_object_id.h"
#include "ews/errors.h"
#include "ews/operations/attachments.h"
#include "ews/operations/folders.h"
#include "ews/operations/items.h"
#include "ews/operations/sync_folder_items.h"
#include "gateway/auth/base64.h"
#include "gateway/import/calendar_object_text.h"
#include "gateway/remotes/ews_error_mapping.h"

namespace calbridge::remotes {

using sync::RemoteError;
using sync::RemoteErrorKind;

EwsRemoteCalendar::EwsRemoteCalendar(ews::EwsClient& client, EwsCalendarOptions options)
    : client_(client), options_(std::move(options)) {}

const ews::FolderRef& EwsRemoteCalendar::folder() {
    if (!resolved_) {
        try {
            const ews::FolderInfo info = ews::get_folder(client_, options_.folder);
            resolved_ = ews::FolderRef::by_id(info.id.id);
        } catch (const ews::EwsError& e) {
            throw to_remote_error(e);
        }
    }
    return *resolved_;
}

sync::RemoteCapabilities EwsRemoteCalendar::capabilities() {
    try {
        const ews::FolderInfo info = ews::get_folder(client_, options_.folder);
        resolved_ = ews::FolderRef::by_id(info.id.id);
        sync::RemoteCapabilities caps;
        caps.display_name = info.display_name;
        // types.xsd EffectiveRightsType: a calendar shared "can view" grants Read only.
        caps.can_write = info.can_create && info.can_modify && info.can_delete;
        return caps;
    } catch (const ews::EwsError& e) {
        throw to_remote_error(e);
    }
}

// --- reading ------------------------------------------------------------------------------

namespace {

// The AttachmentIds of an item's file attachments (GetItem lists them without their content).
std::vector<std::string> file_attachment_ids(pugi::xml_node item) {
    std::vector<std::string> ids;
    for (pugi::xml_node file : ews::children(ews::child(item, "Attachments"), "FileAttachment")) {
        const std::string id = ews::child(file, "AttachmentId").attribute("Id").value();
        if (!id.empty()) ids.push_back(id);
    }
    return ids;
}

mapi::FileAttachment to_mapi(const ews::FileAttachment& file) {
    mapi::FileAttachment out;
    out.file_name = file.name;
    out.mime_type = file.content_type;
    if (std::optional<mapi::Bytes> data = ews::parse_base64(file.content_base64)) out.data = std::move(*data);
    return out;
}

// The ItemIds listed under a master's ModifiedOccurrences (types.xsd NonEmptyArrayOfOccurrenceInfoType).
std::vector<ews::ItemId> modified_occurrence_ids(pugi::xml_node item) {
    std::vector<ews::ItemId> ids;
    for (pugi::xml_node occurrence : ews::children(ews::child(item, "ModifiedOccurrences"), "Occurrence")) {
        pugi::xml_node id = ews::child(occurrence, "ItemId");
        if (id) ids.push_back(ews::parse_item_id(id));
    }
    return ids;
}

// What GetItem asks for: the client's calendar fields, with the extended properties the reader
// names (PidLidGlobalObjectId, PidLidIntendedBusyStatus) instead of the client's own copy of the
// first.
ews::GetItemsOptions read_shape(std::size_t batch) {
    ews::GetItemsOptions get;
    get.batch_size = batch;
    const std::string own_goid = ews::pid_lid_global_object_id().field_uri_xml();
    std::erase(get.additional_properties, own_goid);
    get.additional_properties.emplace_back(ews::calendar_item_additional_properties());
    return get;
}

std::string ical_text(const mapi::Appointment& appointment, mapi::Diagnostics& diag, std::string& uid) {
    mapi::CalendarObject object = mapi::appointment_to_ical(appointment, diag);
    uid = object.uid;
    return import::calendar_object_text(ical::serialise_events(object.events), object.zones);
}

}  // namespace

std::vector<std::optional<sync::RemoteItem>> EwsRemoteCalendar::fetch(const std::vector<ews::ItemId>& ids) {
    std::vector<std::optional<sync::RemoteItem>> out(ids.size());
    if (ids.empty()) return out;
    std::vector<ews::ItemRef> refs(ids.begin(), ids.end());
    const ews::GetItemsOptions get = read_shape(options_.read_batch);
    const ews::BatchResult items = ews::get_items(client_, refs, get);
    if (items.stopped) throw to_remote_error(*items.stopped);

    // The modified occurrences of every master of the batch, in one more GetItem.
    std::vector<ews::ItemRef> occurrence_refs;
    std::vector<std::pair<std::size_t, std::size_t>> occurrence_span(ids.size());  // [begin, end) per item
    for (std::size_t i = 0; i < items.items.size(); ++i) {
        const ews::ItemResult& r = items.items[i];
        occurrence_span[i].first = occurrence_refs.size();
        if (r.ok() && r.item)
            for (ews::ItemId& id : modified_occurrence_ids(r.item)) occurrence_refs.emplace_back(std::move(id));
        occurrence_span[i].second = occurrence_refs.size();
    }
    ews::BatchResult occurrences;
    if (!occurrence_refs.empty()) {
        occurrences = ews::get_items(client_, occurrence_refs, get);
        if (occurrences.stopped) throw to_remote_error(*occurrences.stopped);
    }

    // The file attachments of the batch, in one GetAttachment.
    std::vector<std::string> attachment_ids;
    std::vector<std::pair<std::size_t, std::size_t>> attachment_span(ids.size());
    for (std::size_t i = 0; i < items.items.size(); ++i) {
        const ews::ItemResult& r = items.items[i];
        attachment_span[i].first = attachment_ids.size();
        if (r.ok() && r.item)
            for (std::string& id : file_attachment_ids(r.item)) attachment_ids.push_back(std::move(id));
        attachment_span[i].second = attachment_ids.size();
    }
    std::vector<ews::FileAttachment> attachments;
    if (!attachment_ids.empty()) {
        try {
            attachments = ews::get_attachments(client_, attachment_ids);
        } catch (const ews::EwsError& e) {
            throw to_remote_error(e);
        }
    }

    for (std::size_t i = 0; i < items.items.size(); ++i) {
        const ews::ItemResult& r = items.items[i];
        if (!r.ok() || !r.item) {
            // Deleted between SyncFolderItems and GetItem: the next page or cycle reports the delete.
            spdlog::warn("EWS {}: item {} not read: {}", options_.folder.describe(), ids[i].id,
                         r.error ? r.error->what() : "no item in the response");
            continue;
        }
        if (ews::local_name_of(r.item) != "CalendarItem") continue;  // a message or task in a calendar folder
        std::vector<pugi::xml_node> exception_items;
        for (std::size_t k = occurrence_span[i].first; k < occurrence_span[i].second; ++k) {
            const ews::ItemResult& o = occurrences.items[k];
            if (o.ok() && o.item) exception_items.push_back(o.item);
        }
        mapi::Diagnostics diag("EWS item " + r.id.id);
        try {
            mapi::Appointment appointment = ews::appointment_from_calendar_item(r.item, exception_items, diag);
            for (std::size_t k = attachment_span[i].first; k < attachment_span[i].second && k < attachments.size(); ++k)
                appointment.attachments.push_back(to_mapi(attachments[k]));
            sync::RemoteItem item;
            item.ref = {r.id.id, r.id.change_key};
            item.ical = ical_text(appointment, diag, item.uid);
            out[i] = std::move(item);
        } catch (const std::exception& e) {
            spdlog::error("EWS {}: item {} cannot be converted, skipped: {}", options_.folder.describe(), r.id.id, e.what());
        }
        for (const mapi::Diagnostic& d : diag.items()) spdlog::debug("{}: {}", d.origin, d.message);
    }
    return out;
}

sync::RemoteChanges EwsRemoteCalendar::changes(std::string_view state, const sync::KnownVersions& known) {
    ews::SyncResult page;
    try {
        page = ews::sync_folder_items(client_, folder(), state, options_.sync_page_size);
    } catch (const ews::EwsError& e) {
        throw to_remote_error(e);
    }
    sync::RemoteChanges out;
    out.state = page.sync_state;
    out.more = !page.includes_last;
    std::vector<ews::ItemId> wanted;
    std::set<std::string> seen;
    // One entry per item (the newest), as Exchange reports them; a repeated id keeps the last.
    for (auto it = page.changes.rbegin(); it != page.changes.rend(); ++it) {
        const ews::SyncChange& change = *it;
        if (!seen.insert(change.id.id).second) continue;
        switch (change.kind) {
            case ews::SyncChange::Kind::remove:
                out.removed_ids.push_back(change.id.id);
                break;
            case ews::SyncChange::Kind::create:
            case ews::SyncChange::Kind::update:
                if (!change.item_type.empty() && change.item_type != "CalendarItem") break;
                if (known) {
                    const std::optional<std::string> version = known(change.id.id);
                    if (version && *version == change.id.change_key && !change.id.change_key.empty()) {
                        out.unchanged.push_back({change.id.id, change.id.change_key});
                        break;
                    }
                }
                wanted.push_back(change.id);
                break;
            case ews::SyncChange::Kind::read_flag:
                break;
        }
    }
    std::vector<std::optional<sync::RemoteItem>> fetched = fetch(wanted);
    for (std::size_t i = 0; i < fetched.size(); ++i) {
        if (fetched[i]) {
            out.upserts.push_back(std::move(*fetched[i]));
        } else {
            // Unreadable or unconvertible (logged by fetch): reported as seen, so that a listing
            // from "" never takes it for an item deleted remotely and removes the local copy.
            out.unchanged.push_back({wanted[i].id, wanted[i].change_key});
        }
    }
    return out;
}

// --- writing ------------------------------------------------------------------------------

namespace {

std::string joined_updates(const std::vector<ews::ItemFieldUpdate>& updates) {
    std::string xml;
    for (const ews::ItemFieldUpdate& u : updates) xml += u.xml;
    return xml;
}

sync::WriteOutcome failed(RemoteErrorKind kind, std::string message) {
    sync::WriteOutcome o;
    o.error = kind;
    o.message = std::move(message);
    return o;
}

// An item's EWS error; a throttled one keeps its BackOffMilliseconds, so the engine's report can
// tell the scheduler how long to wait (ErrorServerBusy, MS-OXWSCDATA 2.2.5.24).
sync::WriteOutcome failed(const ews::EwsError& error) {
    sync::WriteOutcome o = failed(item_error_kind(error), error.what());
    if (const auto back_off = error.back_off()) o.retry_after_ms = back_off->count();
    return o;
}

sync::WriteOutcome from_item_result(const ews::ItemResult& r) {
    if (r.ok()) {
        sync::WriteOutcome o;
        o.ref = sync::RemoteRef{r.id.id, r.id.change_key};
        return o;
    }
    return failed(*r.error);
}

}  // namespace

std::vector<std::string> EwsRemoteCalendar::write_occurrences(
    const std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>>& masters, bool attach) {
    std::vector<std::string> problems(masters.size());
    std::vector<ews::ItemChange> changes;
    std::vector<std::size_t> change_owner;
    std::vector<ews::ItemRef> deletions;
    std::vector<std::size_t> deletion_owner;
    for (std::size_t m = 0; m < masters.size(); ++m) {
        const auto& [id, item] = masters[m];
        for (const ews::OccurrenceOverride& o : item->overrides) {
            if (o.instance_index <= 0 || o.updates.empty()) continue;
            changes.push_back({ews::OccurrenceId{id.id, {}, o.instance_index}, joined_updates(o.updates)});
            change_owner.push_back(m);
        }
        for (int index : item->deleted_instance_indexes) {
            if (index <= 0) continue;
            deletions.emplace_back(ews::OccurrenceId{id.id, {}, index});
            deletion_owner.push_back(m);
        }
    }
    // File attachments (CreateAttachment per file: EWS cannot put them in CreateItem for a
    // calendar item). Only after a create: an update leaves the item's attachments as they are.
    for (std::size_t m = 0; m < masters.size(); ++m) {
        if (!attach) break;
        for (const ews::EwsFileAttachment& file : masters[m].second->attachments) {
            if (!problems[m].empty()) break;
            ews::FileAttachment a;
            a.name = file.name;
            a.content_type = file.content_type;
            a.content_base64 = file.content_base64;
            try {
                ews::create_attachment(client_, masters[m].first, a);
            } catch (const ews::EwsError& e) {
                problems[m] = std::string("attachment ") + file.name + ": " + e.what();
            }
        }
    }
    auto note = [&](std::size_t m, const ews::ItemResult& r, bool tolerate_deleted) {
        if (r.ok() || !problems[m].empty()) return;
        // A deletion repeated after a crash or an update finds the occurrence gone already.
        if (tolerate_deleted && (r.response_code == "ErrorCalendarOccurrenceIsDeletedFromRecurrence" ||
                                 r.response_code == "ErrorItemNotFound"))
            return;
        problems[m] = r.error->what();
    };
    if (!changes.empty()) {
        ews::UpdateItemsOptions update;
        update.batch_size = options_.write_batch;
        update.conflict_resolution = "AlwaysOverwrite";  // the master's write just decided the version
        const ews::BatchResult r = ews::update_items(client_, changes, update);
        for (std::size_t k = 0; k < r.items.size(); ++k) note(change_owner[k], r.items[k], false);
    }
    if (!deletions.empty()) {
        ews::DeleteItemsOptions del;
        del.batch_size = options_.write_batch;
        const ews::BatchResult r = ews::delete_items(client_, deletions, del);
        for (std::size_t k = 0; k < r.items.size(); ++k) note(deletion_owner[k], r.items[k], true);
    }
    return problems;
}

void EwsRemoteCalendar::complete_writes(const std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>>& masters,
                                        const std::vector<std::size_t>& positions, bool attach,
                                        std::vector<sync::WriteOutcome>& out) {
    if (masters.empty()) return;
    const std::vector<std::string> problems = write_occurrences(masters, attach);
    std::vector<ews::ItemId> ids;
    for (const auto& m : masters) ids.push_back(m.first);
    const auto now = current_ids(ids);
    for (std::size_t m = 0; m < masters.size(); ++m) {
        sync::WriteOutcome& o = out[positions[m]];
        if (now[m]) o.ref->version = now[m]->change_key;
        // The series exists; its attachments or exceptions are incomplete. A transient failure
        // makes the engine look it up by UID next time and write it again as an update.
        if (!problems[m].empty()) o = failed(sync::RemoteErrorKind::transient, "occurrences not written: " + problems[m]);
    }
}

std::vector<std::optional<ews::ItemId>> EwsRemoteCalendar::current_ids(const std::vector<ews::ItemId>& ids) {
    std::vector<std::optional<ews::ItemId>> out(ids.size());
    if (ids.empty()) return out;
    std::vector<ews::ItemRef> refs;
    for (const ews::ItemId& id : ids) refs.emplace_back(ews::ItemId{id.id, {}});
    ews::GetItemsOptions get;
    get.batch_size = options_.read_batch;
    get.base_shape = "IdOnly";
    get.additional_properties.clear();
    const ews::BatchResult r = ews::get_items(client_, refs, get);
    for (std::size_t i = 0; i < r.items.size(); ++i)
        if (r.items[i].ok() && !r.items[i].id.id.empty()) out[i] = r.items[i].id;
    return out;
}

std::vector<sync::WriteOutcome> EwsRemoteCalendar::create(std::span<const std::string> icals) {
    std::vector<sync::WriteOutcome> out(icals.size());
    std::vector<ews::EwsCalendarItem> items(icals.size());
    std::vector<std::size_t> sent;  // indexes into icals of the items sent
    std::vector<std::string> xml;
    for (std::size_t i = 0; i < icals.size(); ++i) {
        mapi::Diagnostics diag("calendar object " + std::to_string(i + 1) + " of " + std::to_string(icals.size()));
        try {
            items[i] = ews::calendar_item_from_ical(icals[i], diag, options_.write);
        } catch (const std::exception& e) {
            out[i] = failed(RemoteErrorKind::rejected, std::string("not expressible in EWS: ") + e.what());
            continue;
        }
        for (const mapi::Diagnostic& d : diag.items()) spdlog::warn("EWS create, UID {}: {}", items[i].uid, d.message);
        sent.push_back(i);
        xml.push_back(items[i].item_xml);
    }
    if (sent.empty()) return out;
    ews::CreateItemsOptions create;
    create.batch_size = options_.write_batch;
    const ews::BatchResult r = ews::create_items(client_, folder(), xml, create);

    std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>> masters;
    std::vector<std::size_t> master_index;
    for (std::size_t k = 0; k < sent.size(); ++k) {
        const std::size_t i = sent[k];
        out[i] = from_item_result(r.items[k]);
        if (!out[i].ok()) continue;
        const ews::EwsCalendarItem& item = items[i];
        if (!item.overrides.empty() || !item.deleted_instance_indexes.empty() || !item.attachments.empty()) {
            masters.emplace_back(r.items[k].id, &item);
            master_index.push_back(i);
        }
    }
    complete_writes(masters, master_index, true, out);
    return out;
}

std::vector<sync::WriteOutcome> EwsRemoteCalendar::update(std::span<const sync::RemoteUpdate> updates) {
    std::vector<sync::WriteOutcome> out(updates.size());
    std::vector<ews::EwsCalendarItem> items(updates.size());
    std::vector<ews::ItemChange> changes;
    std::vector<std::size_t> sent;
    for (std::size_t i = 0; i < updates.size(); ++i) {
        mapi::Diagnostics diag("EWS item " + updates[i].base.id);
        try {
            items[i] = ews::calendar_item_from_ical(updates[i].ical, diag, options_.write);
        } catch (const std::exception& e) {
            out[i] = failed(RemoteErrorKind::rejected, std::string("not expressible in EWS: ") + e.what());
            continue;
        }
        for (const mapi::Diagnostic& d : diag.items()) spdlog::warn("EWS update, UID {}: {}", items[i].uid, d.message);
        // ItemId with the ChangeKey of the base: a colleague's edit since then fails the update
        // with ErrorIrresolvableConflict (ConflictResolution NeverOverwrite) instead of being lost.
        changes.push_back({ews::ItemId{updates[i].base.id, updates[i].base.version}, joined_updates(items[i].updates)});
        sent.push_back(i);
    }
    if (sent.empty()) return out;
    ews::UpdateItemsOptions update;
    update.batch_size = options_.write_batch;
    const ews::BatchResult r = ews::update_items(client_, changes, update);
    std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>> masters;
    std::vector<std::size_t> master_index;
    for (std::size_t k = 0; k < sent.size(); ++k) {
        const std::size_t i = sent[k];
        out[i] = from_item_result(r.items[k]);
        if (!out[i].ok()) continue;
        if (out[i].ref->id.empty()) out[i].ref->id = updates[i].base.id;
        if (!items[i].overrides.empty() || !items[i].deleted_instance_indexes.empty()) {
            masters.emplace_back(ews::ItemId{out[i].ref->id, out[i].ref->version}, &items[i]);
            master_index.push_back(i);
        }
    }
    complete_writes(masters, master_index, false, out);
    return out;
}

std::vector<sync::WriteOutcome> EwsRemoteCalendar::remove(std::span<const sync::RemoteRef> refs) {
    std::vector<sync::WriteOutcome> out(refs.size());
    if (refs.empty()) return out;
    std::vector<ews::ItemRef> items;
    for (const sync::RemoteRef& ref : refs) items.emplace_back(ews::ItemId{ref.id, {}});
    ews::DeleteItemsOptions del;
    del.batch_size = options_.write_batch;
    const ews::BatchResult r = ews::delete_items(client_, items, del);
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const ews::ItemResult& result = r.items[i];
        if (result.ok() || (result.error && result.error->category() == ews::ErrorCategory::item_not_found)) {
            out[i].ref = sync::RemoteRef{refs[i].id, {}};
        } else {
            out[i] = failed(*result.error);
        }
    }
    return out;
}

std::vector<std::optional<sync::RemoteItem>> EwsRemoteCalendar::find_by_uid(std::span<const std::string> uids) {
    std::vector<std::optional<sync::RemoteItem>> out(uids.size());
    // Matches are told apart by the UID their global object id names, in its canonical form
    // (GOID hex is upper-case), not by the base64 text, which a server may write differently.
    std::map<std::string, std::size_t> by_uid;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < uids.size(); ++i) {
        const mapi::Bytes goid = mapi::global_object_id_from_uid(uids[i]);
        by_uid.emplace(mapi::uid_from_global_object_id(goid), i);
        values.push_back(auth::base64_encode(std::string_view(reinterpret_cast<const char*>(goid.data()), goid.size())));
    }
    std::vector<ews::ItemId> found_ids;
    std::vector<std::size_t> found_index;
    try {
        for (std::size_t begin = 0; begin < values.size(); begin += options_.lookup_batch) {
            const std::size_t end = std::min(values.size(), begin + options_.lookup_batch);
            std::vector<std::string> chunk(values.begin() + static_cast<std::ptrdiff_t>(begin),
                                           values.begin() + static_cast<std::ptrdiff_t>(end));
            for (const ews::ExtendedPropertyMatch& match :
                 ews::find_items_by_extended_property_values(client_, folder(), ews::pid_lid_global_object_id(), chunk)) {
                const std::optional<mapi::Bytes> goid = ews::parse_base64(match.value);
                std::string uid;
                try {
                    if (goid) uid = mapi::uid_from_global_object_id(*goid);
                } catch (const std::exception&) {
                    continue;  // not a global object id: not one of ours
                }
                const auto it = by_uid.find(uid);
                if (it == by_uid.end()) continue;
                found_ids.push_back(match.id);
                found_index.push_back(it->second);
            }
        }
    } catch (const ews::EwsError& e) {
        throw to_remote_error(e);
    }
    std::vector<std::optional<sync::RemoteItem>> items = fetch(found_ids);
    for (std::size_t k = 0; k < items.size(); ++k)
        if (items[k] && !out[found_index[k]]) out[found_index[k]] = std::move(items[k]);
    return out;
}

}  // namespace calbridge::remotes
