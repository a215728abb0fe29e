#include "converters/ical/ics_file_writer.h"

#include <cerrno>
#include <cstring>
#include <algorithm>

namespace calbridge::ical {

IcsFileWriter::IcsFileWriter(std::string path, std::string prodid)
    : path_(std::move(path)), prodid_(std::move(prodid)), events_path_(path_ + ".events.tmp") {
    events_ = std::fopen(events_path_.c_str(), "w+b");
    if (!events_) fail("cannot create " + events_path_);
}

IcsFileWriter::~IcsFileWriter() {
    if (events_) std::fclose(events_);
    std::remove(events_path_.c_str());
    if (!finished_) std::remove((path_ + ".tmp").c_str());
}

void IcsFileWriter::fail(const std::string& what) const {
    throw IcsWriteError(what + ": " + std::strerror(errno));
}

std::string serialise_events(const std::vector<ComponentPtr>& events) {
    std::string text;
    for (const ComponentPtr& ev : events) text += to_ics(ev.get());
    return text;
}

IcsFileWriter::AddResult IcsFileWriter::add(const std::string& uid, std::int64_t last_modified,
                                            const std::vector<ComponentPtr>& events) {
    return add_serialised(uid, last_modified, serialise_events(events));
}

IcsFileWriter::AddResult IcsFileWriter::add_serialised(const std::string& uid, std::int64_t last_modified,
                                                       const std::string& text) {
    auto it = slots_.find(uid);
    if (it != slots_.end() && it->second.last_modified > last_modified) return AddResult::KeptNewer;
    if (std::fseek(events_, 0, SEEK_END) != 0) fail("cannot seek " + events_path_);
    Slot slot;
    slot.offset = std::ftell(events_);
    slot.last_modified = last_modified;
    if (std::fwrite(text.data(), 1, text.size(), events_) != text.size()) fail("cannot write " + events_path_);
    slot.length = text.size();
    if (it != slots_.end()) {
        slot.order = it->second.order;  // keep the first position of this UID
        it->second = slot;
        return AddResult::ReplacedOlder;
    }
    slot.order = slots_.size();
    slots_.emplace(uid, slot);
    return AddResult::Added;
}

std::size_t IcsFileWriter::finish(const std::vector<ComponentPtr>& vtimezones) {
    std::string tmp = path_ + ".tmp";
    std::FILE* out = std::fopen(tmp.c_str(), "wb");
    if (!out) fail("cannot create " + tmp);
    auto put = [&](const std::string& s) {
        if (std::fwrite(s.data(), 1, s.size(), out) != s.size()) {
            std::fclose(out);
            fail("cannot write " + tmp);
        }
    };
    put("BEGIN:VCALENDAR\r\nPRODID:" + prodid_ + "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n");
    for (const ComponentPtr& tz : vtimezones) put(to_ics(tz.get()));

    std::vector<const Slot*> ordered;
    ordered.reserve(slots_.size());
    for (const auto& [uid, slot] : slots_) ordered.push_back(&slot);
    std::sort(ordered.begin(), ordered.end(), [](const Slot* a, const Slot* b) { return a->order < b->order; });
    std::string buffer;
    for (const Slot* s : ordered) {
        buffer.resize(s->length);
        if (std::fseek(events_, s->offset, SEEK_SET) != 0 ||
            std::fread(buffer.data(), 1, s->length, events_) != s->length) {
            std::fclose(out);
            fail("cannot read back " + events_path_);
        }
        put(buffer);
    }
    put("END:VCALENDAR\r\n");
    if (std::fflush(out) != 0 || std::fclose(out) != 0) fail("cannot write " + tmp);
    if (std::rename(tmp.c_str(), path_.c_str()) != 0) fail("cannot rename " + tmp + " to " + path_);
    finished_ = true;
    return slots_.size();
}

}  // namespace calbridge::ical
