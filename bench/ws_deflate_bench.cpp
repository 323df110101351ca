// permessage-deflate micro-benchmarks: compressing one fan-out message once (shared by every
// recipient), and inflating client messages.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ws/deflate.h"

namespace {

using namespace wsc::ws;

std::string json_message(std::size_t n) {
    std::string out;
    int i = 0;
    while (out.size() < n) {
        out += R"({"type":"notification","id":")" + std::to_string(i++) +
               R"(","data":{"title":"New order","content":"Order 4711 was paid","level":"info"}},)";
    }
    out.resize(n);
    return out;
}

void BM_CompressFanoutMessage(benchmark::State& state) {
    const std::string message = json_message(static_cast<std::size_t>(state.range(0)));
    Deflater deflater(static_cast<int>(state.range(1)));
    std::size_t compressed = 0;
    for (auto _ : state) {
        auto frame = deflater.compress_frame(
            Opcode::text, std::as_bytes(std::span(message.data(), message.size())));
        compressed = frame.size();
        benchmark::DoNotOptimize(frame.bytes().data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0));
    state.counters["ratio"] = static_cast<double>(compressed) / static_cast<double>(message.size());
}
BENCHMARK(BM_CompressFanoutMessage)->Args({1024, 1})->Args({16384, 1})->Args({16384, 6});

void BM_InflateMessage(benchmark::State& state) {
    const std::string message = json_message(static_cast<std::size_t>(state.range(0)));
    Deflater deflater(1);
    std::vector<std::byte> compressed;
    deflater.compress(std::as_bytes(std::span(message.data(), message.size())), compressed);
    Inflater inflater;
    std::vector<std::byte> out;
    for (auto _ : state) {
        out.clear();
        auto ec = inflater.inflate(compressed, 1 << 20, out);
        benchmark::DoNotOptimize(ec);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InflateMessage)->Arg(1024)->Arg(16384);

}  // namespace
