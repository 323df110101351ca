#pragma once
/// Invariant checks. Asserts are for our own bugs, never for peer input (STYLE.md point 9).
///
/// - `WSC_ASSERT(cond)` documents an invariant; compiled only in debug builds.
/// - `WSC_CHECK(cond)` guards misuse that would corrupt state (touching a connection from the
///   wrong worker, say); it runs in every build, logs the failed condition and aborts.

#include <cstdio>
#include <cstdlib>

namespace wsc::base::detail {
[[noreturn]] inline void check_failed(const char* cond, const char* file, int line) {
    std::fprintf(stderr, "WSC_CHECK failed: %s at %s:%d\n", cond, file, line);
    std::fflush(stderr);
    std::abort();
}
}  // namespace wsc::base::detail

#define WSC_CHECK(cond)                                                   \
    do {                                                                  \
        if (!(cond)) [[unlikely]] {                                       \
            ::wsc::base::detail::check_failed(#cond, __FILE__, __LINE__); \
        }                                                                 \
    } while (0)

#ifdef NDEBUG
#define WSC_ASSERT(cond) ((void)0)
#else
#define WSC_ASSERT(cond) WSC_CHECK(cond)
#endif
