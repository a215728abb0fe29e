#pragma once
// Writes one .ics file holding many calendar objects, streaming: events are serialised to a
// side file as they arrive (memory does not grow with the calendar) and the final file —
// VCALENDAR header, the VTIMEZONEs (RFC 5545 3.6.5: every TZID referenced must be defined),
// then the events — is assembled and renamed into place only when finish() succeeds.
// One UID appears once per file (RFC 5545 3.8.4.7): a second object with the same UID keeps
// whichever was modified last.
#include <cstdint>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "converters/ical/ical_ptr.h"

namespace calbridge::ical {

class IcsWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The RFC 5545 text of a list of components, concatenated.
std::string serialise_events(const std::vector<ComponentPtr>& events);

class IcsFileWriter {
public:
    IcsFileWriter(std::string path, std::string prodid);  // throws IcsWriteError
    ~IcsFileWriter();
    IcsFileWriter(const IcsFileWriter&) = delete;
    IcsFileWriter& operator=(const IcsFileWriter&) = delete;

    enum class AddResult { Added, ReplacedOlder, KeptNewer };
    // Adds one object's components (master and overrides, all with this UID).
    AddResult add(const std::string& uid, std::int64_t last_modified, const std::vector<ComponentPtr>& events);
    // The same for components already serialised (serialise_events), e.g. on another thread.
    AddResult add_serialised(const std::string& uid, std::int64_t last_modified, const std::string& text);

    // Writes the file with these VTIMEZONEs; throws IcsWriteError. Returns the object count.
    std::size_t finish(const std::vector<ComponentPtr>& vtimezones);
    const std::string& path() const { return path_; }

private:
    struct Slot {
        long offset = 0;
        std::size_t length = 0;
        std::int64_t last_modified = 0;
        std::size_t order = 0;
    };
    void fail(const std::string& what) const;

    std::string path_, prodid_, events_path_;
    std::FILE* events_ = nullptr;
    std::map<std::string, Slot> slots_;
    bool finished_ = false;
};

}  // namespace calbridge::ical
