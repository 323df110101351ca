#pragma once
/// UserDirectory: which workers hold each user's connections, for the whole node.
///
/// Send-to-user asks it which workers to post to, so a send costs O(that user's workers), never
/// a scan of all connections or a post to every worker. Upgrades reserve a place here first,
/// which is also where the per-user connection limit is enforced atomically.
///
/// @par Thread Safety
/// Every member is safe from any thread: the map is split into shards, each under its own
/// mutex, held only for the map operation.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wsc::core {

/// One connection of a user, as the server API reports it.
struct ConnectionSummary {
    std::string session_id;
    std::uint32_t worker = 0;
    std::int64_t connected_at_ms = 0;
    std::string remote_address;
    std::string user_agent;
    std::map<std::string, std::string> metadata;
};

class UserDirectory {
public:
    /// `max_per_user` = 0 means no per-user limit.
    UserDirectory(std::size_t worker_count, std::size_t max_per_user);

    /// Records one more connection of `user` on `worker`; false (and nothing recorded) when the
    /// user already holds `max_per_user` connections.
    bool add(std::string_view user, std::uint32_t worker);
    /// Describes a connection counted by add(), once its session exists.
    void describe(std::string_view user, ConnectionSummary summary);
    /// Forgets one connection of `user` on `worker` (and its description, if any).
    void remove(std::string_view user, std::uint32_t worker, std::string_view session_id = {});
    /// The described connections of `user`.
    [[nodiscard]] std::vector<ConnectionSummary> connections_of(std::string_view user) const;

    /// Where `user`'s connections are: what a send needs, in one lookup.
    struct Route {
        std::vector<std::uint32_t> workers;  // holding at least one connection, ascending
        std::size_t connections = 0;
    };
    [[nodiscard]] Route route(std::string_view user) const;

    /// Users with at least one connection.
    [[nodiscard]] std::size_t user_count() const;
    /// Connections of all users.
    [[nodiscard]] std::size_t connection_total() const noexcept {
        return connection_total_.load(std::memory_order_relaxed);
    }

    /// Up to `limit` online user ids greater than `after`, ascending: a page of the online list
    /// whose last id is the cursor of the next page. Stable under concurrent changes (a user
    /// appears at most once across pages). O(shards × limit).
    [[nodiscard]] std::vector<std::string> users_after(std::string_view after,
                                                       std::size_t limit) const;

private:
    struct Entry {
        std::uint32_t total = 0;
        std::vector<std::uint32_t> per_worker;  // connections on each worker
        std::vector<ConnectionSummary> connections;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::map<std::string, Entry, std::less<>> users;
    };
    static constexpr std::size_t shard_count = 32;

    Shard& shard_of(std::string_view user) noexcept;
    const Shard& shard_of(std::string_view user) const noexcept;

    std::size_t worker_count_;
    std::size_t max_per_user_;
    std::atomic<std::size_t> connection_total_{0};
    std::array<Shard, shard_count> shards_;
};

}  // namespace wsc::core
