#include "gateway/config/remote_secret.h"

#include <cstdlib>
#include <fstream>

namespace calbridge::config {

std::string read_remote_secret(const RemoteSection& remote) {
    const std::string who = "remote \"" + remote.name + "\": ";
    std::string secret;
    if (remote.secret_file) {
        std::ifstream in(*remote.secret_file, std::ios::binary);
        if (!in) throw ConfigError(who + "cannot read secret_file " + remote.secret_file->string());
        std::getline(in, secret);
        if (!secret.empty() && secret.back() == '\r') secret.pop_back();
        if (secret.empty()) throw ConfigError(who + "secret_file " + remote.secret_file->string() + " is empty");
        return secret;
    }
    if (!remote.secret_env.empty()) {
        const char* value = std::getenv(remote.secret_env.c_str());
        if (!value || !*value)
            throw ConfigError(who + "the environment variable " + remote.secret_env + " (secret_env) is not set");
        return value;
    }
    if (remote.auth == "negotiate") return {};
    throw ConfigError(who + "no secret_file or secret_env");
}

}  // namespace calbridge::config
