#pragma once
// The secret of a [[remote]] (password or bearer token), read when the remote is used: from
// secret_file (its first line; the file should be readable by calbridge's user only) or from the
// environment variable secret_env. The secret never appears in an error message or a log line.
#include <string>

#include "gateway/config/gateway_config.h"

namespace calbridge::config {

// "" for a negotiate remote without a secret (the process's Kerberos credentials are used).
// Throws ConfigError naming the remote and where the secret was looked for, never its value.
std::string read_remote_secret(const RemoteSection& remote);

}  // namespace calbridge::config
