#pragma once
/// The benchmark message: `{"t":<CLOCK_MONOTONIC ns at send>,"k":<index>,"p":"…"}`, padded to
/// the run's message size. Senders (the API trigger, echoing clients) build it here; receivers
/// read `t` and `k` back.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

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

/// What a receiver reads back from a message: the stamp, and wsc's stream seq if present.
struct ReadStamp {
    std::int64_t sent_ns = 0;
    std::int64_t index = -1;
    std::int64_t seq = 0;       // 0: none (peers, or a message that isn't persisted)
    bool is_broadcast = false;  // seq is of wsc's `all` stream, not the user's
};

/// Reads a stamped message as it arrives: bare (peers) or inside wsc's envelope
/// (`{"type":…,"data":{"t":…,"k":…,"p":"…"},…,"seq":N,"ts":…}`). One pass over the bytes:
/// at a million deliveries a second, searching the text once per key cost the receiving
/// process a fifth of its core. False for a message without a stamp.
inline bool read_stamp(std::string_view text, ReadStamp& out) {
    constexpr std::string_view t_key = "{\"t\":";
    constexpr std::string_view k_key = ",\"k\":";
    constexpr std::string_view p_key = ",\"p\":\"";
    constexpr std::string_view seq_key = "\"seq\":";
    const char* const end = text.data() + text.size();
    const std::size_t t_at = text.find(t_key);
    if (t_at == std::string_view::npos) {
        return false;
    }
    const char* at = text.data() + t_at + t_key.size();
    auto number = [&](std::int64_t& value) {
        const auto parsed = std::from_chars(at, end, value);
        at = parsed.ptr;
        return parsed.ec == std::errc();
    };
    auto skip = [&](std::string_view key) {
        if (static_cast<std::size_t>(end - at) < key.size() ||
            std::memcmp(at, key.data(), key.size()) != 0) {
            return false;
        }
        at += key.size();
        return true;
    };
    if (!number(out.sent_ns)) {
        return false;
    }
    out.index = -1;
    out.seq = 0;
    out.is_broadcast = false;
    if (skip(k_key) && number(out.index) && skip(p_key)) {
        // The padding has no quotes: what follows its closing one is the envelope's tail.
        const void* quote = std::memchr(at, '"', static_cast<std::size_t>(end - at));
        at = quote != nullptr ? static_cast<const char*>(quote) + 1 : end;
    }
    const std::string_view tail(at, static_cast<std::size_t>(end - at));
    const std::size_t seq_at = tail.find(seq_key);
    if (seq_at != std::string_view::npos) {
        out.is_broadcast = tail.find("\"stream\":\"all\"") != std::string_view::npos;
        at = tail.data() + seq_at + seq_key.size();
        if (!number(out.seq)) {
            out.seq = 0;
        }
    }
    return true;
}

}  // namespace wscbench
