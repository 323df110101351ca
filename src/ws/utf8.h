#pragma once
/// Utf8Validator: incremental UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires for text).
///
/// The state survives across chunks and fragments, and validation fails at the first byte that
/// makes the input impossible to complete as valid UTF-8, not at the end of the message, so a
/// peer sending garbage in the first fragment of an endless message is stopped right away.
/// ASCII runs are checked eight bytes at a time.

#include <cstddef>
#include <cstdint>
#include <span>

namespace wsc::ws {

class Utf8Validator {
public:
    /// Feeds the next bytes. Returns false once the input can no longer be valid UTF-8 (and
    /// keeps returning false until reset()).
    bool consume(std::span<const std::byte> bytes) noexcept;
    /// True when the bytes so far end on a character boundary (and nothing was invalid).
    [[nodiscard]] bool is_complete() const noexcept { return remaining_ == 0 && !has_failed_; }
    void reset() noexcept { *this = Utf8Validator(); }

private:
    std::uint8_t remaining_ = 0;  // continuation bytes still expected
    std::uint8_t lower_ = 0x80;   // allowed range of the next continuation byte: it narrows
    std::uint8_t upper_ = 0xBF;   // after E0, ED, F0 and F4 (overlongs, surrogates, > U+10FFFF)
    bool has_failed_ = false;
};
static_assert(sizeof(Utf8Validator) == 4, "Utf8Validator is part of every reader's state");

}  // namespace wsc::ws
