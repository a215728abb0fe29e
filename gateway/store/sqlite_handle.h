#pragma once
// RAII wrappers for one SQLite connection and its prepared statements. No SQL of the store lives
// here: only opening, pragmas, the statement cache and typed binding/reading.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace calbridge::store {

// Any unexpected SQLite failure (I/O error, corrupt file, busy beyond the timeout, constraint a
// caller did not anticipate). Expected outcomes of writes are WriteStatus values, not errors.
class StoreError : public std::runtime_error {
public:
    StoreError(const std::string& what, int sqlite_code = 0)
        : std::runtime_error(what), code_(sqlite_code) {}
    int sqlite_code() const { return code_; }

private:
    int code_;
};

// One prepared statement in use: bind, step through rows, read columns. Resets the statement and
// clears its bindings when it goes out of scope, so the cached statement can be used again.
class Query {
public:
    Query(sqlite3_stmt* stmt, bool owned, bool* in_use_flag);
    Query(Query&& other) noexcept;
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Query& operator=(Query&&) = delete;
    ~Query();

    // Parameters are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT).
    Query& bind(int index, std::int64_t value);
    Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Query& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Query& bind(int index, std::string_view text);
    Query& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Query& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Query& bind(int index, std::nullopt_t);
    Query& bind(int index, const std::optional<std::int32_t>& value);
    Query& bind_blob(int index, std::string_view bytes);

    template <class... Args>
    Query& bind_all(Args&&... args) {
        int index = 1;
        (bind(index++, std::forward<Args>(args)), ...);
        return *this;
    }

    bool next();  // true: a row is available; false: done
    void run();   // step to completion, ignoring rows
    int changes() const;

    std::int64_t int64(int column) const;
    std::string text(int column) const;  // "" for NULL
    std::string blob(int column) const;  // bytes of a BLOB or TEXT column
    bool is_null(int column) const;
    std::optional<std::int32_t> optional_int32(int column) const;

private:
    void check_bind(int rc, int index);
    sqlite3_stmt* stmt_;
    bool owned_;
    bool* in_use_;
};

class Connection {
public:
    // Opens (creating if needed) the database file and applies the per-connection pragmas.
    // read_only: the connection refuses writes (PRAGMA query_only), a guard for reader leases.
    // fsync_each_commit: synchronous=FULL (default) or NORMAL, see the constructor.
    Connection(const std::string& path, bool read_only, bool fsync_each_commit = true);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A prepared statement for sql, prepared once per connection and cached. When the cached one
    // is still in use (a nested query with the same text), a fresh statement is prepared.
    Query query(std::string_view sql);
    // Runs one or more statements without results (schema changes, BEGIN/COMMIT, pragmas).
    void exec(const std::string& sql);
    // Single-value pragma or query reading one text value.
    std::string single_text(const std::string& sql);
    void rollback_noexcept() noexcept;
    bool in_transaction() const;
    sqlite3* handle() const { return db_; }

private:
    void release() noexcept;   // finalises the cached statements, closes the handle

    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, Cached> cache_;
};

}  // namespace calbridge::store
