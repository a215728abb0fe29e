#include "converters/pst/libpff_handles.h"

#include <array>

namespace calbridge::pst::detail {

LibpffError::LibpffError(std::string_view doing, std::string libpff_message)
    : std::runtime_error(std::string(doing) + (libpff_message.empty() ? "" : ": " + libpff_message)),
      libpff_message_(std::move(libpff_message)) {}

std::string innermost_cause(std::string_view backtrace) {
    // libcerror prints the innermost error first, one line per level.
    std::string_view line = backtrace.substr(0, backtrace.find('\n'));
    // "libpff_io_handle_read_file_header: invalid file signature." -> drop the function name
    // when the line starts with an identifier followed by ": ".
    if (auto colon = line.find(": "); colon != std::string_view::npos) {
        bool identifier = colon > 0;
        for (char c : line.substr(0, colon))
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                identifier = false;
        if (identifier) line.remove_prefix(colon + 2);
    }
    while (!line.empty() && (line.back() == '.' || line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return std::string(line);
}

std::string ErrorSlot::message() const {
    if (!error_) return {};
    std::array<char, 8192> buffer{};
    if (libpff_error_backtrace_sprint(error_, buffer.data(), buffer.size()) > 0 ||
        libpff_error_sprint(error_, buffer.data(), buffer.size()) > 0)
        return innermost_cause(buffer.data());
    return {};
}

void throw_libpff_error(ErrorSlot& error, std::string_view doing) {
    std::string message = error.message();
    error.reset();
    throw LibpffError(doing, std::move(message));
}

void FileDeleter::operator()(libpff_file_t* file) const {
    libpff_file_close(file, nullptr);  // fails harmlessly when the file was never opened
    libpff_file_free(&file, nullptr);
}

}  // namespace calbridge::pst::detail
