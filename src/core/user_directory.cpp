#include "core/user_directory.h"

#include <algorithm>
#include <functional>

namespace wsc::core {

UserDirectory::UserDirectory(std::size_t worker_count, std::size_t max_per_user)
    : worker_count_(worker_count), max_per_user_(max_per_user) {}

UserDirectory::Shard& UserDirectory::shard_of(std::string_view user) noexcept {
    return shards_[std::hash<std::string_view>{}(user) % shard_count];
}

const UserDirectory::Shard& UserDirectory::shard_of(std::string_view user) const noexcept {
    return shards_[std::hash<std::string_view>{}(user) % shard_count];
}

bool UserDirectory::add(std::string_view user, std::uint32_t worker) {
    Shard& shard = shard_of(user);
    std::lock_guard lock(shard.mutex);
    auto it = shard.users.find(user);
    if (it == shard.users.end()) {
        it =
            shard.users
                .emplace(std::string(user), Entry{0, std::vector<std::uint32_t>(worker_count_), {}})
                .first;
    }
    Entry& entry = it->second;
    if (max_per_user_ != 0 && entry.total >= max_per_user_) {
        return false;
    }
    ++entry.total;
    ++entry.per_worker[worker];
    connection_total_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void UserDirectory::describe(std::string_view user, ConnectionSummary summary) {
    Shard& shard = shard_of(user);
    std::lock_guard lock(shard.mutex);
    auto it = shard.users.find(user);
    if (it != shard.users.end()) {
        it->second.connections.push_back(std::move(summary));
    }
}

std::vector<ConnectionSummary> UserDirectory::connections_of(std::string_view user) const {
    const Shard& shard = shard_of(user);
    std::lock_guard lock(shard.mutex);
    auto it = shard.users.find(user);
    return it == shard.users.end() ? std::vector<ConnectionSummary>() : it->second.connections;
}

void UserDirectory::remove(std::string_view user, std::uint32_t worker,
                           std::string_view session_id) {
    Shard& shard = shard_of(user);
    std::lock_guard lock(shard.mutex);
    auto it = shard.users.find(user);
    if (it == shard.users.end() || it->second.per_worker[worker] == 0) {
        return;
    }
    std::erase_if(it->second.connections,
                  [&](const ConnectionSummary& c) { return c.session_id == session_id; });
    --it->second.per_worker[worker];
    connection_total_.fetch_sub(1, std::memory_order_relaxed);
    if (--it->second.total == 0) {
        shard.users.erase(it);
    }
}

UserDirectory::Route UserDirectory::route(std::string_view user) const {
    Route route;
    const Shard& shard = shard_of(user);
    std::lock_guard lock(shard.mutex);
    auto it = shard.users.find(user);
    if (it != shard.users.end()) {
        route.connections = it->second.total;
        for (std::uint32_t w = 0; w < it->second.per_worker.size(); ++w) {
            if (it->second.per_worker[w] != 0) {
                route.workers.push_back(w);
            }
        }
    }
    return route;
}

std::size_t UserDirectory::user_count() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.users.size();
    }
    return total;
}

std::vector<std::string> UserDirectory::users_after(std::string_view after,
                                                    std::size_t limit) const {
    std::vector<std::string> page;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        auto it = after.empty() ? shard.users.begin() : shard.users.upper_bound(after);
        for (std::size_t n = 0; it != shard.users.end() && n < limit; ++it, ++n) {
            page.push_back(it->first);
        }
    }
    std::sort(page.begin(), page.end());
    if (page.size() > limit) {
        page.resize(limit);
    }
    return page;
}

}  // namespace wsc::core
