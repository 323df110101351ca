#pragma once
/// StreamStore: where each stream's recent messages live, numbered 1, 2, 3… (DESIGN.md
/// "Delivery model"). `core` declares it; `store/` implements it (memory now; RocksDB and
/// Redis later) and `app` injects one.
///
/// Streams are named `user:<id>` and `all` (rooms add `room:<id>`). A store keeps each stream's
/// tail bounded by count and age; a client that reconnects reads what it missed after its last
/// seq, or learns that the gap is gone.
///
/// @par Thread Safety
/// Every member may be called from any thread concurrently.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wsc::core {

struct StoredMessage {
    std::uint64_t seq = 0;
    std::int64_t ts_ms = 0;
    std::shared_ptr<const std::string> envelope;  // the JSON text, with stream and seq inside
};

struct StreamRead {
    std::vector<StoredMessage> messages;  // seq > after, ascending, no gaps among themselves
    std::uint64_t last_seq = 0;           // the stream's newest seq (0 = never written)
    bool recovered = true;                // false: messages after `after` were already dropped
};

class StreamStore {
public:
    virtual ~StreamStore() = default;

    /// Appends one message to `stream`: assigns the next seq and stores the envelope that
    /// `make_envelope(seq)` builds (called once, under the stream's lock, so seqs and stored
    /// order agree). Returns the stored message.
    virtual StoredMessage append(
        std::string_view stream, std::int64_t ts_ms,
        const std::function<std::string(std::uint64_t seq)>& make_envelope) = 0;

    /// Messages of `stream` with seq > `after`, oldest first (at most the retained tail).
    virtual StreamRead read_after(std::string_view stream, std::uint64_t after) = 0;

    /// The newest seq of `stream` (0 if it has none).
    virtual std::uint64_t last_seq(std::string_view stream) = 0;

    /// Drops messages past their age limit in every stream. Called periodically.
    virtual void expire(std::int64_t now_ms) = 0;
};

/// `user:<id>`
std::string user_stream(std::string_view user_id);
inline constexpr std::string_view broadcast_stream = "all";

}  // namespace wsc::core
