#pragma once
/// ConnId: how code outside a worker names a connection (STYLE.md point 10).
///
/// A connection is owned by its worker's table; others hold a ConnId and post work to that
/// worker. A stale id (the slot was reused) fails the generation check and finds nothing.

#include <compare>
#include <cstdint>
#include <functional>

namespace wsc::net {

struct ConnId {
    std::uint32_t worker = 0;      // index of the owning worker
    std::uint32_t slot = 0;        // index in the worker's connection table
    std::uint32_t generation = 0;  // bumped each time the slot is reused; 0 = never valid

    [[nodiscard]] bool is_valid() const noexcept { return generation != 0; }
    friend auto operator<=>(const ConnId&, const ConnId&) = default;
};

}  // namespace wsc::net

template <>
struct std::hash<wsc::net::ConnId> {
    std::size_t operator()(const wsc::net::ConnId& id) const noexcept {
        return (std::size_t{id.worker} << 56) ^ (std::size_t{id.slot} << 24) ^ id.generation;
    }
};
