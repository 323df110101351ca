#pragma once
/// The benchmark message: `{"t":<CLOCK_MONOTONIC ns at send>,"k":<index>,"p":"…"}`, padded to
/// the run's message size. Senders (the API trigger, echoing clients) build it here; receivers
/// read `t` and `k` back.

#include <cstddef>
#include <cstdint>
#include <string>

#include "clock.h"

namespace wscbench {

/// The padding that brings a stamped message to about `message_bytes`.
inline std::string stamp_padding(std::size_t message_bytes) {
    // {"t":1234567890123456,"k":1234567,"p":""} is about 42 bytes.
    return std::string(message_bytes > 42 ? message_bytes - 42 : 0, 'x');
}

/// Message number `index`, stamped now.
inline std::string stamped_message(std::uint64_t index, const std::string& padding) {
    return "{\"t\":" + std::to_string(monotonic_ns()) + ",\"k\":" + std::to_string(index) +
           ",\"p\":\"" + padding + "\"}";
}

}  // namespace wscbench
