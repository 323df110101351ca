#pragma once
/// Parsing of configuration scalars: booleans, integers, byte sizes and durations. Each throws
/// std::invalid_argument with a message saying what was expected; the loader adds the key.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsc::config {

/// true/false, yes/no, on/off, 1/0 (any case).
bool parse_bool(std::string_view text);
/// A non-negative decimal integer.
std::uint64_t parse_unsigned(std::string_view text);
/// Bytes: "65536", "64KiB", "1MiB", "1GiB" (powers of 1024), "64KB", "1MB", "1GB" (powers of
/// 1000), "512B".
std::uint64_t parse_byte_size(std::string_view text);
/// "30s", "500ms", "2m", "1h", "1m30s"; a bare integer means seconds.
std::chrono::milliseconds parse_duration(std::string_view text);
/// The shortest exact spelling: "90s", "500ms", "2m", "1h".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace wsc::config
