#pragma once
/// permessage-deflate engines (RFC 7692), one of each per worker thread.
///
/// We always negotiate server_no_context_takeover and client_no_context_takeover, so every
/// message is compressed and decompressed on its own: no session keeps a zlib stream (each
/// costs tens of kilobytes), and a fan-out message is compressed once for all its recipients.
///
/// @par Thread Safety
/// One object per thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>
#include <vector>

#include "base/shared_bytes.h"
#include "ws/opcode.h"

struct z_stream_s;

namespace wsc::ws {

class Deflater {
public:
    /// `level` is zlib's 1..9.
    explicit Deflater(int level);
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
    ~Deflater();

    /// Appends the raw DEFLATE of `in` to `out`, flushed and with the trailing 00 00 FF FF
    /// removed (RFC 7692 §7.2.1), using a window of 2^window_bits bytes (9..15; a client may
    /// demand a smaller window with server_max_window_bits).
    std::error_code compress(std::span<const std::byte> in, std::vector<std::byte>& out,
                             int window_bits = 15);
    /// A complete frame (FIN, RSV1 set) carrying `payload` compressed.
    base::SharedBytes compress_frame(Opcode opcode, std::span<const std::byte> payload,
                                     int window_bits = 15);

private:
    z_stream_s* stream_for(int window_bits);

    int level_;
    std::array<std::unique_ptr<z_stream_s>, 7> streams_;  // window bits 9..15, made on demand
    std::vector<std::byte> scratch_;
};

class Inflater {
public:
    Inflater();
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    ~Inflater();

    /// Appends the decompression of one message's payload to `out` (the 00 00 FF FF tail is
    /// added here, RFC 7692 §7.2.2). Fails with error::message_too_big as soon as the output
    /// would pass `max_output_bytes` — a small bomb never gets to inflate in full — and with
    /// error::inflate_failed on corrupt data.
    std::error_code inflate(std::span<const std::byte> compressed, std::size_t max_output_bytes,
                            std::vector<std::byte>& out);

    /// The worker's buffer for one inflated message; the reader delivers from it and clears it
    /// (its capacity stays for the next message).
    [[nodiscard]] std::vector<std::byte>& scratch() noexcept { return scratch_; }

private:
    std::unique_ptr<z_stream_s> stream_;
    std::vector<std::byte> scratch_;
};

}  // namespace wsc::ws
