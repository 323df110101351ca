#include "ws/deflate.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "ws/error.h"
#include "ws/frame_writer.h"

namespace wsc::ws {

namespace {
constexpr std::byte sync_flush_tail[4] = {std::byte{0x00}, std::byte{0x00}, std::byte{0xFF},
                                          std::byte{0xFF}};
constexpr std::size_t chunk_bytes = 16 * 1024;
}  // namespace

// ---------------------------------------------------------------------------------------------
// Deflater

Deflater::Deflater(int level) : level_(std::clamp(level, 1, 9)) {}

Deflater::~Deflater() {
    for (auto& stream : streams_) {
        if (stream) {
            deflateEnd(stream.get());
        }
    }
}

z_stream_s* Deflater::stream_for(int window_bits) {
    window_bits = std::clamp(window_bits, 9, 15);
    auto& stream = streams_[static_cast<std::size_t>(window_bits - 9)];
    if (!stream) {
        auto fresh = std::make_unique<z_stream_s>();
        // Negative window bits: raw DEFLATE, no zlib header (RFC 7692 §7.2.1). memLevel 8 is
        // zlib's default; the memory is per worker, not per connection.
        if (deflateInit2(fresh.get(), level_, Z_DEFLATED, -window_bits, 8, Z_DEFAULT_STRATEGY) !=
            Z_OK) {
            throw std::bad_alloc();
        }
        stream = std::move(fresh);
    }
    return stream.get();
}

std::error_code Deflater::compress(std::span<const std::byte> in, std::vector<std::byte>& out,
                                   int window_bits) {
    z_stream_s* z = stream_for(window_bits);
    deflateReset(z);  // no context takeover: each message stands alone
    z->next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(in.data()));
    z->avail_in = static_cast<uInt>(in.size());
    const std::size_t start = out.size();
    for (;;) {
        const std::size_t used = out.size();
        out.resize(used + std::max<std::size_t>(chunk_bytes, deflateBound(z, z->avail_in) + 16));
        z->next_out = reinterpret_cast<Bytef*>(out.data() + used);
        z->avail_out = static_cast<uInt>(out.size() - used);
        const int rc = deflate(z, Z_SYNC_FLUSH);
        out.resize(out.size() - z->avail_out);
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            out.resize(start);
            return make_error_code(error::inflate_failed);
        }
        if (z->avail_in == 0 && z->avail_out != 0) {
            break;  // all input consumed and the flush is complete
        }
    }
    // A sync flush always ends with an empty stored block: 00 00 FF FF. RFC 7692 §7.2.1 has
    // the sender remove it and the receiver put it back.
    if (out.size() - start >= 4 &&
        std::memcmp(out.data() + out.size() - 4, sync_flush_tail, 4) == 0) {
        out.resize(out.size() - 4);
    }
    return {};
}

base::SharedBytes Deflater::compress_frame(Opcode opcode, std::span<const std::byte> payload,
                                           int window_bits) {
    scratch_.clear();
    if (compress(payload, scratch_, window_bits)) {
        return make_frame(opcode, payload);  // cannot happen with valid streams; send plain
    }
    return make_frame(opcode, scratch_, true);
}

// ---------------------------------------------------------------------------------------------
// Inflater

Inflater::Inflater() : stream_(std::make_unique<z_stream_s>()) {
    // 15 bits inflates data made with any smaller window too.
    if (inflateInit2(stream_.get(), -15) != Z_OK) {
        throw std::bad_alloc();
    }
}

Inflater::~Inflater() {
    inflateEnd(stream_.get());
}

std::error_code Inflater::inflate(std::span<const std::byte> compressed,
                                  std::size_t max_output_bytes, std::vector<std::byte>& out) {
    z_stream_s* z = stream_.get();
    inflateReset(z);  // client_no_context_takeover: each message stands alone
    const std::size_t start = out.size();
    const std::span<const std::byte> inputs[2] = {compressed, std::span(sync_flush_tail)};
    for (const auto& input : inputs) {
        z->next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(input.data()));
        z->avail_in = static_cast<uInt>(input.size());
        for (;;) {
            const std::size_t produced = out.size() - start;
            if (produced > max_output_bytes) {
                out.resize(start);
                return make_error_code(error::message_too_big);
            }
            // Never let one call produce more than the limit allows (plus one byte to detect
            // going over), so memory stays bounded whatever the compression ratio.
            const std::size_t room = std::min(chunk_bytes, max_output_bytes + 1 - produced);
            const std::size_t used = out.size();
            if (out.capacity() < used + room) {
                // Grow geometrically, but never past the limit: the buffer stays bounded by
                // max_output_bytes, not twice that.
                out.reserve(std::min(start + max_output_bytes + 1,
                                     std::max(2 * out.capacity(), used + room)));
            }
            out.resize(used + room);
            z->next_out = reinterpret_cast<Bytef*>(out.data() + used);
            z->avail_out = static_cast<uInt>(room);
            const int rc = ::inflate(z, Z_SYNC_FLUSH);
            const bool is_output_full = z->avail_out == 0;
            out.resize(out.size() - z->avail_out);
            if (rc == Z_STREAM_END) {
                z->avail_in = 0;  // BFINAL block seen: anything after it is ignored
                break;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                out.resize(start);
                return make_error_code(error::inflate_failed);
            }
            if (z->avail_in == 0 && !is_output_full) {
                break;  // this input is used up and nothing is pending
            }
            if (rc == Z_BUF_ERROR && !is_output_full) {
                out.resize(start);
                return make_error_code(error::inflate_failed);  // stuck: truncated or corrupt
            }
        }
    }
    if (out.size() - start > max_output_bytes) {
        out.resize(start);
        return make_error_code(error::message_too_big);
    }
    return {};
}

}  // namespace wsc::ws
