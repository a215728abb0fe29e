#include "gateway/store/rows.h"

#include <chrono>

namespace calbridge::store {

caldav::Collection read_collection(const Query& q, int i) {
    caldav::Collection c;
    c.id = q.int64(i);
    c.path = q.text(i + 1);
    c.owner = q.text(i + 2);
    c.kind = q.int64(i + 3) == 1 ? caldav::CollectionKind::calendar : caldav::CollectionKind::plain;
    c.props.display_name = q.text(i + 4);
    c.props.description = q.text(i + 5);
    c.props.color = q.text(i + 6);
    c.props.order = q.optional_int32(i + 7);
    c.props.timezone = q.text(i + 8);
    c.props.components = split_components(q.text(i + 9));
    c.sync_seq = q.int64(i + 10);
    c.created_at = q.int64(i + 11);
    c.modified_at = q.int64(i + 12);
    c.read_only = q.int64(i + 13) != 0;
    return c;
}

caldav::ObjectInfo read_object_info(const Query& q, int i) {
    caldav::ObjectInfo o;
    o.id = q.int64(i);
    o.collection_id = q.int64(i + 1);
    o.path = q.text(i + 2);
    o.etag = q.text(i + 3);
    o.content_type = q.text(i + 4);
    o.size = q.int64(i + 5);
    o.uid = q.text(i + 6);
    o.created_at = q.int64(i + 7);
    o.modified_at = q.int64(i + 8);
    return o;
}

std::optional<caldav::Collection> find_collection(Connection& c, std::string_view path) {
    static const std::string sql = "SELECT " + std::string(kCollectionColumns) + " FROM collections AS c WHERE c.path = ?1";
    Query q = c.query(sql);
    q.bind(1, path);
    if (!q.next()) return std::nullopt;
    return read_collection(q);
}

std::optional<caldav::Collection> find_collection_by_id(Connection& c, std::int64_t id) {
    static const std::string sql = "SELECT " + std::string(kCollectionColumns) + " FROM collections AS c WHERE c.id = ?1";
    Query q = c.query(sql);
    q.bind(1, id);
    if (!q.next()) return std::nullopt;
    return read_collection(q);
}

std::optional<caldav::ObjectInfo> find_object(Connection& c, std::string_view path) {
    static const std::string sql = "SELECT " + std::string(kObjectColumns) + " FROM objects AS o WHERE o.path = ?1";
    Query q = c.query(sql);
    q.bind(1, path);
    if (!q.next()) return std::nullopt;
    return read_object_info(q);
}

std::optional<caldav::Object> find_object_with_data(Connection& c, std::string_view path) {
    static const std::string sql = "SELECT " + std::string(kObjectColumns) +
                                   ", d.data FROM objects AS o JOIN object_data AS d ON d.object_id = o.id WHERE o.path = ?1";
    Query q = c.query(sql);
    q.bind(1, path);
    if (!q.next()) return std::nullopt;
    return caldav::Object{read_object_info(q), q.blob(kObjectColumnCount)};
}

std::string join_components(const std::vector<std::string>& components) {
    std::string joined;
    for (const auto& name : components) {
        if (!joined.empty()) joined += ',';
        joined += name;
    }
    return joined;
}

std::vector<std::string> split_components(std::string_view joined) {
    std::vector<std::string> names;
    while (!joined.empty()) {
        const auto comma = joined.find(',');
        names.emplace_back(joined.substr(0, comma));
        if (comma == std::string_view::npos) break;
        joined.remove_prefix(comma + 1);
    }
    return names;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace calbridge::store
