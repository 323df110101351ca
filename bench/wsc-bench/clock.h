#pragma once
/// One clock for every process of a run: CLOCK_MONOTONIC is shared by all processes on the
/// machine, so a timestamp written by the sender can be compared by any receiver.

#include <cstdint>
#include <ctime>

namespace wscbench {

inline std::int64_t monotonic_ns() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace wscbench
