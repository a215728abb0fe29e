#pragma once
// Reads one libpff record set (a property context, or one row of a recipient table) into a
// mapi::PropertyBag: tagged properties by id, named properties (ids 0x8000 and up) resolved
// through the file's name-to-id map (MS-PST 2.4.7) into NamedProp{set, LID or name}.
// Each value is read once, into a buffer reused across entries.
#include <libpff.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "converters/mapi/property_bag.h"
#include "converters/pst/text_decoding.h"

namespace calbridge::pst::detail {

class PropertyReader {
public:
    // file_codepage: what 8-bit strings use when nothing closer says (libpff's ASCII code page).
    explicit PropertyReader(int file_codepage) : file_codepage_(file_codepage) {}

    // Reads every entry of set into bag. PtypString8 values use the set's own
    // PidTagMessageCodepage (MS-OXPROPS) if it has one, else inherited_codepage
    // (0: the file's). Returns that code page, for the item's recipients and attachments.
    // A value that cannot be read is skipped and described in issues; a failure to list
    // the entries at all throws LibpffError.
    int read(libpff_record_set_t* set, int inherited_codepage, mapi::PropertyBag& bag,
             std::vector<std::string>& issues);

    // One string property of a record set (e.g. a folder's PidTagContainerClass); nullopt
    // when absent or not a string.
    std::optional<std::string> read_string(libpff_record_set_t* set, std::uint16_t id);

    // One binary property (e.g. the store's PidTagIpmSubtreeEntryId); nullopt when absent.
    std::optional<mapi::Bytes> read_binary(libpff_record_set_t* set, std::uint16_t id);

private:
    // The NamedProp for a libpff name-to-id map entry. Entries live as long as the file, so
    // they are resolved once and remembered by address.
    const mapi::NamedProp& resolve(libpff_name_to_id_map_entry_t* entry);
    // Copies the entry's value into scratch_ (or returns false with an issue).
    void load_value(libpff_record_entry_t* entry, std::vector<std::uint8_t>& into);

    int file_codepage_;
    CodepageDecoder decoder_;
    std::vector<std::uint8_t> scratch_;
    std::unordered_map<const void*, mapi::NamedProp> named_cache_;
};

}  // namespace calbridge::pst::detail
