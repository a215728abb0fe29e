#pragma once
// Schema versioning: PRAGMA user_version holds the version of a store file, and an ordered list
// of migration steps brings any older file up to kSchemaVersion in one transaction at open.
#include <span>
#include <string_view>

namespace calbridge::store {

class Connection;

struct Migration {
    int to_version;            // the user_version after this step
    std::string_view summary;  // what the step adds, for the log
    std::string_view sql;
};

// Every step, oldest first. Append new steps; never edit a released one.
std::span<const Migration> migrations();
int latest_schema_version();

// Applies the steps from the file's current version up to target (default: latest) in one
// write transaction. Throws StoreError when the file is newer than this code knows (a newer
// calbridge wrote it) or a step fails (then nothing is applied).
void migrate(Connection& connection, int target_version = 0);

int schema_version(Connection& connection);

}  // namespace calbridge::store
