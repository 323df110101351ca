// libFuzzer target: inflating arbitrary client data under a size limit (never more output
// than the limit), and compress -> inflate round trips of the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ws/deflate.h"
#include "ws/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static wsc::ws::Inflater inflater;
    static wsc::ws::Deflater deflater(1);
    const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    constexpr std::size_t limit = 64 * 1024;
    std::vector<std::byte> out;
    if (!inflater.inflate(input, limit, out) && out.size() > limit) {
        std::abort();
    }
    std::vector<std::byte> compressed, restored;
    const int bits = 9 + static_cast<int>(size % 7);
    if (deflater.compress(input, compressed, bits) ||
        inflater.inflate(compressed, size + 1, restored) || restored.size() != size ||
        (size > 0 && std::memcmp(restored.data(), data, size) != 0)) {
        std::abort();
    }
    return 0;
}
