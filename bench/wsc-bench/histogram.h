#pragma once
/// LatencyHistogram: a log-linear histogram of nanosecond values, in the manner of
/// HdrHistogram: 64 linear sub-buckets per power of two, so any recorded value is reported
/// within 1/64 (1.6 %) of itself, from 1 ns to 2^46 ns (about 19 hours), in 2,880 counters.
/// Recording is a few instructions; histograms from several processes merge by addition.

#include <array>
#include <cstdint>
#include <string>

#include <boost/json/value.hpp>

namespace wscbench {

class LatencyHistogram {
public:
    static constexpr int sub_bucket_bits = 6;
    static constexpr std::size_t bucket_count = (46 - sub_bucket_bits + 1) * 64 + 64;

    void record(std::int64_t nanoseconds) noexcept;
    void merge(const LatencyHistogram& other) noexcept;

    [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
    [[nodiscard]] std::int64_t max() const noexcept { return max_; }
    [[nodiscard]] std::int64_t min() const noexcept { return total_ == 0 ? 0 : min_; }
    [[nodiscard]] double mean() const noexcept;
    /// The value at or below which `percent` of the recorded values fall (upper bucket edge).
    [[nodiscard]] std::int64_t percentile(double percent) const noexcept;

    /// Sparse form for the JSON result file and for passing between processes.
    [[nodiscard]] boost::json::value to_json() const;
    static LatencyHistogram from_json(const boost::json::value& json);

private:
    static std::size_t index_of(std::uint64_t value) noexcept;
    static std::uint64_t highest_of(std::size_t index) noexcept;

    std::array<std::uint64_t, bucket_count> counts_{};
    std::uint64_t total_ = 0;
    std::int64_t min_ = INT64_MAX;
    std::int64_t max_ = 0;
    long double sum_ = 0;
};

/// "812 µs", "1.24 ms", "35 ns": for the human summary.
std::string format_duration(std::int64_t nanoseconds);

}  // namespace wscbench
