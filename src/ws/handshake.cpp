#include "ws/handshake.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace wsc::ws {

namespace {

class HandshakeErrorCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wsc.ws.handshake"; }
    std::string message(int value) const override {
        switch (static_cast<handshake_error>(value)) {
            case handshake_error::not_get:
                return "WebSocket handshake must use GET";
            case handshake_error::bad_http_version:
                return "WebSocket handshake needs HTTP/1.1";
            case handshake_error::missing_upgrade:
                return "missing \"Upgrade: websocket\"";
            case handshake_error::missing_connection_upgrade:
                return "missing \"Connection: Upgrade\"";
            case handshake_error::missing_key:
                return "missing Sec-WebSocket-Key";
            case handshake_error::bad_key:
                return "Sec-WebSocket-Key is not 16 base64 bytes";
            case handshake_error::missing_version:
                return "missing Sec-WebSocket-Version";
            case handshake_error::unsupported_version:
                return "unsupported Sec-WebSocket-Version (13 is supported)";
        }
        return "bad WebSocket handshake";
    }
};

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

/// Calls `fn(token)` for each element of a comma-separated list; stops when it returns true.
template <class Fn>
bool any_list_element(std::string_view list, Fn&& fn) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (fn(trim(list.substr(0, comma)))) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        list.remove_prefix(comma + 1);
    }
    return false;
}

bool list_contains(std::string_view list, std::string_view token) {
    return any_list_element(list,
                            [&](std::string_view element) { return iequals(element, token); });
}

/// RFC 6455 §4.1 item 7: the key is the base64 of a random 16-byte value, so it is exactly 24
/// characters ending in "==", the last data character carrying only 2 significant bits.
bool is_valid_key(std::string_view key) noexcept {
    key = trim(key);
    if (key.size() != 24 || key[22] != '=' || key[23] != '=') {
        return false;
    }
    auto is_b64 = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    };
    for (std::size_t i = 0; i < 22; ++i) {
        if (!is_b64(key[i])) {
            return false;
        }
    }
    return std::string_view("AQgw").find(key[21]) != std::string_view::npos;
}

}  // namespace

const std::error_category& handshake_error_category() noexcept {
    static const HandshakeErrorCategory category;
    return category;
}

boost::system::result<HandshakeAccept, std::error_code> accept_handshake(
    const HandshakeRequest& request, const HandshakeOptions& options) {
    // RFC 6455 §4.2.1: the checks, in the order the section lists them.
    if (request.method != "GET") {
        return make_error_code(handshake_error::not_get);
    }
    if (request.http_version < 11) {
        return make_error_code(handshake_error::bad_http_version);
    }
    if (!list_contains(request.upgrade, "websocket")) {
        return make_error_code(handshake_error::missing_upgrade);
    }
    if (!list_contains(request.connection, "upgrade")) {
        return make_error_code(handshake_error::missing_connection_upgrade);
    }
    if (trim(request.key).empty()) {
        return make_error_code(handshake_error::missing_key);
    }
    if (!is_valid_key(request.key)) {
        return make_error_code(handshake_error::bad_key);
    }
    if (trim(request.version).empty()) {
        return make_error_code(handshake_error::missing_version);
    }
    if (trim(request.version) != "13") {
        return make_error_code(handshake_error::unsupported_version);
    }

    HandshakeAccept accept;
    accept.accept_key = accept_key_for(trim(request.key));
    for (const std::string& ours : options.subprotocols) {
        // Subprotocol names are case-sensitive tokens (§4.1 item 10, §11.3.4).
        if (any_list_element(request.protocol,
                             [&](std::string_view theirs) { return theirs == ours; })) {
            accept.subprotocol = ours;
            break;
        }
    }
    if (options.deflate_enabled) {
        if (auto offer = negotiate_permessage_deflate(request.extensions)) {
            accept.deflate = offer->params;
            accept.extensions_response = std::move(offer->response);
        }
    }
    return accept;
}

unsigned http_status_for(std::error_code ec) noexcept {
    if (ec == handshake_error::missing_version || ec == handshake_error::unsupported_version) {
        return 426;
    }
    if (ec == handshake_error::not_get) {
        return 405;
    }
    return 400;
}

std::string accept_key_for(std::string_view key) {
    static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string input;
    input.reserve(key.size() + guid.size());
    input.append(key).append(guid);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

std::string make_handshake_response(const HandshakeAccept& accept) {
    std::string response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: ";
    response += accept.accept_key;
    response += "\r\n";
    if (!accept.subprotocol.empty()) {
        response += "Sec-WebSocket-Protocol: " + accept.subprotocol + "\r\n";
    }
    if (!accept.extensions_response.empty()) {
        response += "Sec-WebSocket-Extensions: " + accept.extensions_response + "\r\n";
    }
    response += "\r\n";
    return response;
}

}  // namespace wsc::ws
