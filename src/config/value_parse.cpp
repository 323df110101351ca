#include "config/value_parse.h"

#include <cctype>
#include <limits>
#include <stdexcept>

namespace wsc::config {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

/// Reads leading digits into `value`; returns how many characters were digits.
std::size_t read_digits(std::string_view text, std::uint64_t& value) {
    value = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            throw std::invalid_argument("number too large");
        }
        value = value * 10 + digit;
    }
    return i;
}

}  // namespace

bool parse_bool(std::string_view text) {
    const std::string t = lowercase(trim(text));
    if (t == "true" || t == "yes" || t == "on" || t == "1") {
        return true;
    }
    if (t == "false" || t == "no" || t == "off" || t == "0") {
        return false;
    }
    throw std::invalid_argument("invalid boolean \"" + std::string(text) +
                                "\" (expected true or false)");
}

std::uint64_t parse_unsigned(std::string_view text) {
    const std::string_view t = trim(text);
    std::uint64_t value = 0;
    if (t.empty() || read_digits(t, value) != t.size()) {
        throw std::invalid_argument("invalid number \"" + std::string(text) +
                                    "\" (expected a non-negative integer)");
    }
    return value;
}

std::uint64_t parse_byte_size(std::string_view text) {
    const std::string_view t = trim(text);
    std::uint64_t value = 0;
    const std::size_t digits = read_digits(t, value);
    const std::string unit = lowercase(trim(t.substr(digits)));
    std::uint64_t scale = 0;
    if (unit.empty() || unit == "b") {
        scale = 1;
    } else if (unit == "kib" || unit == "k") {
        scale = 1024;
    } else if (unit == "mib" || unit == "m") {
        scale = 1024 * 1024;
    } else if (unit == "gib" || unit == "g") {
        scale = 1024ULL * 1024 * 1024;
    } else if (unit == "kb") {
        scale = 1000;
    } else if (unit == "mb") {
        scale = 1000 * 1000;
    } else if (unit == "gb") {
        scale = 1000ULL * 1000 * 1000;
    }
    if (digits == 0 || scale == 0) {
        throw std::invalid_argument("invalid size \"" + std::string(text) +
                                    "\" (expected e.g. 65536, 64KiB, 1MiB, 1MB)");
    }
    if (value > std::numeric_limits<std::uint64_t>::max() / scale) {
        throw std::invalid_argument("size too large");
    }
    return value * scale;
}

std::chrono::milliseconds parse_duration(std::string_view text) {
    const std::string_view t = trim(text);
    const auto bad = [&] {
        return std::invalid_argument("invalid duration \"" + std::string(text) +
                                     "\" (expected e.g. 30s, 500ms, 2m, 1h)");
    };
    std::uint64_t whole = 0;
    if (!t.empty() && read_digits(t, whole) == t.size()) {
        return std::chrono::seconds(whole);  // a bare number is seconds
    }
    std::chrono::milliseconds total{0};
    std::string_view rest = t;
    while (!rest.empty()) {
        std::uint64_t value = 0;
        const std::size_t digits = read_digits(rest, value);
        if (digits == 0) {
            throw bad();
        }
        rest.remove_prefix(digits);
        std::size_t unit_chars = 0;
        while (unit_chars < rest.size() &&
               std::isalpha(static_cast<unsigned char>(rest[unit_chars]))) {
            ++unit_chars;
        }
        const std::string unit = lowercase(rest.substr(0, unit_chars));
        rest.remove_prefix(unit_chars);
        const auto n = static_cast<std::int64_t>(value);
        if (unit == "ms") {
            total += std::chrono::milliseconds(n);
        } else if (unit == "s") {
            total += std::chrono::seconds(n);
        } else if (unit == "m") {
            total += std::chrono::minutes(n);
        } else if (unit == "h") {
            total += std::chrono::hours(n);
        } else {
            throw bad();
        }
    }
    if (t.empty()) {
        throw bad();
    }
    return total;
}

std::string format_duration(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    if (ms != 0 && ms % 3'600'000 == 0) {
        return std::to_string(ms / 3'600'000) + "h";
    }
    if (ms != 0 && ms % 60'000 == 0) {
        return std::to_string(ms / 60'000) + "m";
    }
    if (ms % 1000 == 0) {
        return std::to_string(ms / 1000) + "s";
    }
    return std::to_string(ms) + "ms";
}

}  // namespace wsc::config
