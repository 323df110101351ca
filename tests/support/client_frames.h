#pragma once
/// Client-side WebSocket framing for tests: builds masked client frames byte by byte (so tests
/// can also build malformed ones) and parses the server's unmasked frames.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsc::test {

struct ClientFrameSpec {
    std::uint8_t opcode = 0x1;
    bool fin = true;
    bool rsv1 = false, rsv2 = false, rsv3 = false;
    bool masked = true;
    std::uint32_t mask_key = 0x37fa213d;
};

/// A client frame carrying `payload` as `spec` says (minimal length encoding).
inline std::string client_frame(std::string_view payload, ClientFrameSpec spec = {}) {
    std::string out;
    out += static_cast<char>((spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) |
                             (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | spec.opcode);
    const char mask_bit = spec.masked ? static_cast<char>(0x80) : 0;
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(mask_bit | static_cast<char>(n));
    } else if (n <= 0xffff) {
        out += static_cast<char>(mask_bit | 126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xff);
    } else {
        out += static_cast<char>(mask_bit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out += static_cast<char>((n >> shift) & 0xff);
        }
    }
    const char key[4] = {static_cast<char>(spec.mask_key >> 24),
                         static_cast<char>(spec.mask_key >> 16),
                         static_cast<char>(spec.mask_key >> 8), static_cast<char>(spec.mask_key)};
    if (spec.masked) {
        out.append(key, 4);
    }
    for (std::size_t i = 0; i < payload.size(); ++i) {
        out += spec.masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
    }
    return out;
}

/// A close frame from the client with `code` and `reason`.
inline std::string client_close(std::uint16_t code, std::string_view reason = {}) {
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xff);
    payload += reason;
    return client_frame(payload, ClientFrameSpec{.opcode = 0x8});
}

struct ServerFrame {
    std::uint8_t opcode = 0;
    bool fin = false;
    bool rsv1 = false;
    std::string payload;
    std::size_t wire_bytes = 0;  // header + payload
    /// The close code of a close frame (1005 when it has none).
    [[nodiscard]] std::uint16_t close_code() const {
        if (payload.size() < 2) {
            return 1005;
        }
        return static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1]));
    }
};

/// Parses one server frame from the front of `bytes`, or nullopt if incomplete.
inline std::optional<ServerFrame> parse_server_frame(std::string_view bytes) {
    if (bytes.size() < 2) {
        return std::nullopt;
    }
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    ServerFrame frame;
    frame.fin = (byte(0) & 0x80) != 0;
    frame.rsv1 = (byte(0) & 0x40) != 0;
    frame.opcode = byte(0) & 0x0f;
    std::uint64_t n = byte(1) & 0x7f;
    std::size_t header = 2;
    if (n == 126) {
        if (bytes.size() < 4) {
            return std::nullopt;
        }
        n = (std::uint64_t{byte(2)} << 8) | byte(3);
        header = 4;
    } else if (n == 127) {
        if (bytes.size() < 10) {
            return std::nullopt;
        }
        n = 0;
        for (int i = 0; i < 8; ++i) {
            n = (n << 8) | byte(2 + i);
        }
        header = 10;
    }
    if (bytes.size() < header + n) {
        return std::nullopt;
    }
    frame.payload = std::string(bytes.substr(header, n));
    frame.wire_bytes = header + n;
    return frame;
}

/// A valid client handshake request for `path` with optional extra header lines.
inline std::string handshake_request(std::string_view path, std::string_view extra_headers = {}) {
    std::string request = "GET ";
    request += path;
    request +=
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    request += extra_headers;
    request += "\r\n";
    return request;
}

}  // namespace wsc::test
