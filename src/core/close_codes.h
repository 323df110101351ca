#pragma once
/// The application close codes WSC sends (RFC 6455 §7.4.2 leaves 4000–4999 to applications),
/// alongside the RFC's own 1000–1011. The range tells a client what to do
/// (docs/protocol.md, "Close codes"):
///
/// - 4000–4499: transient. Reconnect with backoff (and resume from the last seq).
/// - 4500–4999: final. Do not reconnect automatically (kicked, refused, policy).

#include "ws/close_code.h"

namespace wsc::core::close_codes {

// Reconnect with backoff.
inline constexpr auto server_draining = static_cast<ws::CloseCode>(4001);    // node shutting down
inline constexpr auto slow_consumer = static_cast<ws::CloseCode>(4002);      // queue overflowed
inline constexpr auto overloaded = static_cast<ws::CloseCode>(4003);         // node over capacity
inline constexpr auto heartbeat_timeout = static_cast<ws::CloseCode>(4004);  // nothing heard

// Do not reconnect.
inline constexpr auto disconnected = static_cast<ws::CloseCode>(4500);  // by the server API
inline constexpr auto policy_violation =
    static_cast<ws::CloseCode>(4508);  // abuse, repeated errors

/// True for codes in the "reconnect with backoff" range (plus the RFC's 1001, 1006, 1011–1013).
constexpr bool should_reconnect(std::uint16_t code) noexcept {
    return (code >= 4000 && code <= 4499) || code == 1001 || code == 1006 ||
           (code >= 1011 && code <= 1013);
}

}  // namespace wsc::core::close_codes
