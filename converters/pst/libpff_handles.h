#pragma once
// RAII over the libpff C API: every handle is freed exactly once, every libpff_error_t is
// freed, and a failed call becomes a LibpffError carrying libpff's message, shortened to the
// innermost cause ("invalid local descriptors node signature" rather than a 6-line backtrace).
#include <libpff.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace calbridge::pst::detail {

// A libpff call returned -1. what() is "<what we were doing>: <libpff's innermost message>".
class LibpffError : public std::runtime_error {
public:
    LibpffError(std::string_view doing, std::string libpff_message);
    // libpff's own message alone (for callers that rephrase it).
    const std::string& libpff_message() const { return libpff_message_; }

private:
    std::string libpff_message_;
};

// Owns the libpff_error_t a call may set. Pass out() to the call; check() throws on -1.
class ErrorSlot {
public:
    ErrorSlot() = default;
    ErrorSlot(const ErrorSlot&) = delete;
    ErrorSlot& operator=(const ErrorSlot&) = delete;
    ~ErrorSlot() { reset(); }

    libpff_error_t** out() {
        reset();
        return &error_;
    }
    // The innermost line of libpff's backtrace, without the function name; empty if none.
    std::string message() const;
    void reset() {
        if (error_) libpff_error_free(&error_);
    }

private:
    libpff_error_t* error_ = nullptr;
};

// Throws LibpffError(doing, <libpff's message from error>) and frees the error.
[[noreturn]] void throw_libpff_error(ErrorSlot& error, std::string_view doing);

// Returns rc (1 found, 0 absent) or throws LibpffError(doing, ...) when rc is -1.
// Inline: it runs for every property of every item.
inline int check(int rc, ErrorSlot& error, std::string_view doing) {
    if (rc == -1) throw_libpff_error(error, doing);
    error.reset();  // some calls leave an error behind even on success; free it now
    return rc;
}

struct FileDeleter {
    void operator()(libpff_file_t* file) const;
};
struct ItemDeleter {
    void operator()(libpff_item_t* item) const { libpff_item_free(&item, nullptr); }
};
// Record sets and entries are views into their item in libpff 20180714 (their free only
// clears the pointer), but the API asks for a free, so they get one.
struct RecordSetDeleter {
    void operator()(libpff_record_set_t* set) const { libpff_record_set_free(&set, nullptr); }
};
struct RecordEntryDeleter {
    void operator()(libpff_record_entry_t* entry) const { libpff_record_entry_free(&entry, nullptr); }
};

using FilePtr = std::unique_ptr<libpff_file_t, FileDeleter>;
using ItemPtr = std::unique_ptr<libpff_item_t, ItemDeleter>;
using RecordSetPtr = std::unique_ptr<libpff_record_set_t, RecordSetDeleter>;
using RecordEntryPtr = std::unique_ptr<libpff_record_entry_t, RecordEntryDeleter>;

// Shortens a libpff backtrace to its innermost cause: the first line, without the
// "libpff_xxx: " prefix and the trailing full stop.
std::string innermost_cause(std::string_view backtrace);

}  // namespace calbridge::pst::detail
