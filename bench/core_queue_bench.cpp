// Outbound queue hot path: what every delivery pays per recipient (push a shared frame, gather
// it into a write, retire it), as in a broadcast backlog of `frames` queued messages.
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "core/outbound_queue.h"

namespace {

void BM_QueuePushGatherConsume(benchmark::State& state) {
    const auto frames = static_cast<std::size_t>(state.range(0));
    const wsc::base::SharedBytes frame = wsc::base::SharedBytes::copy_of(std::string(115, 'x'));
    const wsc::core::QueueLimits limits;
    wsc::core::OutboundQueue queue;
    std::array<boost::asio::const_buffer, 64> buffers;
    for (auto _ : state) {
        for (std::size_t i = 0; i < frames; ++i) {
            benchmark::DoNotOptimize(queue.push(frame, limits));
        }
        while (!queue.empty()) {
            const std::size_t count = queue.gather(buffers, 64 * 1024);
            std::size_t bytes = 0;
            for (std::size_t i = 0; i < count; ++i) {
                bytes += buffers[i].size();
            }
            queue.consume(bytes);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames));
}
BENCHMARK(BM_QueuePushGatherConsume)->Arg(1)->Arg(3)->Arg(12)->Arg(64);

}  // namespace
