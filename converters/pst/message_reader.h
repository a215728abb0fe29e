#pragma once
// Builds a mapi::Message from a libpff message item: its property context, its recipient
// table (one PropertyBag per row, MS-PST 2.4.5.3) and its attachments (MS-PST 2.4.6) with
// their data, or, for embedded messages (MS-OXCMSG 2.2.2.9 afEmbeddedMessage), the message
// itself, read the same way.
#include <libpff.h>

#include <string>
#include <vector>

#include "converters/mapi/property_bag.h"
#include "converters/pst/property_reader.h"
#include "converters/pst/pst_file.h"

namespace calbridge::pst::detail {

class MessageReader {
public:
    explicit MessageReader(PropertyReader& properties) : properties_(properties) {}

    // Throws LibpffError when the item's own properties cannot be read. A recipient table
    // or an attachment that cannot be read becomes a ReadProblem (where = origin and the
    // attachment number) and is left out; so does a property value that cannot be decoded.
    mapi::Message read(libpff_item_t* item, const std::string& origin, std::vector<ReadProblem>& problems);

private:
    mapi::Message read_message(libpff_item_t* item, const std::string& origin, int inherited_codepage, int depth,
                               std::vector<ReadProblem>& problems);
    void read_recipients(libpff_item_t* item, mapi::Message& message, int codepage,
                         std::vector<ReadProblem>& problems);
    mapi::Attachment read_attachment(libpff_item_t* item, int index, const std::string& where, int codepage,
                                     int depth, std::vector<ReadProblem>& problems);
    void report(const std::string& where, std::vector<std::string>& issues, std::vector<ReadProblem>& problems);

    PropertyReader& properties_;
    std::vector<std::string> issues_;  // reused across record sets
};

}  // namespace calbridge::pst::detail
