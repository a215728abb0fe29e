// SqliteStore: secret-token .ics subscriptions (issue 4 item 5). The clear token leaves the
// store once, from issue_token; only its SHA-256 is stored and looked up.
#include "gateway/store/crypto.h"
#include "gateway/store/rows.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {

std::optional<IssuedToken> SqliteStore::issue_token(std::string_view collection_path) {
    return pool_.write([&](Connection& c) {
        const auto collection = find_collection(c, collection_path);
        if (!collection) return std::pair{std::optional<IssuedToken>{}, false};
        IssuedToken issued{0, random_token()};
        Query q = c.query("INSERT INTO subscription_tokens (collection_id, token_sha256, created_at) "
                          "VALUES (?1, ?2, ?3) RETURNING id");
        q.bind(1, collection->id).bind_blob(2, sha256(issued.token)).bind(3, unix_now());
        if (!q.next()) throw StoreError("store: inserting a subscription token returned no id");
        issued.id = q.int64(0);
        q.run();
        return std::pair{std::optional<IssuedToken>{std::move(issued)}, true};
    });
}

bool SqliteStore::revoke_token(std::int64_t id) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("DELETE FROM subscription_tokens WHERE id = ?1");
        q.bind(1, id).run();
        return std::pair{q.changes() == 1, true};
    });
}

std::vector<TokenInfo> SqliteStore::tokens(std::string_view collection_path) {
    auto c = pool_.reader();
    Query q = c->query("SELECT t.id, c.path, t.created_at FROM subscription_tokens AS t JOIN collections AS c "
                       "ON c.id = t.collection_id WHERE c.path = ?1 ORDER BY t.id");
    q.bind(1, collection_path);
    std::vector<TokenInfo> found;
    while (q.next()) found.push_back({q.int64(0), q.text(1), q.int64(2)});
    return found;
}

std::optional<caldav::Collection> SqliteStore::collection_for_token(std::string_view token) {
    if (token.empty()) return std::nullopt;
    auto c = pool_.reader();
    static const std::string sql = "SELECT " + std::string(kCollectionColumns) +
                                   " FROM subscription_tokens AS t JOIN collections AS c ON c.id = t.collection_id "
                                   "WHERE t.token_sha256 = ?1";
    Query q = c->query(sql);
    q.bind_blob(1, sha256(token));
    if (!q.next()) return std::nullopt;
    return read_collection(q);
}

}  // namespace calbridge::store
