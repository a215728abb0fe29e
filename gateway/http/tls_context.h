#pragma once
// The server's TLS context: TLS 1.2 and 1.3 only, the server's cipher preference, the
// Mozilla "intermediate" TLS 1.2 cipher list (forward secrecy and AEAD only).
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

namespace calbridge::http {

// Loads a PEM certificate chain and its PEM private key. Throws std::runtime_error naming the
// file and the reason when a file is missing or unreadable, is not PEM of the right kind, or
// when the key does not belong to the certificate.
boost::asio::ssl::context make_server_tls_context(const std::filesystem::path& certificate_chain,
                                                  const std::filesystem::path& private_key);

}  // namespace calbridge::http
