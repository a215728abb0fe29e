#pragma once
// Base64 (RFC 4648 section 4, the standard alphabet) over OpenSSL's EVP_EncodeBlock and
// EVP_DecodeBlock, with the strict checks OpenSSL leaves out.
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::auth {

std::string base64_encode(std::string_view bytes);
// nullopt unless text is canonical padded base64: only alphabet characters, length a multiple
// of 4, '=' only as the last one or two characters. No whitespace.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace calbridge::auth
