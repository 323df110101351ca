#include "api/bearer_token.h"

#include <openssl/crypto.h>

namespace wsc::api {

bool is_authorized(std::string_view authorization, std::span<const std::string> tokens) noexcept {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size() ||
        !authorization.substr(0, scheme.size()).starts_with(scheme)) {
        return false;
    }
    const std::string_view presented = authorization.substr(scheme.size());
    bool matched = false;
    for (const std::string& token : tokens) {
        // Lengths are compared openly (a token's length is not the secret); contents with
        // CRYPTO_memcmp, which takes the same time wherever the first difference is.
        const bool same_length = presented.size() == token.size();
        const bool same =
            same_length && CRYPTO_memcmp(presented.data(), token.data(), token.size()) == 0;
        matched = matched || same;
    }
    return matched;
}

}  // namespace wsc::api
