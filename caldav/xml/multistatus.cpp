#include "caldav/xml/multistatus.h"

namespace calbridge::caldav::xml {

MultistatusWriter::MultistatusWriter(std::size_t reserve) : w_(XmlWriter::Mode::document, reserve) {
    w_.open(kDav, "multistatus");
}

void MultistatusWriter::map_prefix(std::string from, std::string to) {
    map_from_ = std::move(from);
    map_to_ = std::move(to);
}

void MultistatusWriter::begin_response(std::string_view path) {
    w_.open(kDav, "response");
    if (!map_from_.empty() && path.substr(0, map_from_.size()) == map_from_) {
        std::string mapped = map_to_;
        mapped += path.substr(map_from_.size());
        w_.href(mapped);
    } else {
        w_.href(path);
    }
}

XmlWriter& MultistatusWriter::begin_propstat() {
    w_.open(kDav, "propstat");
    w_.open(kDav, "prop");
    return w_;
}

void MultistatusWriter::end_propstat(int status) {
    w_.close();   // prop
    w_.leaf(kDav, "status", status_line(status));
    w_.close();   // propstat
}

void MultistatusWriter::propstat_empty(std::span<const QName> names, int status) {
    if (names.empty()) return;
    begin_propstat();
    for (const QName& q : names) w_.empty(q);
    end_propstat(status);
}

void MultistatusWriter::status(int status) { w_.leaf(kDav, "status", status_line(status)); }

void MultistatusWriter::error(const QName& condition) {
    w_.open(kDav, "error");
    w_.empty(condition);
    w_.close();
}

void MultistatusWriter::description(std::string_view text) { w_.leaf(kDav, "responsedescription", text); }

void MultistatusWriter::end_response() { w_.close(); }

void MultistatusWriter::response_status(std::string_view path, int status) {
    begin_response(path);
    this->status(status);
    end_response();
}

void MultistatusWriter::sync_token(std::string_view token) { w_.leaf(kDav, "sync-token", token); }

std::string MultistatusWriter::finish() { return w_.finish(); }

std::string error_body(const QName& condition, std::span<const std::string> hrefs) {
    XmlWriter w(XmlWriter::Mode::document, 256);
    w.open(kDav, "error");
    w.open(condition);
    for (const std::string& h : hrefs) w.href(h);
    w.close();
    return w.finish();
}

std::string error_body(const RequestError& error) {
    if (!error.condition()) return {};
    return error_body(*error.condition());
}

}  // namespace calbridge::caldav::xml
