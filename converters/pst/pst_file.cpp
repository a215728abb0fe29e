#include "converters/pst/pst_file.h"

namespace calbridge::pst {

const char* to_string(FileKind k) {
    switch (k) {
        case FileKind::PstAnsi: return "PST (ANSI)";
        case FileKind::PstUnicode: return "PST (Unicode)";
        case FileKind::Ost: return "OST";
        case FileKind::Ost4k: return "OST (4k pages)";
    }
    return "unknown";
}

}  // namespace calbridge::pst
