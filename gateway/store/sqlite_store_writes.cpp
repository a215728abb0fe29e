// SqliteStore: the contract's writes, each one transaction (write_transaction.h).
#include "gateway/store/collection_writes.h"
#include "gateway/store/copy_move.h"
#include "gateway/store/write_transaction.h"

namespace calbridge::store {

caldav::WriteResult SqliteStore::put_object(const caldav::ObjectWrite& w, const caldav::Precondition& pre) {
    return write([&](Connection& c) { return write_object(c, w, pre); });
}

caldav::WriteResult SqliteStore::remove(std::string_view path, const caldav::Precondition& pre) {
    return write([&](Connection& c) { return remove_path(c, path, pre); });
}

caldav::WriteResult SqliteStore::make_collection(std::string_view path, std::string_view owner,
                                                 caldav::CollectionKind kind, const caldav::CollectionPatch& props,
                                                 std::span<const caldav::DeadProperty> dead) {
    return write([&](Connection& c) { return create_collection(c, path, owner, kind, props, dead); });
}

caldav::WriteResult SqliteStore::patch_properties(std::string_view path, const caldav::PropertyPatch& patch) {
    return write([&](Connection& c) { return store::patch_properties(c, path, patch); });
}

caldav::WriteResult SqliteStore::transfer(const caldav::TransferRequest& request) {
    return write([&](Connection& c) { return store::transfer(c, request); });
}

}  // namespace calbridge::store
