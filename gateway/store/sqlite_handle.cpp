#include "gateway/store/sqlite_handle.h"

#include <sqlite3.h>

#include <utility>

namespace calbridge::store {
namespace {

// How long a connection waits for another process's write lock (e.g. `calbridge import` while
// `calbridge serve` runs) before the write fails with SQLITE_BUSY. Within one process writes are
// serialised by a mutex first (connection_pool.h), so this covers other processes only.
constexpr int kBusyTimeoutMs = 10000;

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view doing) {
    std::string message = "sqlite: " + std::string(doing) + ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    message += " (code " + std::to_string(rc) + ")";
    throw StoreError(message, rc);
}

}  // namespace

Query::Query(sqlite3_stmt* stmt, bool owned, bool* in_use_flag) : stmt_(stmt), owned_(owned), in_use_(in_use_flag) {
    if (in_use_) *in_use_ = true;
}

Query::Query(Query&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), owned_(other.owned_), in_use_(std::exchange(other.in_use_, nullptr)) {}

Query::~Query() {
    if (!stmt_) return;
    if (owned_) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (in_use_) *in_use_ = false;
}

void Query::check_bind(int rc, int index) {
    if (rc != SQLITE_OK)
        fail(sqlite3_db_handle(stmt_), rc, "binding parameter " + std::to_string(index) + " of " + sqlite3_sql(stmt_));
}

Query& Query::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Query& Query::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

Query& Query::bind(int index, std::nullopt_t) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Query& Query::bind(int index, const std::optional<std::int32_t>& value) {
    if (!value) return bind(index, std::nullopt);
    return bind(index, static_cast<std::int64_t>(*value));
}

Query& Query::bind_blob(int index, std::string_view bytes) {
    // A zero-length blob must still be a BLOB, not NULL: give SQLite a valid pointer.
    const char* data = bytes.empty() ? "" : bytes.data();
    check_bind(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT), index);
    return *this;
}

bool Query::next() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(sqlite3_db_handle(stmt_), rc, std::string("running ") + sqlite3_sql(stmt_));
}

void Query::run() {
    while (next()) {
    }
}

int Query::changes() const { return sqlite3_changes(sqlite3_db_handle(stmt_)); }

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Query::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Query::blob(int column) const {
    const void* p = sqlite3_column_blob(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);
    if (!p || n <= 0) return {};
    return std::string(static_cast<const char*>(p), static_cast<std::size_t>(n));
}

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::int32_t> Query::optional_int32(int column) const {
    if (is_null(column)) return std::nullopt;
    return static_cast<std::int32_t>(sqlite3_column_int64(stmt_, column));
}

Connection::Connection(const std::string& path, bool read_only, bool fsync_each_commit) : path_(path) {
    // NOMUTEX: a connection is used by one thread at a time (the pool hands it out exclusively),
    // so SQLite's per-connection mutex is not needed.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "sqlite: opening " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError(message, rc);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
        // Durability (issue 4: an acknowledged write survives kill -9 and a restart): WAL with
        // synchronous=FULL fsyncs the WAL at every commit, so acknowledged writes survive a power
        // loss or kernel crash too; the price is one fsync per write transaction. NORMAL (opt-in)
        // fsyncs only at checkpoints: still safe against kill -9 (the WAL is in the OS page cache
        // and no commit is half-applied), but an OS crash may lose the last commits.
        exec(fsync_each_commit ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                               : "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        if (read_only) {
            exec("PRAGMA query_only = ON;");
        } else {
            // The journal mode is stored in the file: the first writer switches it, later ones confirm.
            const std::string mode = single_text("PRAGMA journal_mode = WAL");
            if (mode != "wal") throw StoreError("sqlite: " + path + " refuses WAL mode (journal_mode is '" + mode + "')");
        }
    } catch (...) {
        // The destructor does not run for a constructor that throws (a file that is no
        // database fails at the first pragma): release the handle and its statements here.
        release();
        throw;
    }
}

void Connection::release() noexcept {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    cache_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
}

Connection::~Connection() { release(); }

Query Connection::query(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end() && !it->second.in_use) return Query(it->second.stmt, false, &it->second.in_use);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "preparing " + std::string(sql));
    if (it != cache_.end()) return Query(stmt, true, nullptr);  // nested use: a one-off statement
    auto [slot, inserted] = cache_.emplace(std::string(sql), Cached{stmt, false});
    return Query(stmt, false, &slot->second.in_use);
}

void Connection::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = "sqlite: " + path_ + ": " + (error ? error : sqlite3_errstr(rc)) + " in: " + sql.substr(0, 200);
        sqlite3_free(error);
        throw StoreError(message, rc);
    }
}

std::string Connection::single_text(const std::string& sql) {
    Query q = query(sql);
    return q.next() ? q.text(0) : std::string();
}

void Connection::rollback_noexcept() noexcept {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace calbridge::store
