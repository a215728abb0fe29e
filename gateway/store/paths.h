#pragma once
// Path arithmetic on the decoded, normalised paths of the Store contract (caldav/store/store.h):
// a collection's path ends with '/', a resource's does not.
#include <string>
#include <string_view>

namespace calbridge::store {

inline bool is_collection_path(std::string_view path) { return !path.empty() && path.back() == '/'; }

// "/a/b/" -> "/a/", "/a/b" -> "/a/", "/" -> "".
std::string parent_path(std::string_view path);

// The least string greater than every string that starts with prefix (which ends with '/'):
// [prefix, prefix_end(prefix)) is the index range of everything below a collection.
std::string prefix_end(std::string_view prefix);

// True when path lies strictly below the collection path ancestor.
bool is_below(std::string_view path, std::string_view ancestor);

// path (below or equal to from) with the leading from replaced by to.
std::string rebase(std::string_view path, std::string_view from, std::string_view to);

}  // namespace calbridge::store
