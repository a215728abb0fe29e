#pragma once
// PropertyBag: the MAPI properties of one message, recipient or attachment, with named
// properties already resolved to (property set, LID or name) through the store's
// name-to-id map (MS-PST 2.4.7). Built by converters/pst from libpff, or in memory by tests.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "converters/mapi/guid.h"

namespace calbridge::mapi {

using Bytes = std::vector<std::uint8_t>;

// FILETIME: 100-ns intervals since 1601-01-01 00:00 UTC (MS-DTYP 2.3.3).
struct FileTime {
    std::uint64_t ticks = 0;
    friend bool operator==(const FileTime&, const FileTime&) = default;
};

// Property types of MS-OXCDATA 2.11.1 that calendar items use.
enum class PropType : std::uint16_t {
    Int16 = 0x0002,
    Int32 = 0x0003,
    Float = 0x0004,
    Double = 0x0005,
    Boolean = 0x000B,
    Object = 0x000D,
    Int64 = 0x0014,
    String8 = 0x001E,
    Unicode = 0x001F,
    SysTime = 0x0040,
    Guid = 0x0048,
    Binary = 0x0102,
    MvInt32 = 0x1003,
    MvString8 = 0x101E,
    MvUnicode = 0x101F,
    MvBinary = 0x1102,
};

// One value. Strings are UTF-8 (PST readers convert String8 through the item's code page).
using PropValue = std::variant<bool, std::int32_t, std::int64_t, double, std::string, FileTime, Bytes,
                               std::vector<std::string>, std::vector<Bytes>, std::vector<std::int32_t>>;

// A named property (MS-OXCDATA 2.6.1 / MS-OXPROPS): a property set and either a LID or a name.
struct NamedProp {
    Guid set;
    std::uint32_t lid = 0;  // used when name is empty
    std::string name;       // string-named properties, e.g. "Keywords" in PS_PUBLIC_STRINGS
    friend bool operator==(const NamedProp&, const NamedProp&) = default;
    friend auto operator<=>(const NamedProp&, const NamedProp&) = default;
};

class PropertyBag {
public:
    // Tagged properties are keyed by property id (the high 16 bits of the tag; ids < 0x8000).
    void set(std::uint16_t id, PropValue value) { tagged_[id] = std::move(value); }
    void set(const NamedProp& prop, PropValue value) { named_[prop] = std::move(value); }

    const PropValue* get(std::uint16_t id) const;
    const PropValue* get(const NamedProp& prop) const;
    bool has(std::uint16_t id) const { return get(id) != nullptr; }
    bool has(const NamedProp& prop) const { return get(prop) != nullptr; }

    // Typed accessors: nullopt when absent or of another type. Integer accessors accept
    // any integer-typed value (Int16/Int32/Int64 all arrive as int32/int64).
    template <class Key> std::optional<std::string> string(const Key& k) const { return as<std::string>(get(k)); }
    template <class Key> std::optional<bool> boolean(const Key& k) const { return as<bool>(get(k)); }
    template <class Key> std::optional<FileTime> time(const Key& k) const { return as<FileTime>(get(k)); }
    template <class Key> std::optional<std::int64_t> integer(const Key& k) const { return as_integer(get(k)); }
    template <class Key> const Bytes* binary(const Key& k) const { return ptr<Bytes>(get(k)); }
    template <class Key> std::optional<std::vector<std::string>> strings(const Key& k) const {
        return as<std::vector<std::string>>(get(k));
    }

    const std::map<std::uint16_t, PropValue>& tagged() const { return tagged_; }
    const std::map<NamedProp, PropValue>& named() const { return named_; }
    bool empty() const { return tagged_.empty() && named_.empty(); }

private:
    template <class T> static std::optional<T> as(const PropValue* v) {
        if (auto p = v ? std::get_if<T>(v) : nullptr) return *p;
        return std::nullopt;
    }
    template <class T> static const T* ptr(const PropValue* v) { return v ? std::get_if<T>(v) : nullptr; }
    static std::optional<std::int64_t> as_integer(const PropValue* v);

    std::map<std::uint16_t, PropValue> tagged_;
    std::map<NamedProp, PropValue> named_;
};

struct Message;

// An attachment (MS-OXCMSG 2.2.2): its properties (PidTagAttachDataBinary holds file data)
// and, for embedded messages (PidTagAttachMethod = afEmbeddedMessage), the message itself,
// as used for recurrence exceptions (MS-OXOCAL 2.2.10.1).
struct Attachment {
    PropertyBag props;
    std::shared_ptr<const Message> embedded;
};

// A whole item: properties, recipient table rows, attachments.
struct Message {
    PropertyBag props;
    std::vector<PropertyBag> recipients;
    std::vector<Attachment> attachments;
    // Where the item came from, for messages a user can act on: e.g. "Calendar/Holidays, item 0x2044".
    std::string origin;
};

}  // namespace calbridge::mapi
