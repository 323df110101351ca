#pragma once
/// WebSocket close status codes (RFC 6455 §7.4) and which of them may appear on the wire.

#include <cstdint>

namespace wsc::ws {

enum class CloseCode : std::uint16_t {
    normal = 1000,
    going_away = 1001,
    protocol_error = 1002,
    unsupported_data = 1003,
    no_status = 1005,  // never sent: "the close frame had no status code"
    abnormal = 1006,   // never sent: "the connection dropped without a close frame"
    invalid_payload = 1007,
    policy_violation = 1008,
    message_too_big = 1009,
    mandatory_extension = 1010,
    internal_error = 1011,
    service_restart = 1012,
    try_again_later = 1013,
};

/// True for codes a peer may send in a close frame: 1000–1003 and 1007–1014 (RFC 6455 §7.4.1
/// and the IANA registry), and 3000–4999 (libraries, frameworks and applications, §7.4.2).
constexpr bool is_valid_wire_close_code(std::uint16_t code) noexcept {
    if (code >= 1000 && code <= 1003) {
        return true;
    }
    if (code >= 1007 && code <= 1014) {
        return true;
    }
    return code >= 3000 && code <= 4999;
}

}  // namespace wsc::ws
