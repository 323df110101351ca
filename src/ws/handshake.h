#pragma once
/// The server side of the opening handshake (RFC 6455 §4.2), independent of any HTTP parser:
/// the caller passes the header values it parsed.

#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/system/result.hpp>

#include "ws/deflate_negotiation.h"

namespace wsc::ws {

/// Why a handshake was refused.
enum class handshake_error {
    not_get = 1,                 // §4.2.1 item 1: the method must be GET
    bad_http_version,            // HTTP/1.1 or later
    missing_upgrade,             // Upgrade must contain "websocket"
    missing_connection_upgrade,  // Connection must contain "Upgrade"
    missing_key,
    bad_key,  // must be base64 of 16 bytes
    missing_version,
    unsupported_version,  // only 13
};

const std::error_category& handshake_error_category() noexcept;
inline std::error_code make_error_code(handshake_error e) noexcept {
    return {static_cast<int>(e), handshake_error_category()};
}

/// Header values as received; repeated headers joined with ", ".
struct HandshakeRequest {
    std::string_view method;
    unsigned http_version = 11;  // 10 for HTTP/1.0, 11 for HTTP/1.1
    std::string_view upgrade;
    std::string_view connection;
    std::string_view key;         // Sec-WebSocket-Key
    std::string_view version;     // Sec-WebSocket-Version
    std::string_view protocol;    // Sec-WebSocket-Protocol
    std::string_view extensions;  // Sec-WebSocket-Extensions
};

struct HandshakeOptions {
    std::span<const std::string> subprotocols;  // ours, in our order of preference
    bool deflate_enabled = true;
};

struct HandshakeAccept {
    std::string accept_key;   // Sec-WebSocket-Accept
    std::string subprotocol;  // empty: none selected
    DeflateParams deflate;
    std::string extensions_response;  // empty: no extension
};

/// Validates `request` and decides the subprotocol (the first of ours the client offered) and
/// permessage-deflate. A client offering only protocols we don't speak still connects, with
/// no Sec-WebSocket-Protocol in the answer (§4.2.2).
boost::system::result<HandshakeAccept, std::error_code> accept_handshake(
    const HandshakeRequest& request, const HandshakeOptions& options);

/// 426 for a missing or unsupported version (the answer then carries
/// "Sec-WebSocket-Version: 13", §4.4), 405 for a method other than GET, 400 otherwise.
unsigned http_status_for(std::error_code ec) noexcept;

/// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (§4.2.2 item 5.4).
std::string accept_key_for(std::string_view key);

/// The complete 101 Switching Protocols response.
std::string make_handshake_response(const HandshakeAccept& accept);

}  // namespace wsc::ws

template <>
struct std::is_error_code_enum<wsc::ws::handshake_error> : std::true_type {};
