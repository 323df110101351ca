#pragma once
/// ReceiverProcess: a child process's share of the client connections. It opens them (at the
/// run's connect rate and concurrency), tells the parent when they are up, reports how many
/// messages arrived several times a second, and, when the parent says stop, sends its
/// ReceiverStats back and exits.
///
/// Pipe protocol, one line each: child → parent `ready`, `progress <received> <open>`,
/// `result <json>`; parent → child `stop`.

#include <cstddef>

#include "options.h"

namespace wscbench {

/// Runs in the child after fork(); never returns.
[[noreturn]] void run_receiver_process(const Options& options, std::size_t first_user,
                                       std::size_t count, int control_fd, int report_fd);

}  // namespace wscbench
