#pragma once
/// Raising the open-file limit: every connection is a descriptor.

#include <cstddef>

namespace wsc::net {

struct FdLimit {
    std::size_t soft = 0;  // the limit in force after the call
    std::size_t hard = 0;
};

/// Raises the soft RLIMIT_NOFILE to the hard limit (never lowers it) and returns both.
/// An unprivileged process cannot go past the hard limit; the caller warns when the result is
/// below what max_connections needs.
FdLimit raise_fd_limit() noexcept;

}  // namespace wsc::net
