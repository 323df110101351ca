#include "ws/error.h"

#include <string>

namespace wsc::ws {

namespace {

std::string_view describe(error e) noexcept {
    switch (e) {
        case error::reserved_bits:
            return "reserved bits set";
        case error::reserved_opcode:
            return "reserved opcode";
        case error::unmasked_frame:
            return "client frame not masked";
        case error::control_frame_too_big:
            return "control frame too big";
        case error::fragmented_control_frame:
            return "fragmented control frame";
        case error::unexpected_continuation:
            return "continuation without a message";
        case error::expected_continuation:
            return "expected a continuation frame";
        case error::non_minimal_length:
            return "length not minimally encoded";
        case error::length_msb_set:
            return "64-bit length has its top bit set";
        case error::bad_close_payload:
            return "close payload of one byte";
        case error::invalid_close_code:
            return "invalid close code";
        case error::invalid_utf8:
            return "invalid UTF-8";
        case error::frame_too_big:
            return "frame too big";
        case error::message_too_big:
            return "message too big";
        case error::inflate_failed:
            return "invalid compressed data";
        case error::compressed_control_frame:
            return "compressed control frame";
        case error::unexpected_compression:
            return "RSV1 on a continuation frame";
    }
    return "unknown websocket error";
}

class ErrorCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wsc.ws"; }
    std::string message(int value) const override {
        return std::string(describe(static_cast<error>(value)));
    }
};

}  // namespace

const std::error_category& error_category() noexcept {
    static const ErrorCategory category;
    return category;
}

CloseCode close_code_for(std::error_code ec) noexcept {
    if (ec.category() != error_category()) {
        return CloseCode::internal_error;
    }
    switch (static_cast<error>(ec.value())) {
        case error::invalid_utf8:
        case error::inflate_failed:
            return CloseCode::invalid_payload;
        case error::frame_too_big:
        case error::message_too_big:
            return CloseCode::message_too_big;
        default:
            return CloseCode::protocol_error;
    }
}

std::string_view close_reason_for(std::error_code ec) noexcept {
    if (ec.category() != error_category()) {
        return "internal error";
    }
    return describe(static_cast<error>(ec.value()));
}

}  // namespace wsc::ws
