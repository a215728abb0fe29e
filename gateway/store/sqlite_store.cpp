#include "gateway/store/sqlite_store.h"

#include <spdlog/spdlog.h>

#include "gateway/store/schema/migrations.h"

namespace calbridge::store {
namespace {

std::string checked_path(const std::filesystem::path& file) {
    const std::string path = file.string();
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
        throw std::invalid_argument("store: needs a database file path (got '" + path +
                                    "'); an in-memory database cannot be shared by the reader connections");
    return path;
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, StoreOptions options)
    : pool_(checked_path(file), options.fsync_each_commit) {
    pool_.with_writer([](Connection& c) { migrate(c); });
    spdlog::debug("store: opened {} (schema version {})", pool_.path(), latest_schema_version());
}

std::string SqliteStore::integrity_check() {
    auto reader = pool_.reader();
    Query q = reader->query("PRAGMA integrity_check");
    std::string result;
    while (q.next()) {
        if (!result.empty()) result += '\n';
        result += q.text(0);
    }
    return result;
}

}  // namespace calbridge::store
