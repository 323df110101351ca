#include "ws/message_reader.h"

#include <algorithm>
#include <cstring>

#include "ws/error.h"
#include "ws/mask.h"

namespace wsc::ws {

namespace {

constexpr std::uint8_t fin_bit = 0x80;
constexpr std::uint8_t rsv1_bit = 0x40;
constexpr std::uint8_t rsv23_bits = 0x30;
constexpr std::uint8_t mask_bit = 0x80;

std::uint8_t byte_at(const std::byte* p, std::size_t i) noexcept {
    return static_cast<std::uint8_t>(p[i]);
}

/// Header size implied by the first two bytes: 2, the extended length, and the mask key.
std::size_t header_size(std::uint8_t b1) noexcept {
    const std::uint8_t len7 = b1 & 0x7F;
    return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((b1 & mask_bit) != 0 ? 4 : 0);
}

bool is_reserved_opcode(std::uint8_t opcode) noexcept {
    return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Frames

MessageReader::Event MessageReader::next_event(Input& input, const Limits& limits,
                                               Inflater* inflater) {
    while (!is_closed_) {
        if (!is_in_frame_) {
            bool is_complete = false;
            if (std::error_code ec = read_header(input, limits, inflater, is_complete)) {
                return fail(ec);
            }
            if (!is_complete) {
                return {};
            }
            is_in_frame_ = true;
        }
        const std::size_t take =
            static_cast<std::size_t>(std::min<std::uint64_t>(input.size, rx_remaining_bytes_));
        if (take == 0 && rx_remaining_bytes_ != 0) {
            return {};  // the payload has not arrived yet
        }
        std::span<std::byte> chunk(input.data, take);
        if (take != 0) {
            unmask(chunk, mask_key_, mask_offset_);  // RFC 6455 §5.3
            mask_offset_ = static_cast<std::uint8_t>((mask_offset_ + take) & 3);
            input.data += take;
            input.size -= take;
            rx_remaining_bytes_ -= take;
        }
        const bool is_frame_done = rx_remaining_bytes_ == 0;
        if (is_frame_done) {
            is_in_frame_ = false;
        }
        Event event = is_control(static_cast<Opcode>(frame_opcode_))
                          ? on_control_chunk(chunk, is_frame_done)
                          : on_data_chunk(chunk, is_frame_done, limits, inflater);
        if (event.kind != EventKind::need_more) {
            return event;
        }
        if (!is_frame_done) {
            return {};
        }
    }
    return {};
}

std::error_code MessageReader::read_header(Input& input, const Limits& limits, Inflater* inflater,
                                           bool& is_complete) {
    // Fast path: the whole header is in the input.
    if (spill_bytes_ == 0 && input.size >= 2) {
        const std::size_t need = header_size(byte_at(input.data, 1));
        if (input.size >= need) {
            std::error_code ec = check_header(input.data, need, limits, inflater);
            input.data += need;
            input.size -= need;
            is_complete = true;
            return ec;
        }
    }
    // A header split across reads: keep its bytes until it is whole. The first two bytes are
    // checked as soon as they are here, so a bad frame fails before its length arrives.
    for (;;) {
        const std::size_t need = spill_bytes_ < 2 ? 2 : header_size(byte_at(header_spill_, 1));
        if (spill_bytes_ >= need) {
            break;
        }
        if (input.size == 0) {
            is_complete = false;
            return {};
        }
        const std::size_t copy = std::min(need - spill_bytes_, input.size);
        std::memcpy(header_spill_ + spill_bytes_, input.data, copy);
        input.data += copy;
        input.size -= copy;
        spill_bytes_ = static_cast<std::uint8_t>(spill_bytes_ + copy);
        if (spill_bytes_ == 2 && header_size(byte_at(header_spill_, 1)) > 2) {
            const std::uint8_t b0 = byte_at(header_spill_, 0);
            const std::uint8_t b1 = byte_at(header_spill_, 1);
            if ((b0 & rsv23_bits) != 0) {
                return make_error_code(error::reserved_bits);
            }
            if (is_reserved_opcode(b0 & 0x0F)) {
                return make_error_code(error::reserved_opcode);
            }
            if ((b1 & mask_bit) == 0) {
                return make_error_code(error::unmasked_frame);
            }
        }
    }
    std::error_code ec = check_header(header_spill_, spill_bytes_, limits, inflater);
    spill_bytes_ = 0;
    is_complete = true;
    return ec;
}

std::error_code MessageReader::check_header(const std::byte* header, std::size_t header_bytes,
                                            const Limits& limits, Inflater* inflater) {
    const std::uint8_t b0 = byte_at(header, 0);
    const std::uint8_t b1 = byte_at(header, 1);
    const bool fin = (b0 & fin_bit) != 0;
    const bool rsv1 = (b0 & rsv1_bit) != 0;
    const std::uint8_t opcode = b0 & 0x0F;
    const bool control = (opcode & 0x8) != 0;

    // RFC 6455 §5.2: RSV2/RSV3 have no meaning without an extension defining them.
    if ((b0 & rsv23_bits) != 0) {
        return make_error_code(error::reserved_bits);
    }
    // RFC 6455 §5.2: opcodes 3–7 and B–F are reserved.
    if (is_reserved_opcode(opcode)) {
        return make_error_code(error::reserved_opcode);
    }
    // RFC 6455 §5.1: a server MUST close the connection on an unmasked client frame.
    if ((b1 & mask_bit) == 0) {
        return make_error_code(error::unmasked_frame);
    }
    if (control) {
        // RFC 6455 §5.5: control frames are never fragmented and carry at most 125 bytes.
        if (!fin) {
            return make_error_code(error::fragmented_control_frame);
        }
        if ((b1 & 0x7F) > 125) {
            return make_error_code(error::control_frame_too_big);
        }
        // RFC 7692 §6.1: RSV1 means "compressed" only on the first frame of a data message.
        if (rsv1) {
            return make_error_code(inflater != nullptr ? error::compressed_control_frame
                                                       : error::reserved_bits);
        }
    } else if (opcode == 0) {
        // RFC 6455 §5.4: a continuation needs a message in progress.
        if (message_opcode_ == 0) {
            return make_error_code(error::unexpected_continuation);
        }
        if (rsv1) {
            return make_error_code(inflater != nullptr ? error::unexpected_compression
                                                       : error::reserved_bits);
        }
    } else {
        // RFC 6455 §5.4: fragments of one message are not interleaved with another.
        if (message_opcode_ != 0) {
            return make_error_code(error::expected_continuation);
        }
        if (rsv1 && inflater == nullptr) {
            return make_error_code(error::reserved_bits);
        }
    }

    // RFC 6455 §5.2: payload length in 7 bits, 7+16 bits or 7+64 bits, always the shortest.
    std::uint64_t length = b1 & 0x7F;
    if (length == 126) {
        length = (std::uint64_t{byte_at(header, 2)} << 8) | byte_at(header, 3);
        if (length < 126) {
            return make_error_code(error::non_minimal_length);
        }
    } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i) {
            length = (length << 8) | byte_at(header, 2 + static_cast<std::size_t>(i));
        }
        if ((length >> 63) != 0) {
            return make_error_code(error::length_msb_set);
        }
        if (length <= 0xFFFF) {
            return make_error_code(error::non_minimal_length);
        }
    }
    std::memcpy(&mask_key_, header + header_bytes - 4, 4);

