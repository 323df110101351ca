// Send-path micro-benchmarks: encoding a server frame once (header + payload in one shared
// allocation), and the per-recipient cost of sharing it.
#include <benchmark/benchmark.h>

#include <string>

#include "ws/frame_writer.h"

namespace {

using namespace wsc::ws;

void BM_EncodeFrame(benchmark::State& state) {
    const std::string payload(static_cast<std::size_t>(state.range(0)), 'p');
    for (auto _ : state) {
        auto frame = make_frame(Opcode::text, payload);
        benchmark::DoNotOptimize(frame.bytes().data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeFrame)->Arg(16)->Arg(128)->Arg(4096)->Arg(65536);

// Fan-out: one encoded frame referenced by N queues costs a count increment per recipient.
void BM_ShareFrameWithRecipients(benchmark::State& state) {
    const auto recipients = static_cast<std::size_t>(state.range(0));
    const auto frame = make_frame(Opcode::text, std::string(256, 'f'));
    std::vector<wsc::base::SharedBytes> queues(recipients);
    for (auto _ : state) {
        for (auto& slot : queues) {
            slot = frame;
        }
        for (auto& slot : queues) {
            slot = wsc::base::SharedBytes();
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * recipients));
}
BENCHMARK(BM_ShareFrameWithRecipients)->Arg(10000);

}  // namespace
