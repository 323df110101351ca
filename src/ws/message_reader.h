#pragma once
/// MessageReader: the receive side of a server WebSocket connection, sans I/O.
///
/// Parses client frames (RFC 6455 §5), unmasks them in place, enforces the framing rules and
/// the size limits, reassembles fragmented messages, validates text as UTF-8 as it arrives and
/// inflates permessage-deflate messages (RFC 7692), then reports whole messages and control
/// frames to a handler. A frame that arrives whole in the input is delivered straight from the
/// caller's buffer: no allocation and no copy. Only a message split across frames or reads is
/// copied into a reassembly buffer, which exists only while such a message is in progress.
///
/// @par Thread Safety
/// One reader per connection, used by its worker thread.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include "ws/close_code.h"
#include "ws/deflate.h"
#include "ws/opcode.h"
#include "ws/utf8.h"

namespace wsc::ws {

struct Limits {
    std::size_t max_frame_size;    // payload bytes of one frame
    std::size_t max_message_size;  // bytes of one message, after reassembly and inflation
};

/// What a reader reports to. Spans are valid only during the call.
template <class H>
concept ReaderHandler = requires(H& h, Opcode op, std::span<const std::byte> p, CloseCode c,
                                 std::string_view reason) {
    h.on_message(op, p);  // text or binary, complete, inflated, UTF-8 checked
    h.on_ping(p);
    h.on_pong(p);
    h.on_close(c, reason);  // validated; c == CloseCode::no_status for an empty payload
};

class MessageReader {
public:
    MessageReader() = default;
    MessageReader(const MessageReader&) = delete;
    MessageReader& operator=(const MessageReader&) = delete;
    MessageReader(MessageReader&&) noexcept = default;
    MessageReader& operator=(MessageReader&&) noexcept = default;
    ~MessageReader() = default;

    /// Consumes `in`, unmasking it in place. Returns {} or the first protocol error; the caller
    /// then closes with close_code_for(ec). After a close frame or an error the reader is
    /// closed and ignores further input. `inflater` is non-null iff permessage-deflate was
    /// negotiated; it is the worker's, shared by all its connections.
    template <ReaderHandler H>
    std::error_code consume(std::span<std::byte> in, const Limits& limits, Inflater* inflater,
                            H& handler) {
        Input input{in.data(), in.size()};
        for (;;) {
            const Event event = next_event(input, limits, inflater);
            switch (event.kind) {
                case EventKind::need_more:
                    return {};
                case EventKind::error:
                    return event.error;
                case EventKind::message:
                    handler.on_message(event.opcode, event.payload);
                    break;
                case EventKind::ping:
                    handler.on_ping(event.payload);
                    break;
                case EventKind::pong:
                    handler.on_pong(event.payload);
                    break;
                case EventKind::close:
                    handler.on_close(event.close_code, event.reason);
                    break;
            }
            after_event(inflater);
        }
    }

    /// True while a message, frame or header is partly received.
    [[nodiscard]] bool in_message() const noexcept {
        return message_opcode_ != 0 || is_in_frame_ || spill_bytes_ != 0;
    }
    [[nodiscard]] bool is_closed() const noexcept { return is_closed_; }
    /// Frees the reassembly buffers if they hold nothing (the connection is idle).
    void release_buffers() noexcept;

private:
    enum class EventKind : std::uint8_t { need_more, error, message, ping, pong, close };
    struct Event {
        EventKind kind = EventKind::need_more;
        Opcode opcode = Opcode::text;
        CloseCode close_code = CloseCode::no_status;
        std::span<const std::byte> payload;
        std::string_view reason;
        std::error_code error;
    };
    struct Input {
        std::byte* data;
        std::size_t size;
    };
    /// Heap storage, allocated only while some message or control frame is split.
    struct Buffers {
        std::vector<std::byte> message;  // reassembled (possibly compressed) message bytes
        std::vector<std::byte> control;  // a control frame payload split across reads
    };

    Event next_event(Input& input, const Limits& limits, Inflater* inflater);
    std::error_code read_header(Input& input, const Limits& limits, Inflater* inflater,
                                bool& is_complete);
    std::error_code check_header(const std::byte* header, std::size_t header_bytes,
                                 const Limits& limits, Inflater* inflater);
    Event on_data_chunk(std::span<std::byte> chunk, bool is_frame_done, const Limits& limits,
                        Inflater* inflater);
    Event on_control_chunk(std::span<std::byte> chunk, bool is_frame_done);
    Event control_event(std::span<const std::byte> payload);
    Event deliver(std::span<const std::byte> message, const Limits& limits, Inflater* inflater);
    Event fail(std::error_code ec) noexcept;
    void after_event(Inflater* inflater) noexcept;
    Buffers& buffers();

    std::uint64_t rx_remaining_bytes_ = 0;  // payload of the current frame still to come
    std::uint64_t message_bytes_ = 0;       // payload bytes of the message so far
    std::unique_ptr<Buffers> buffers_;      // null unless something is split
    std::uint32_t mask_key_ = 0;            // current frame's key, wire byte order
    Utf8Validator utf8_;                    // state of the uncompressed text in progress
    std::byte header_spill_[14] = {};       // a header split across reads (≤ 14 bytes)
    std::uint8_t spill_bytes_ = 0;          // bytes held in header_spill_
    std::uint8_t frame_opcode_ = 0;         // opcode of the current frame
    std::uint8_t message_opcode_ = 0;       // text/binary of the message in progress, or 0
    std::uint8_t mask_offset_ = 0;          // payload bytes unmasked so far, mod 4
    bool is_frame_fin_ = false;             // FIN bit of the current frame
    bool is_message_compressed_ = false;    // RSV1 on the message's first frame
    bool is_in_frame_ = false;              // a header was read; payload pending
    bool is_closed_ = false;                // close frame received, or an error
    bool is_delivering_buffer_ = false;     // the event's payload lives in buffers_->message
};
static_assert(sizeof(MessageReader) <= 64, "MessageReader is part of every connection");

}  // namespace wsc::ws
