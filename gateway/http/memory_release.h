#pragma once
// Gives memory back to the operating system after a large response. A PROPFIND Depth 1 or an
// initial sync-collection of a 20,000-event calendar builds a body of several MiB; the
// allocator (mimalloc in the calbridge program, glibc malloc elsewhere) would otherwise keep
// those pages, and the server's RSS would stay at its peak until it is next busy.
#include <cstddef>

namespace calbridge::http {

// Responses at least this large trigger a release once they have been written.
inline constexpr std::size_t kReleaseMemoryAfterBytes = 1024 * 1024;

// Returns freed pages of the calling thread's heap to the system. Costs a few hundred
// microseconds: called only after large responses.
void release_freed_memory();

}  // namespace calbridge::http
