// libFuzzer target: ws::MessageReader on arbitrary client bytes, fed in pieces whose sizes
// the input's first byte chooses, with and without permessage-deflate.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ws/deflate.h"
#include "ws/message_reader.h"

namespace {
struct Sink {
    std::size_t bytes = 0;
    void on_message(wsc::ws::Opcode, std::span<const std::byte> p) { bytes += p.size(); }
    void on_ping(std::span<const std::byte> p) { bytes += p.size(); }
    void on_pong(std::span<const std::byte> p) { bytes += p.size(); }
    void on_close(wsc::ws::CloseCode, std::string_view reason) { bytes += reason.size(); }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    static wsc::ws::Inflater inflater;
    const bool use_deflate = (data[0] & 0x80) != 0;
    const std::size_t piece = 1 + (data[0] & 0x7F);
    std::vector<std::byte> input(reinterpret_cast<const std::byte*>(data + 1),
                                 reinterpret_cast<const std::byte*>(data + size));
    wsc::ws::MessageReader reader;
    Sink sink;
    const wsc::ws::Limits limits{64 * 1024, 256 * 1024};
    for (std::size_t pos = 0; pos < input.size(); pos += piece) {
        const std::size_t n = std::min(piece, input.size() - pos);
        if (reader.consume(std::span(input.data() + pos, n), limits,
                           use_deflate ? &inflater : nullptr, sink)) {
            break;
        }
        if (!reader.in_message()) {
            reader.release_buffers();
        }
    }
    return 0;
}
