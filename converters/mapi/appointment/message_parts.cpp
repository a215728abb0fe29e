#include "converters/mapi/appointment/message_parts.h"

#include <algorithm>
#include <cctype>

#include "converters/mapi/body/html_text.h"
#include "converters/mapi/body/rtf_decompress.h"
#include "converters/mapi/body/rtf_text.h"
#include "converters/mapi/property_tags.h"

namespace calbridge::mapi {

namespace {
// PidTagAttachMethod, MS-OXCMSG 2.2.2.9.
constexpr std::int64_t afByValue = 1;
constexpr std::int64_t afEmbeddedMessage = 5;
// PidTagAttachmentFlags: afException, MS-OXCMSG 2.2.2.18.
constexpr std::int64_t afException = 0x2;
// PidTagRecipientFlags: recipOrganizer, MS-OXOCAL 2.2.4.10.1.
constexpr std::int64_t recipOrganizer = 0x2;

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A MIME type for attachments without PidTagAttachMimeTag, from the file extension.
std::string mime_from_name(const std::string& name) {
    auto dot = name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : lower(name.substr(dot + 1));
    static const std::pair<const char*, const char*> table[] = {
        {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"png", "image/png"}, {"gif", "image/gif"},
        {"pdf", "application/pdf"}, {"txt", "text/plain"}, {"ics", "text/calendar"}, {"htm", "text/html"},
        {"html", "text/html"}, {"doc", "application/msword"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"zip", "application/zip"}, {"eml", "message/rfc822"}, {"msg", "application/vnd.ms-outlook"}};
    for (auto& [e, m] : table)
        if (ext == e) return m;
    return "application/octet-stream";
}

Person person_from_row(const PropertyBag& row) {
    Person p;
    p.name = row.string(tag::DisplayName).value_or(row.string(tag::RecipientDisplayName).value_or(""));
    std::string type = row.string(tag::AddressType).value_or("");
    if (auto smtp = row.string(tag::SmtpAddress); smtp && !smtp->empty()) {
        p.email = *smtp;
    } else if (type == "SMTP") {
        p.email = row.string(tag::EmailAddress).value_or("");
    }
    p.recipient_type = static_cast<int>(row.integer(tag::RecipientType).value_or(1));
    p.track_status = static_cast<int>(row.integer(tag::RecipientTrackStatus).value_or(0));
    p.flags = static_cast<std::uint32_t>(row.integer(tag::RecipientFlags).value_or(0));
    return p;
}
}  // namespace

Body read_body(const PropertyBag& props, Diagnostics& diag) {
    Body b;
    if (auto text = props.string(tag::Body); text && !is_blank(*text)) b.text = *text;

    if (const Bytes* html = props.binary(tag::Html); html && !html->empty()) {
        std::optional<int> cp;
        if (auto c = props.integer(tag::InternetCodepage)) cp = static_cast<int>(*c);
        try {
            b.html = decode_html_body(*html, cp);
        } catch (const std::exception& e) {
            diag.warn(std::string("PidTagHtml: ") + e.what());
        }
    } else if (auto html_text = props.string(tag::Html); html_text && !html_text->empty()) {
        b.html = *html_text;
    }

    if (!b.html && b.text.empty()) {
        if (const Bytes* rtf = props.binary(tag::RtfCompressed); rtf && !rtf->empty()) {
            try {
                RtfContent content = rtf_to_content(decompress_rtf(*rtf));
                b.html = std::move(content.html);
                if (!b.html) b.text = std::move(content.text);
            } catch (const std::exception& e) {
                diag.warn(e.what());  // BlobError names PidTagRtfCompressed
            }
        }
    }
    if (b.text.empty() && b.html) b.text = html_to_text(*b.html);
    if (b.html && is_blank(html_to_text(*b.html)) && b.text.empty()) b.html.reset();
    return b;
}

namespace {
// The mailbox owner's address on a meeting they received: who it was delivered to, else who
// created the item in their calendar.
std::string mailbox_owner(const PropertyBag& p) {
    for (std::uint16_t t : {tag::ReceivedRepresentingSmtpAddress, tag::ReceivedBySmtpAddress,
                            tag::ReceivedRepresentingEmailAddress, tag::ReceivedByEmailAddress,
                            tag::CreatorSmtpAddress})
        if (auto v = p.string(t); v && v->find('@') != std::string::npos) return *v;
    return {};
}

bool same_address(const std::string& a, const std::string& b) { return !a.empty() && lower(a) == lower(b); }
}  // namespace

void read_people(const Message& message, Appointment& into, Diagnostics& diag) {
    const PropertyBag& p = message.props;
    // On an attendee's copy of a meeting (asfReceived, MS-OXOCAL 2.2.1.10) the owner's own
    // answer is PidLidResponseStatus (2.2.1.11); their recipient row usually says respNone.
    // MS-OXCICAL 2.1.3.1.1.20.2.3 takes the PARTSTAT of that attendee from the item.
    constexpr std::int64_t asfReceived = 0x2;
    std::int64_t state = p.integer(lid::AppointmentStateFlags).value_or(0);
    std::int64_t response = p.integer(lid::ResponseStatus).value_or(0);
    std::string owner = (state & asfReceived) && response >= 2 && response <= 4 ? mailbox_owner(p) : std::string();
    for (const PropertyBag& row : message.recipients) {
        Person person = person_from_row(row);
        if (person.flags & recipOrganizer) {
            if (!into.organizer) into.organizer = person;
            continue;
        }
        if (person.email.empty())
            diag.warn("attendee \"" + person.name + "\" has no SMTP address; written as invalid:nomail");
        if (person.track_status == 0 && same_address(person.email, owner))
            person.track_status = static_cast<int>(response);
        into.attendees.push_back(std::move(person));
    }
    // MS-OXCICAL 2.1.3.1.1.20.31: without an organizer row, the organizer is the
    // "sent representing" user of a meeting.
    if (!into.organizer && (into.is_meeting || !into.attendees.empty())) {
        Person org;
        org.name = p.string(tag::SentRepresentingName).value_or("");
        if (auto smtp = p.string(tag::SentRepresentingSmtpAddress); smtp && !smtp->empty())
            org.email = *smtp;
        else if (p.string(tag::SentRepresentingAddressType).value_or("") == "SMTP")
            org.email = p.string(tag::SentRepresentingEmailAddress).value_or("");
        if (!org.email.empty() || !org.name.empty()) into.organizer = org;
    }
}

std::vector<FileAttachment> read_file_attachments(const Message& message, Diagnostics& diag) {
    std::vector<FileAttachment> out;
    for (const Attachment& att : message.attachments) {
        auto method = att.props.integer(tag::AttachMethod).value_or(afByValue);
        if (att.embedded || method == afEmbeddedMessage) {
            bool exception = (att.props.integer(tag::AttachmentFlags).value_or(0) & afException) != 0 ||
                             att.props.has(tag::ExceptionReplaceTime);
            // Exception messages become RECURRENCE-ID components; other embedded items
            // (forwarded mails, contacts) have no iCalendar form.
            if (!exception)
                diag.warn("embedded item attachment \"" + att.props.string(tag::DisplayName).value_or("") +
                          "\" is not a file; not exported");
            continue;
        }
        const Bytes* data = att.props.binary(tag::AttachDataBinary);
        std::string name = att.props.string(tag::AttachLongFilename)
                               .value_or(att.props.string(tag::AttachFilename)
                                             .value_or(att.props.string(tag::DisplayName).value_or("")));
        if (!data) {
            diag.warn("attachment \"" + name + "\" has no data (method " + std::to_string(method) + "); not exported");
            continue;
        }
        FileAttachment f;
        f.file_name = name.empty() ? "attachment" : name;
        f.mime_type = att.props.string(tag::AttachMimeTag).value_or("");
        if (f.mime_type.empty()) f.mime_type = mime_from_name(f.file_name);
        f.data = *data;
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<const Attachment*> exception_attachments(const Message& message) {
    std::vector<const Attachment*> out;
    for (const Attachment& att : message.attachments) {
        if (!att.embedded) continue;
        bool flagged = (att.props.integer(tag::AttachmentFlags).value_or(0) & afException) != 0;
        bool has_replace = att.props.has(tag::ExceptionReplaceTime) || att.embedded->props.has(lid::ExceptionReplaceTime);
        if (flagged || has_replace) out.push_back(&att);
    }
    return out;
}

const Attachment* match_exception_attachment(const std::vector<const Attachment*>& candidates,
                                             std::int64_t original_start_utc, const CivilDateTime& start_local) {
    for (const Attachment* att : candidates) {
        auto t = att->props.time(tag::ExceptionReplaceTime);
        if (!t) t = att->embedded->props.time(lid::ExceptionReplaceTime);
        if (t && unix_from_filetime(*t) == original_start_utc) return att;
    }
    // PidTagExceptionStartTime: the exception's start in local time, encoded as UTC.
    for (const Attachment* att : candidates) {
        if (auto t = att->props.time(tag::ExceptionStartTime)) {
            if (civil_from_unix(unix_from_filetime(*t)) == start_local) return att;
        }
    }
    return nullptr;
}

}  // namespace calbridge::mapi
