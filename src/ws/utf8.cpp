#include "ws/utf8.h"

#include <cstring>

namespace wsc::ws {

bool Utf8Validator::consume(std::span<const std::byte> bytes) noexcept {
    if (has_failed_) {
        return false;
    }
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    for (;;) {
        // Continuation bytes of the character in progress (possibly begun in an earlier chunk).
        while (remaining_ > 0) {
            if (i == n) {
                return true;
            }
            const std::uint8_t b = p[i++];
            if (b < lower_ || b > upper_) {
                has_failed_ = true;
                return false;
            }
            lower_ = 0x80;
            upper_ = 0xBF;
            --remaining_;
        }
        // ASCII fast path: sixteen, then eight bytes at a time.
        while (i + 16 <= n) {
            std::uint64_t a, b;
            std::memcpy(&a, p + i, 8);
            std::memcpy(&b, p + i + 8, 8);
            if (((a | b) & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 16;
        }
        while (i + 8 <= n) {
            std::uint64_t a;
            std::memcpy(&a, p + i, 8);
            if ((a & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 8;
        }
        while (i < n && p[i] < 0x80) {
            ++i;
        }
        if (i == n) {
            return true;
        }
        // A lead byte (RFC 3629 §4, the table of well-formed byte sequences).
        const std::uint8_t lead = p[i++];
        if (lead >= 0xC2 && lead <= 0xDF) {
            remaining_ = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            remaining_ = 2;
            if (lead == 0xE0) {
                lower_ = 0xA0;  // no overlong three-byte forms
            } else if (lead == 0xED) {
                upper_ = 0x9F;  // no UTF-16 surrogates U+D800..U+DFFF
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            remaining_ = 3;
            if (lead == 0xF0) {
                lower_ = 0x90;  // no overlong four-byte forms
            } else if (lead == 0xF4) {
                upper_ = 0x8F;  // nothing above U+10FFFF
            }
        } else {
            has_failed_ = true;  // 80..C1 (stray continuation, overlong lead) and F5..FF
            return false;
        }
    }
}

}  // namespace wsc::ws
