#include "ws/frame_writer.h"

#include <cstring>

namespace wsc::ws {

std::size_t encode_frame_header(std::byte* out, Opcode opcode, std::uint64_t payload_bytes,
                                bool fin, bool rsv1) noexcept {
    out[0] = static_cast<std::byte>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) |
                                    static_cast<std::uint8_t>(opcode));
    if (payload_bytes < 126) {
        out[1] = static_cast<std::byte>(payload_bytes);
        return 2;
    }
    if (payload_bytes <= 0xFFFF) {
        out[1] = std::byte{126};
        out[2] = static_cast<std::byte>(payload_bytes >> 8);
        out[3] = static_cast<std::byte>(payload_bytes & 0xFF);
        return 4;
    }
    out[1] = std::byte{127};
    for (int i = 0; i < 8; ++i) {
        out[2 + i] = static_cast<std::byte>((payload_bytes >> (56 - 8 * i)) & 0xFF);
    }
    return 10;
}

base::SharedBytes make_frame(Opcode opcode, std::span<const std::byte> payload, bool rsv1) {
    std::byte header[max_frame_header_bytes];
    const std::size_t header_bytes =
        encode_frame_header(header, opcode, payload.size(), true, rsv1);
    return base::SharedBytes::create(header_bytes + payload.size(), [&](std::span<std::byte> out) {
        std::memcpy(out.data(), header, header_bytes);
        if (!payload.empty()) {
            std::memcpy(out.data() + header_bytes, payload.data(), payload.size());
        }
    });
}

base::SharedBytes make_frame(Opcode opcode, std::string_view payload) {
    return make_frame(opcode, std::as_bytes(std::span(payload.data(), payload.size())));
}

base::SharedBytes make_close_frame(CloseCode code, std::string_view reason) {
    if (code == CloseCode::no_status || code == CloseCode::abnormal) {
        return make_frame(Opcode::close, std::span<const std::byte>());
    }
    constexpr std::size_t max_reason_bytes = 123;
    if (reason.size() > max_reason_bytes) {
        std::size_t cut = max_reason_bytes;
        // Back up over continuation bytes so the reason stays valid UTF-8 (§5.5.1).
        while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        reason = reason.substr(0, cut);
    }
    char payload[2 + max_reason_bytes];
    const auto value = static_cast<std::uint16_t>(code);
    payload[0] = static_cast<char>(value >> 8);
    payload[1] = static_cast<char>(value & 0xFF);
    std::memcpy(payload + 2, reason.data(), reason.size());
    return make_frame(Opcode::close, std::string_view(payload, 2 + reason.size()));
}

}  // namespace wsc::ws
