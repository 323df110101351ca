#pragma once
/// Protocol errors a peer can cause, as std::error_code values (STYLE.md point 7), and the
/// close code each one is answered with.

#include <string_view>
#include <system_error>

#include "ws/close_code.h"

namespace wsc::ws {

enum class error {
    reserved_bits = 1,         // RSV2/RSV3, or RSV1 without permessage-deflate (§5.2)
    reserved_opcode,           // opcodes 3–7 and 0xB–0xF (§5.2)
    unmasked_frame,            // client frames must be masked (§5.1)
    control_frame_too_big,     // control payload over 125 bytes (§5.5)
    fragmented_control_frame,  // control frame without FIN (§5.5)
    unexpected_continuation,   // continuation with no message in progress (§5.4)
    expected_continuation,     // new data frame while a message is in progress (§5.4)
    non_minimal_length,        // length not in its shortest form (§5.2)
    length_msb_set,            // 64-bit length with the top bit set (§5.2)
    bad_close_payload,         // close payload of one byte (§5.5.1)
    invalid_close_code,        // status code not allowed on the wire (§7.4)
    invalid_utf8,              // text message or close reason not UTF-8 (§8.1)
    frame_too_big,             // payload over limits.max_frame_size
    message_too_big,           // message over limits.max_message_size (after inflation too)
    inflate_failed,            // corrupt permessage-deflate data (RFC 7692 §7.2.2)
    compressed_control_frame,  // RSV1 on a control frame (RFC 7692 §6.1)
    unexpected_compression,    // RSV1 on a continuation frame (RFC 7692 §6.1)
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// The close code to answer `ec` with: 1007 for bad UTF-8 or bad deflate data, 1009 for size
/// limits, 1002 for the rest.
CloseCode close_code_for(std::error_code ec) noexcept;
/// A short reason to put in that close frame.
std::string_view close_reason_for(std::error_code ec) noexcept;

}  // namespace wsc::ws

template <>
struct std::is_error_code_enum<wsc::ws::error> : std::true_type {};
