#pragma once
/// MemoryStreamStore: streams kept in memory, for tests and ephemeral nodes (a restart loses
/// them). Each stream keeps at most `max_messages`, none older than `max_age`.

#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/stream_store.h"

namespace wsc::store {

struct RetentionPolicy {
    std::size_t max_messages = 100;                  // per stream (seed 002)
    std::chrono::milliseconds max_age{30 * 60'000};  // seed 002: 30 minutes
};

class MemoryStreamStore final : public core::StreamStore {
public:
    explicit MemoryStreamStore(RetentionPolicy policy);

    core::StoredMessage append(
        std::string_view stream, std::int64_t ts_ms,
        const std::function<std::string(std::uint64_t seq)>& make_envelope) override;
    core::StreamRead read_after(std::string_view stream, std::uint64_t after) override;
    std::uint64_t last_seq(std::string_view stream) override;
    void expire(std::int64_t now_ms) override;

    /// Streams currently held (for tests and stats).
    [[nodiscard]] std::size_t stream_count() const;

private:
    struct Stream {
        std::uint64_t last_seq = 0;
        std::deque<core::StoredMessage> tail;  // ascending seq
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };
    struct Shard {
        mutable std::mutex mutex;
        // Hashed, with lookups by string_view: a send finds its stream on the hot path.
        std::unordered_map<std::string, Stream, StringHash, std::equal_to<>> streams;
    };
    static constexpr std::size_t shard_count = 32;

    Shard& shard_of(std::string_view stream) noexcept;
    void trim(Stream& stream, std::int64_t now_ms) const;

    RetentionPolicy policy_;
    std::array<Shard, shard_count> shards_;
};

}  // namespace wsc::store
