#pragma once
/// Client-to-server masking (RFC 6455 §5.3): XOR with a 4-byte key, done in place.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace wsc::ws {

/// Unmasks `data` in place. `key` holds the four key bytes in wire order (as memcpy'd from the
/// frame header); `offset` is how many payload bytes of this frame were unmasked before, so a
/// payload split across reads continues with the right key byte. Eight bytes per step.
inline void unmask(std::span<std::byte> data, std::uint32_t key, std::size_t offset) noexcept {
    std::uint8_t k[4];
    std::memcpy(k, &key, 4);
    std::uint8_t rotated[8];
    for (int j = 0; j < 8; ++j) {
        rotated[j] = k[(offset + static_cast<std::size_t>(j)) & 3];
    }
    std::uint64_t mask;
    std::memcpy(&mask, rotated, 8);
    auto* p = reinterpret_cast<unsigned char*>(data.data());
    const std::size_t n = data.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        word ^= mask;
        std::memcpy(p + i, &word, 8);
    }
    for (; i < n; ++i) {
        p[i] ^= rotated[i & 7];
    }
}

}  // namespace wsc::ws