    if (!control) {
        if (length > limits.max_frame_size) {
            return make_error_code(error::frame_too_big);
        }
        const std::uint64_t so_far = opcode == 0 ? message_bytes_ : 0;
        if (so_far + length > limits.max_message_size) {
            return make_error_code(error::message_too_big);
        }
        if (opcode != 0) {
            message_opcode_ = opcode;
            is_message_compressed_ = rsv1;
            utf8_.reset();
        }
        message_bytes_ = so_far + length;
    }
    frame_opcode_ = opcode;
    is_frame_fin_ = fin;
    rx_remaining_bytes_ = length;
    mask_offset_ = 0;
    return {};
}

// ---------------------------------------------------------------------------------------------
// Messages

MessageReader::Event MessageReader::on_data_chunk(std::span<std::byte> chunk, bool is_frame_done,
                                                  const Limits& limits, Inflater* inflater) {
    const bool is_message_done = is_frame_done && is_frame_fin_;
    const bool has_buffered = buffers_ && !buffers_->message.empty();
    // RFC 6455 §8.1: text must be UTF-8. Checked as the bytes arrive, so an endless message
    // of garbage fails at its first bad byte. Compressed text is checked once inflated.
    if (!is_message_compressed_ && message_opcode_ == static_cast<std::uint8_t>(Opcode::text)) {
        if (!utf8_.consume(chunk) || (is_message_done && !utf8_.is_complete())) {
            return fail(make_error_code(error::invalid_utf8));
        }
    }
    if (is_message_done && !has_buffered) {
        return deliver(chunk, limits, inflater);  // the whole message is in the caller's buffer
    }
    if (!chunk.empty()) {
        std::vector<std::byte>& message = buffers().message;
        if (message.empty()) {
            // Reserve once for what the headers so far announced.
            message.reserve(static_cast<std::size_t>(message_bytes_));
        }
        message.insert(message.end(), chunk.begin(), chunk.end());
    }
    if (!is_message_done) {
        return {};
    }
    is_delivering_buffer_ = true;
    return deliver(buffers_->message, limits, inflater);
}

MessageReader::Event MessageReader::deliver(std::span<const std::byte> message,
                                            const Limits& limits, Inflater* inflater) {
    Event event;
    event.kind = EventKind::message;
    event.opcode = static_cast<Opcode>(message_opcode_);
    event.payload = message;
    if (is_message_compressed_) {
        std::vector<std::byte>& out = inflater->scratch();
        out.clear();
        if (std::error_code ec = inflater->inflate(message, limits.max_message_size, out)) {
            return fail(ec);
        }
        if (event.opcode == Opcode::text) {
            Utf8Validator validator;
            if (!validator.consume(out) || !validator.is_complete()) {
                return fail(make_error_code(error::invalid_utf8));
            }
        }
        event.payload = out;
    }
    message_opcode_ = 0;
    message_bytes_ = 0;
    is_message_compressed_ = false;
    return event;
}

MessageReader::Event MessageReader::on_control_chunk(std::span<std::byte> chunk,
                                                     bool is_frame_done) {
    const bool has_buffered = buffers_ && !buffers_->control.empty();
    if (is_frame_done && !has_buffered) {
        return control_event(chunk);
    }
    std::vector<std::byte>& control = buffers().control;
    control.insert(control.end(), chunk.begin(), chunk.end());
    if (!is_frame_done) {
        return {};
    }
    return control_event(control);
}

MessageReader::Event MessageReader::control_event(std::span<const std::byte> payload) {
    Event event;
    event.payload = payload;
    switch (static_cast<Opcode>(frame_opcode_)) {
        case Opcode::ping:
            event.kind = EventKind::ping;
            return event;
        case Opcode::pong:
            event.kind = EventKind::pong;
            return event;
        default:
            break;
    }
    // RFC 6455 §5.5.1: an empty close, or a 2-byte code followed by a UTF-8 reason.
    event.kind = EventKind::close;
    if (payload.size() == 1) {
        return fail(make_error_code(error::bad_close_payload));
    }
    if (payload.size() >= 2) {
        const auto code = static_cast<std::uint16_t>((byte_at(payload.data(), 0) << 8) |
                                                     byte_at(payload.data(), 1));
        if (!is_valid_wire_close_code(code)) {
            return fail(make_error_code(error::invalid_close_code));
        }
        Utf8Validator validator;
        const auto reason = payload.subspan(2);
        if (!validator.consume(reason) || !validator.is_complete()) {
            return fail(make_error_code(error::invalid_utf8));
        }
        event.close_code = static_cast<CloseCode>(code);
        event.reason =
            std::string_view(reinterpret_cast<const char*>(reason.data()), reason.size());
    }
    is_closed_ = true;  // nothing after a close frame is read (§5.5.1)
    return event;
}

MessageReader::Event MessageReader::fail(std::error_code ec) noexcept {
    is_closed_ = true;
    Event event;
    event.kind = EventKind::error;
    event.error = ec;
    return event;
}

void MessageReader::after_event(Inflater* inflater) noexcept {
    if (buffers_) {
        if (is_delivering_buffer_) {
            buffers_->message.clear();
        }
        buffers_->control.clear();
    }
    is_delivering_buffer_ = false;
    if (inflater != nullptr) {
        inflater->scratch().clear();
    }
}

MessageReader::Buffers& MessageReader::buffers() {
    if (!buffers_) {
        buffers_ = std::make_unique<Buffers>();
    }
    return *buffers_;
}

void MessageReader::release_buffers() noexcept {
    if (buffers_ && buffers_->message.empty() && buffers_->control.empty()) {
        buffers_.reset();
    }
}

}  // namespace wsc::ws
