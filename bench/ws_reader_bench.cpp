// Receive-path micro-benchmarks: ws::MessageReader parsing masked client frames (unmask in
// place, UTF-8 validation for text), as a worker does with one pooled read buffer.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "ws/message_reader.h"

namespace {

using namespace wsc::ws;

struct CountingHandler {
    std::size_t messages = 0;
    std::size_t bytes = 0;
    void on_message(Opcode, std::span<const std::byte> p) {
        ++messages;
        bytes += p.size();
    }
    void on_ping(std::span<const std::byte>) {}
    void on_pong(std::span<const std::byte>) {}
    void on_close(CloseCode, std::string_view) {}
};

std::string masked_frame(std::uint8_t opcode, std::size_t payload_bytes) {
    std::string frame;
    frame += static_cast<char>(0x80 | opcode);
    if (payload_bytes < 126) {
        frame += static_cast<char>(0x80 | payload_bytes);
    } else if (payload_bytes <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>(payload_bytes >> 8);
        frame += static_cast<char>(payload_bytes & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame += static_cast<char>((payload_bytes >> shift) & 0xFF);
        }
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(key, 4);
    for (std::size_t i = 0; i < payload_bytes; ++i) {
        // JSON-ish ASCII text, masked.
        const char c = "{\"type\":\"chat\",\"data\":\"hello world\"}"[i % 36];
        frame += static_cast<char>(c ^ key[i % 4]);
    }
    return frame;
}

// One buffer holding as many frames as fit in 64 KiB (at least one), parsed over and over.
// Unmasking is in place, so each iteration restores the masked bytes first (memcpy, counted in
// the time: a read() into the buffer would cost at least that).
void parse_frames(benchmark::State& state, std::uint8_t opcode) {
    const auto payload_bytes = static_cast<std::size_t>(state.range(0));
    const std::string one = masked_frame(opcode, payload_bytes);
    const std::size_t count = std::max<std::size_t>(1, (64 * 1024) / one.size());
    std::string wire;
    for (std::size_t i = 0; i < count; ++i) {
        wire += one;
    }
    std::vector<std::byte> buffer(wire.size());
    MessageReader reader;
    CountingHandler handler;
    const Limits limits{1 << 20, 1 << 20};
    for (auto _ : state) {
        std::memcpy(buffer.data(), wire.data(), wire.size());
        auto ec = reader.consume(buffer, limits, nullptr, handler);
        if (ec) {
            state.SkipWithError(ec.message().c_str());
            break;
        }
        benchmark::DoNotOptimize(handler.messages);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
    state.counters["frames_per_batch"] = static_cast<double>(count);
}

void BM_ParseMaskedText(benchmark::State& state) {
    parse_frames(state, 0x1);
}
void BM_ParseMaskedBinary(benchmark::State& state) {
    parse_frames(state, 0x2);
}

BENCHMARK(BM_ParseMaskedText)->Arg(16)->Arg(128)->Arg(4096)->Arg(65536);
BENCHMARK(BM_ParseMaskedBinary)->Arg(16)->Arg(128)->Arg(4096)->Arg(65536);

}  // namespace
