#pragma once
// SqliteStore::write, for the .cpp files of SqliteStore only: one write transaction per contract
// write, committed only when the write succeeded, so a refused write leaves nothing behind.
#include <utility>

#include "gateway/store/object_writes.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {

template <class F>
caldav::WriteResult SqliteStore::write(F&& fn) {
    return pool_.write([&](Connection& c) {
        caldav::WriteResult result = fn(c);
        const bool commit = is_success(result.status);
        return std::pair{std::move(result), commit};
    });
}

}  // namespace calbridge::store
