#include "gateway/http/memory_release.h"

#include <malloc.h>

// mimalloc is linked into the calbridge program only (gateway/CMakeLists.txt), not into the
// tests: a weak reference resolves to mimalloc's mi_collect when it is there, to null when not.
extern "C" void mi_collect(bool force) __attribute__((weak));

namespace calbridge::http {

void release_freed_memory() {
    if (mi_collect != nullptr) {
        mi_collect(true);
        return;
    }
    malloc_trim(0);
}

}  // namespace calbridge::http
