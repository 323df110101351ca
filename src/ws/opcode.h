#pragma once
/// WebSocket opcodes (RFC 6455 §5.2).

#include <cstdint>

namespace wsc::ws {

enum class Opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

/// Control frames have the high bit of the opcode set (RFC 6455 §5.5).
constexpr bool is_control(Opcode opcode) noexcept {
    return (static_cast<std::uint8_t>(opcode) & 0x8) != 0;
}

}  // namespace wsc::ws
