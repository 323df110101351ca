#pragma once
// Test harness for ws::MessageReader: records every event and feeds input whole or split at
// every byte boundary (STYLE.md point 21).

#include <string>
#include <vector>

#include "support/client_frames.h"
#include "ws/error.h"
#include "ws/message_reader.h"

namespace wsc::ws::test {

struct Recorded {
    std::string kind;  // "text", "binary", "ping", "pong", "close"
    std::string payload;
    int close_code = 0;
    bool operator==(const Recorded&) const = default;
};

struct Recorder {
    std::vector<Recorded> events;
    static std::string text_of(std::span<const std::byte> p) {
        return std::string(reinterpret_cast<const char*>(p.data()), p.size());
    }
    void on_message(Opcode op, std::span<const std::byte> p) {
        events.push_back({op == Opcode::text ? "text" : "binary", text_of(p), 0});
    }
    void on_ping(std::span<const std::byte> p) { events.push_back({"ping", text_of(p), 0}); }
    void on_pong(std::span<const std::byte> p) { events.push_back({"pong", text_of(p), 0}); }
    void on_close(CloseCode c, std::string_view reason) {
        events.push_back({"close", std::string(reason), static_cast<int>(c)});
    }
};

struct FeedResult {
    std::vector<Recorded> events;
    std::error_code error;
};

inline constexpr Limits default_limits{1 << 20, 1 << 20};

/// Feeds `wire` in pieces of the given sizes (the rest in one piece).
inline FeedResult feed(const std::string& wire, std::vector<std::size_t> cuts,
                       const Limits& limits = default_limits, Inflater* inflater = nullptr) {
    MessageReader reader;
    Recorder recorder;
    std::string copy = wire;
    std::size_t pos = 0;
    FeedResult result;
    auto run = [&](std::size_t n) {
        if (result.error) {
            return;
        }
        auto span = std::as_writable_bytes(std::span(copy.data() + pos, n));
        result.error = reader.consume(span, limits, inflater, recorder);
        pos += n;
    };
    for (std::size_t cut : cuts) {
        run(std::min(cut, copy.size() - pos));
    }
    run(copy.size() - pos);
    result.events = recorder.events;
    return result;
}

inline FeedResult feed_whole(const std::string& wire, const Limits& limits = default_limits,
                             Inflater* inflater = nullptr) {
    return feed(wire, {}, limits, inflater);
}

/// Feeds `wire` split once at every position and one byte at a time; all runs must agree with
/// the whole-input run, which is returned.
inline FeedResult feed_every_split(const std::string& wire, const Limits& limits = default_limits,
                                   Inflater* inflater = nullptr) {
    FeedResult whole = feed_whole(wire, limits, inflater);
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
        FeedResult split = feed(wire, {cut}, limits, inflater);
        EXPECT_EQ(split.events, whole.events) << "split at " << cut;
        EXPECT_EQ(split.error, whole.error) << "split at " << cut;
    }
    std::vector<std::size_t> ones(wire.size(), 1);
    FeedResult bytewise = feed(wire, ones, limits, inflater);
    EXPECT_EQ(bytewise.events, whole.events) << "byte by byte";
    EXPECT_EQ(bytewise.error, whole.error) << "byte by byte";
    return whole;
}

}  // namespace wsc::ws::test
