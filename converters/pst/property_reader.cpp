#include "converters/pst/property_reader.h"

#include <cstdio>

#include "converters/mapi/blob_reader.h"
#include "converters/pst/libpff_handles.h"
#include "converters/pst/value_decoding.h"

namespace calbridge::pst::detail {
namespace {

constexpr std::uint16_t kMessageCodepage = 0x3FFD;  // PidTagMessageCodepage (MS-OXPROPS); 0 means "the folder's"
constexpr std::uint16_t kBinary = 0x0102;
constexpr std::uint16_t kString = 0x001F;
constexpr std::uint16_t kString8 = 0x001E;
constexpr std::uint8_t kExactTag = LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE | LIBPFF_ENTRY_VALUE_FLAG_IGNORE_NAME_TO_ID_MAP;

// The blob name decoding errors carry (built once, not per property).
const std::string kValueBlobName = "value";

std::string hex4(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
    return buf;
}

// "property 0x0E07 (type 0x0003)" or "named property {00062002-...}/0x820D (type 0x0040)".
std::string describe(std::uint32_t entry_type, std::uint32_t value_type, const mapi::NamedProp* named) {
    std::string what;
    if (named) {
        what = "named property {" + named->set.to_string() + "}/" +
               (named->name.empty() ? hex4(named->lid) : "\"" + named->name + "\"");
    } else {
        what = "property " + hex4(entry_type);
    }
    return what + " (type " + hex4(value_type) + ")";
}

// Where a value goes: a tagged id, or a resolved named property.
struct Key {
    std::uint16_t id = 0;
    const mapi::NamedProp* named = nullptr;
    void store(mapi::PropertyBag& bag, mapi::PropValue&& value) const {
        if (named)
            bag.set(*named, std::move(value));
        else
            bag.set(id, std::move(value));
    }
};

}  // namespace

const mapi::NamedProp& PropertyReader::resolve(libpff_name_to_id_map_entry_t* entry) {
    if (auto it = named_cache_.find(entry); it != named_cache_.end()) return it->second;
    ErrorSlot err;
    mapi::NamedProp prop;
    std::uint8_t kind = 0;
    check(libpff_name_to_id_map_entry_get_type(entry, &kind, err.out()), err, "reading a name-to-id map entry");
    check(libpff_name_to_id_map_entry_get_guid(entry, prop.set.bytes.data(), prop.set.bytes.size(), err.out()), err,
          "reading a name-to-id map entry's property set");
    if (kind == LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_STRING) {
        std::size_t size = 0;
        check(libpff_name_to_id_map_entry_get_utf8_string_size(entry, &size, err.out()), err,
              "reading a property name");
        std::string name(size, '\0');
        if (size > 0)
            check(libpff_name_to_id_map_entry_get_utf8_string(entry, reinterpret_cast<std::uint8_t*>(name.data()),
                                                              size, err.out()),
                  err, "reading a property name");
        while (!name.empty() && name.back() == '\0') name.pop_back();
        prop.name = std::move(name);
    } else {
        check(libpff_name_to_id_map_entry_get_number(entry, &prop.lid, err.out()), err, "reading a property LID");
    }
    return named_cache_.emplace(entry, std::move(prop)).first->second;
}

void PropertyReader::load_value(libpff_record_entry_t* entry, std::vector<std::uint8_t>& into) {
    ErrorSlot err;
    std::size_t size = 0;
    check(libpff_record_entry_get_data_size(entry, &size, err.out()), err, "reading the value size");
    into.resize(size);
    if (size > 0) check(libpff_record_entry_get_data(entry, into.data(), size, err.out()), err, "reading the value");
}

int PropertyReader::read(libpff_record_set_t* set, int inherited_codepage, mapi::PropertyBag& bag,
                         std::vector<std::string>& issues) {
    ErrorSlot err;
    int count = 0;
    check(libpff_record_set_get_number_of_entries(set, &count, err.out()), err, "listing the properties");

    // PtypString8 values wait until the set's code page is known (it may come later).
    struct Pending {
        Key key;
        std::uint32_t entry_type;
        std::uint32_t value_type;
        std::vector<std::uint8_t> bytes;
    };
    std::vector<Pending> pending;
    int own_codepage = 0;

    for (int index = 0; index < count; ++index) {
        std::uint32_t entry_type = 0;
        std::uint32_t value_type = 0;
        Key key;
        try {
            libpff_record_entry_t* raw = nullptr;
            check(libpff_record_set_get_entry_by_index(set, index, &raw, err.out()), err, "reading a property");
            RecordEntryPtr entry(raw);
            check(libpff_record_entry_get_entry_type(raw, &entry_type, err.out()), err, "reading a property id");
            check(libpff_record_entry_get_value_type(raw, &value_type, err.out()), err, "reading a property type");
            if (entry_type >= 0x8000) {
                libpff_name_to_id_map_entry_t* map_entry = nullptr;
                if (check(libpff_record_entry_get_name_to_id_map_entry(raw, &map_entry, err.out()), err,
                          "resolving a named property") != 1 ||
                    map_entry == nullptr) {
                    issues.push_back(describe(entry_type, value_type, nullptr) +
                                     ": not in the name-to-id map, skipped");
                    continue;
                }
                key.named = &resolve(map_entry);
            } else {
                key.id = static_cast<std::uint16_t>(entry_type);
            }
            auto type = static_cast<std::uint16_t>(value_type);
            if (type == kBinary) {  // straight into its own buffer: no second copy
                mapi::Bytes bytes;
                load_value(raw, bytes);
                key.store(bag, std::move(bytes));
                continue;
            }
            load_value(raw, scratch_);
            if (is_string8_type(type)) {
                pending.push_back({key, entry_type, value_type, scratch_});
                continue;
            }
            auto value = decode_property_value(type, scratch_, 0, decoder_, kValueBlobName);
            if (!value) continue;
            if (!key.named && key.id == kMessageCodepage)
                if (auto* cp = std::get_if<std::int32_t>(&*value)) own_codepage = *cp;
            key.store(bag, std::move(*value));
        } catch (const LibpffError& e) {
            issues.push_back(describe(entry_type, value_type, key.named) + ": " + e.what());
        } catch (const mapi::BlobError& e) {
            issues.push_back(describe(entry_type, value_type, key.named) + ": " + e.what());
        }
    }

    int codepage = own_codepage ? own_codepage : inherited_codepage ? inherited_codepage : file_codepage_;
    if (!pending.empty() && !decoder_.supports(codepage))
        issues.push_back("code page " + std::to_string(codepage) + " is not supported: 8-bit strings read as windows-1252");
    for (auto& p : pending) {
        try {
            auto type = static_cast<std::uint16_t>(p.value_type);
            if (auto value = decode_property_value(type, p.bytes, codepage, decoder_, kValueBlobName))
                p.key.store(bag, std::move(*value));
        } catch (const mapi::BlobError& e) {
            issues.push_back(describe(p.entry_type, p.value_type, p.key.named) + ": " + e.what());
        }
    }
    return codepage;
}

std::optional<std::string> PropertyReader::read_string(libpff_record_set_t* set, std::uint16_t id) {
    ErrorSlot err;
    libpff_record_entry_t* raw = nullptr;
    if (check(libpff_record_set_get_entry_by_type(set, id, 0, &raw, kExactTag, err.out()), err,
              "looking up property " + hex4(id)) != 1)
        return std::nullopt;
    RecordEntryPtr entry(raw);
    std::uint32_t value_type = 0;
    check(libpff_record_entry_get_value_type(raw, &value_type, err.out()), err, "reading a property type");
    if (value_type != kString && value_type != kString8) return std::nullopt;
    load_value(raw, scratch_);
    return value_type == kString ? utf16le_to_utf8(scratch_) : decoder_.decode(scratch_, file_codepage_);
}

std::optional<mapi::Bytes> PropertyReader::read_binary(libpff_record_set_t* set, std::uint16_t id) {
    ErrorSlot err;
    libpff_record_entry_t* raw = nullptr;
    if (check(libpff_record_set_get_entry_by_type(set, id, kBinary, &raw, LIBPFF_ENTRY_VALUE_FLAG_IGNORE_NAME_TO_ID_MAP,
                                                  err.out()),
              err, "looking up property " + hex4(id)) != 1)
        return std::nullopt;
    RecordEntryPtr entry(raw);
    mapi::Bytes bytes;
    load_value(raw, bytes);
    return bytes;
}

}  // namespace calbridge::pst::detail
