#include "store/memory_stream_store.h"

#include <functional>

namespace wsc::store {

MemoryStreamStore::MemoryStreamStore(RetentionPolicy policy) : policy_(policy) {}

MemoryStreamStore::Shard& MemoryStreamStore::shard_of(std::string_view stream) noexcept {
    return shards_[std::hash<std::string_view>{}(stream) % shard_count];
}

void MemoryStreamStore::trim(Stream& stream, std::int64_t now_ms) const {
    while (stream.tail.size() > policy_.max_messages) {
        stream.tail.pop_front();
    }
    const std::int64_t oldest_allowed = now_ms - policy_.max_age.count();
    while (!stream.tail.empty() && stream.tail.front().ts_ms < oldest_allowed) {
        stream.tail.pop_front();
    }
}

core::StoredMessage MemoryStreamStore::append(
    std::string_view name, std::int64_t ts_ms,
    const std::function<std::string(std::uint64_t seq)>& make_envelope) {
    Shard& shard = shard_of(name);
    std::lock_guard lock(shard.mutex);
    auto it = shard.streams.find(name);
    if (it == shard.streams.end()) {
        it = shard.streams.emplace(std::string(name), Stream{}).first;
    }
    Stream& stream = it->second;
    core::StoredMessage message;
    message.seq = ++stream.last_seq;
    message.ts_ms = ts_ms;
    message.envelope = std::make_shared<const std::string>(make_envelope(message.seq));
    if (policy_.max_messages > 0) {
        stream.tail.push_back(message);
    }
    trim(stream, ts_ms);
    return message;
}

core::StreamRead MemoryStreamStore::read_after(std::string_view name, std::uint64_t after) {
    core::StreamRead read;
    Shard& shard = shard_of(name);
    std::lock_guard lock(shard.mutex);
    auto it = shard.streams.find(name);
    if (it == shard.streams.end()) {
        return read;
    }
    const Stream& stream = it->second;
    read.last_seq = stream.last_seq;
    if (after >= stream.last_seq) {
        return read;  // nothing missed (or the client is ahead of a restarted store)
    }
    const std::uint64_t oldest =
        stream.tail.empty() ? stream.last_seq + 1 : stream.tail.front().seq;
    read.recovered = oldest <= after + 1;
    for (const core::StoredMessage& message : stream.tail) {
        if (message.seq > after) {
            read.messages.push_back(message);
        }
    }
    return read;
}

std::uint64_t MemoryStreamStore::last_seq(std::string_view name) {
    Shard& shard = shard_of(name);
    std::lock_guard lock(shard.mutex);
    auto it = shard.streams.find(name);
    return it == shard.streams.end() ? 0 : it->second.last_seq;
}

void MemoryStreamStore::expire(std::int64_t now_ms) {
    for (Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        for (auto& [name, stream] : shard.streams) {
            trim(stream, now_ms);
        }
        // Streams with nothing retained keep their seq counter: a later message must not
        // reuse a seq a client may have seen. (A durable store keeps it on disk.)
    }
}

std::size_t MemoryStreamStore::stream_count() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.streams.size();
    }
    return total;
}

}  // namespace wsc::store
