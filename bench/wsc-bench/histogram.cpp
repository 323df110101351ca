#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cstdio>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace wscbench {

// Values below 128 get a bucket each. Above, a value whose highest set bit is b lands in
// group e = b - 6 (so value >> e falls in [64, 128)), at index e * 64 + (value >> e).
std::size_t LatencyHistogram::index_of(std::uint64_t value) noexcept {
    if (value < 128) {
        return static_cast<std::size_t>(value);
    }
    const int top_bit = 63 - std::countl_zero(value);
    const int e = top_bit - sub_bucket_bits;
    const std::size_t index = static_cast<std::size_t>(e) * 64 + (value >> e);
    return std::min(index, bucket_count - 1);
}

std::uint64_t LatencyHistogram::highest_of(std::size_t index) noexcept {
    if (index < 128) {
        return index;
    }
    const std::size_t e = index / 64 - 1;
    const std::uint64_t low = static_cast<std::uint64_t>(index - e * 64) << e;
    return low + (std::uint64_t{1} << e) - 1;
}

void LatencyHistogram::record(std::int64_t nanoseconds) noexcept {
    const std::int64_t value = std::max<std::int64_t>(nanoseconds, 0);
    ++counts_[index_of(static_cast<std::uint64_t>(value))];
    ++total_;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    sum_ += static_cast<long double>(value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
    for (std::size_t i = 0; i < bucket_count; ++i) {
        counts_[i] += other.counts_[i];
    }
    total_ += other.total_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

double LatencyHistogram::mean() const noexcept {
    return total_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(total_));
}

std::int64_t LatencyHistogram::percentile(double percent) const noexcept {
    if (total_ == 0) {
        return 0;
    }
    const auto wanted = static_cast<std::uint64_t>(std::max(
        1.0, static_cast<double>(total_) * std::clamp(percent, 0.0, 100.0) / 100.0 + 0.5 - 1e-9));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        seen += counts_[i];
        if (seen >= wanted) {
            return std::min<std::int64_t>(static_cast<std::int64_t>(highest_of(i)), max_);
        }
    }
    return max_;
}

boost::json::value LatencyHistogram::to_json() const {
    boost::json::array buckets;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        if (counts_[i] != 0) {
            buckets.push_back(boost::json::array{i, counts_[i]});
        }
    }
    return boost::json::object{{"count", total_},
                               {"min", min()},
                               {"max", max_},
                               {"sum", static_cast<double>(sum_)},
                               {"buckets", std::move(buckets)}};
}

LatencyHistogram LatencyHistogram::from_json(const boost::json::value& json) {
    LatencyHistogram h;
    const boost::json::object& o = json.as_object();
    for (const boost::json::value& pair : o.at("buckets").as_array()) {
        const auto index = static_cast<std::size_t>(pair.as_array()[0].to_number<std::uint64_t>());
        if (index < bucket_count) {
            h.counts_[index] += pair.as_array()[1].to_number<std::uint64_t>();
        }
    }
    h.total_ = o.at("count").to_number<std::uint64_t>();
    h.max_ = o.at("max").to_number<std::int64_t>();
    h.min_ = h.total_ == 0 ? INT64_MAX : o.at("min").to_number<std::int64_t>();
    h.sum_ = o.at("sum").to_number<double>();
    return h;
}

std::string format_duration(std::int64_t ns) {
    char text[32];
    if (ns < 1'000) {
        std::snprintf(text, sizeof text, "%lld ns", static_cast<long long>(ns));
    } else if (ns < 1'000'000) {
        std::snprintf(text, sizeof text, "%.1f µs", static_cast<double>(ns) / 1e3);
    } else if (ns < 1'000'000'000) {
        std::snprintf(text, sizeof text, "%.2f ms", static_cast<double>(ns) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(ns) / 1e9);
    }
    return text;
}

}  // namespace wscbench
