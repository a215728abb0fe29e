#include "gateway/store/conflict_rows.h"

#include "gateway/store/rows.h"

namespace calbridge::store {

std::int64_t insert_conflict(Connection& c, const NewConflict& conflict) {
    Query insert = c.query(
        "INSERT INTO conflicts (collection_path, uid, source, kind, local_etag, incoming_data, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
    insert.bind_all(conflict.collection_path, conflict.uid, conflict.source, conflict.kind, conflict.local_etag);
    insert.bind_blob(6, conflict.incoming_data).bind(7, unix_now());
    if (!insert.next()) throw StoreError("store: inserting a conflict returned no id");
    const std::int64_t id = insert.int64(0);
    insert.run();
    return id;
}

}  // namespace calbridge::store
