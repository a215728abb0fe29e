#include "converters/pst/message_reader.h"

#include <cstdio>
#include <limits>

#include "converters/mapi/property_tags.h"
#include "converters/pst/libpff_handles.h"

namespace calbridge::pst::detail {
namespace {

// Embedded messages inside embedded messages: deeper than this is a damaged or hostile file.
constexpr int kMaxEmbeddingDepth = 8;

// PidTagAttachMethod values, MS-OXCMSG 2.2.2.9.
constexpr std::int64_t kAttachByValue = 1;
constexpr std::int64_t kAttachEmbeddedMessage = 5;
constexpr std::int64_t kAttachOle = 6;

RecordSetPtr record_set(libpff_item_t* item, int index, std::string_view doing) {
    ErrorSlot err;
    libpff_record_set_t* raw = nullptr;
    check(libpff_item_get_record_set_by_index(item, index, &raw, err.out()), err, doing);
    return RecordSetPtr(raw);
}

// Attachment data that is not a plain PtypBinary value (afStorage: an OLE object stored
// as PtypObject), read through libpff's attachment data stream.
std::optional<mapi::Bytes> read_attachment_stream(libpff_item_t* attachment) {
    ErrorSlot err;
    size64_t size = 0;
    if (check(libpff_attachment_get_data_size(attachment, &size, err.out()), err, "reading the attachment size") != 1)
        return std::nullopt;
    if (size > std::numeric_limits<std::size_t>::max() / 2) throw LibpffError("attachment data", "too large");
    mapi::Bytes data(static_cast<std::size_t>(size));
    if (libpff_attachment_data_seek_offset(attachment, 0, SEEK_SET, err.out()) == -1)
        check(-1, err, "seeking the attachment data");
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = libpff_attachment_data_read_buffer(attachment, data.data() + done, data.size() - done, err.out());
        if (n < 0) check(-1, err, "reading the attachment data");
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    data.resize(done);
    return data;
}

}  // namespace

void MessageReader::report(const std::string& where, std::vector<std::string>& issues,
                           std::vector<ReadProblem>& problems) {
    for (auto& issue : issues) problems.push_back({where, std::move(issue)});
    issues.clear();
}

mapi::Message MessageReader::read(libpff_item_t* item, const std::string& origin,
                                  std::vector<ReadProblem>& problems) {
    return read_message(item, origin, 0, 0, problems);
}

mapi::Message MessageReader::read_message(libpff_item_t* item, const std::string& origin, int inherited_codepage,
                                          int depth, std::vector<ReadProblem>& problems) {
    mapi::Message message;
    message.origin = origin;

    ErrorSlot err;
    int sets = 0;
    check(libpff_item_get_number_of_record_sets(item, &sets, err.out()), err, "reading the properties");
    if (sets < 1) throw LibpffError("reading the properties", "the item has no property context");
    int codepage = properties_.read(record_set(item, 0, "reading the properties").get(), inherited_codepage,
                                    message.props, issues_);
    report(origin, issues_, problems);
    if (auto subject = message.props.string(mapi::tag::Subject); subject && subject->starts_with('\x01')) {
        strip_subject_control_prefix(*subject);
        message.props.set(mapi::tag::Subject, std::move(*subject));
    }

    try {
        read_recipients(item, message, codepage, problems);
    } catch (const LibpffError& e) {
        problems.push_back({origin, std::string("recipients: ") + e.what()});
    }

    int attachments = 0;
    try {
        check(libpff_message_get_number_of_attachments(item, &attachments, err.out()), err, "listing the attachments");
    } catch (const LibpffError& e) {
        problems.push_back({origin, e.what()});
    }
    for (int index = 0; index < attachments; ++index) {
        std::string where = origin + ", attachment " + std::to_string(index + 1);
        try {
            message.attachments.push_back(read_attachment(item, index, where, codepage, depth, problems));
        } catch (const LibpffError& e) {
            problems.push_back({where, e.what()});
        }
    }
    return message;
}

void MessageReader::read_recipients(libpff_item_t* item, mapi::Message& message, int codepage,
                                    std::vector<ReadProblem>& problems) {
    ErrorSlot err;
    libpff_item_t* raw = nullptr;
    if (check(libpff_message_get_recipients(item, &raw, err.out()), err, "opening the recipient table") != 1) return;
    ItemPtr table(raw);
    int rows = 0;
    check(libpff_item_get_number_of_record_sets(raw, &rows, err.out()), err, "reading the recipient table");
    message.recipients.reserve(static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        mapi::PropertyBag bag;
        properties_.read(record_set(raw, row, "reading a recipient").get(), codepage, bag, issues_);
        report(message.origin + ", recipient " + std::to_string(row + 1), issues_, problems);
        message.recipients.push_back(std::move(bag));
    }
}

mapi::Attachment MessageReader::read_attachment(libpff_item_t* item, int index, const std::string& where,
                                                int codepage, int depth, std::vector<ReadProblem>& problems) {
    ErrorSlot err;
    libpff_item_t* raw = nullptr;
    check(libpff_message_get_attachment(item, index, &raw, err.out()), err, "opening the attachment");
    ItemPtr attachment(raw);

    mapi::Attachment out;
    properties_.read(record_set(raw, 0, "reading the attachment properties").get(), codepage, out.props, issues_);
    report(where, issues_, problems);

    auto method = out.props.integer(mapi::tag::AttachMethod).value_or(0);
    if (method == kAttachEmbeddedMessage) {
        if (depth >= kMaxEmbeddingDepth)
            throw LibpffError("embedded message", "nested deeper than " + std::to_string(kMaxEmbeddingDepth) +
                                                      " levels, not read");
        libpff_item_t* embedded_raw = nullptr;
        check(libpff_attachment_get_item(raw, &embedded_raw, err.out()), err, "opening the embedded message");
        ItemPtr embedded(embedded_raw);
        out.embedded = std::make_shared<const mapi::Message>(
            read_message(embedded_raw, where, codepage, depth + 1, problems));
    } else if ((method == kAttachByValue || method == kAttachOle) &&
               !out.props.binary(mapi::tag::AttachDataBinary)) {
        if (auto data = read_attachment_stream(raw)) out.props.set(mapi::tag::AttachDataBinary, std::move(*data));
    }
    return out;
}

}  // namespace calbridge::pst::detail
