#include "net/fd_limit.h"

#include <sys/resource.h>

namespace wsc::net {

FdLimit raise_fd_limit() noexcept {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return {};
    }
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            limit = raised;
        }
    }
    return FdLimit{static_cast<std::size_t>(limit.rlim_cur),
                   static_cast<std::size_t>(limit.rlim_max)};
}

}  // namespace wsc::net
