#include "core/authenticator.h"

namespace wsc::core {

namespace {
int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}
}  // namespace

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
            std::string value;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '%') {
                    if (i + 2 >= raw.size()) {
                        return std::nullopt;
                    }
                    const int hi = hex_value(raw[i + 1]);
                    const int lo = hex_value(raw[i + 2]);
                    if (hi < 0 || lo < 0) {
                        return std::nullopt;
                    }
                    value += static_cast<char>(hi * 16 + lo);
                    i += 2;
                } else {
                    value += raw[i] == '+' ? ' ' : raw[i];
                }
            }
            return value;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

bool is_valid_user_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 128) {
        return false;
    }
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':' ||
                        c == '@';
        if (!ok) {
            return false;
        }
    }
    return true;
}

AuthResult QueryParameterAuthenticator::authenticate(const ConnectRequest& request) const {
    std::optional<std::string> user = query_parameter(request.target, "user_id");
    if (!user || !is_valid_user_id(*user)) {
        return AuthResult{{},
                          AuthFailure{401, "unauthorized",
                                      "missing or invalid user_id query parameter (1-128 "
                                      "characters of letters, digits and _ - . : @)"}};
    }
    return AuthResult{std::move(*user), std::nullopt, {}};
}

}  // namespace wsc::core
