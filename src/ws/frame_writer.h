#pragma once
/// Encoding server-to-client frames (RFC 6455 §5.2). Server frames are never masked (§5.1).
///
/// A message to send becomes one immutable SharedBytes holding header and payload together, so
/// every recipient's queue can reference the same bytes (STYLE.md point 15).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/shared_bytes.h"
#include "ws/close_code.h"
#include "ws/opcode.h"

namespace wsc::ws {

/// The largest server frame header: 2 bytes plus a 64-bit length.
inline constexpr std::size_t max_frame_header_bytes = 10;

/// Writes the header of an unmasked frame into `out` (room for max_frame_header_bytes) and
/// returns its length, using the shortest length encoding.
std::size_t encode_frame_header(std::byte* out, Opcode opcode, std::uint64_t payload_bytes,
                                bool fin = true, bool rsv1 = false) noexcept;

/// One complete frame (header + payload) in a single allocation.
base::SharedBytes make_frame(Opcode opcode, std::span<const std::byte> payload, bool rsv1 = false);
base::SharedBytes make_frame(Opcode opcode, std::string_view payload);

/// A close frame with `code` and `reason`; the reason is cut to 123 bytes at a UTF-8 character
/// boundary (§5.5: control payloads are at most 125 bytes). `no_status` gives an empty payload.
base::SharedBytes make_close_frame(CloseCode code, std::string_view reason);

}  // namespace wsc::ws
