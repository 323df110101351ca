#pragma once
/// The configuration schema: one descriptor per key, used by the YAML loader, the `WSC_*`
/// environment overrides, `--set`, `--print-config` and the documentation test. A new key is
/// one line in schema.cpp.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/options.h"

namespace wsc::config {

template <class T>
using FieldRef = T& (*)(Options&);

/// How a key's text is read.
enum class Unit : std::uint8_t {
    plain,     // as the field type says
    bytes,     // a byte size: 65536, 64KiB, 1MiB
    duration,  // 30s, 500ms
};

struct KeyInfo {
    std::string_view path;  // below `wsc.`, e.g. "heartbeat.interval"
    std::string_view doc;   // one line for docs and --help
    std::variant<FieldRef<bool>, FieldRef<int>, FieldRef<unsigned>, FieldRef<std::uint16_t>,
                 FieldRef<std::size_t>, FieldRef<Millis>, FieldRef<std::string>,
                 FieldRef<std::vector<std::string>>, FieldRef<std::map<std::string, std::string>>>
        field;
    Unit unit = Unit::plain;

    [[nodiscard]] bool is_list() const noexcept { return field.index() == 7; }
    [[nodiscard]] bool is_map() const noexcept { return field.index() == 8; }
};

/// Every key, grouped by section, in documentation order.
std::span<const KeyInfo> schema();
/// The key at `path` (without "wsc."), or null.
const KeyInfo* find_key(std::string_view path);
/// The `WSC_*` variable for a key: "limits.max_frame_size" -> "WSC_LIMITS_MAX_FRAME_SIZE".
std::string environment_name(const KeyInfo& key);

/// Sets a scalar key from text; lists are comma-separated, maps "k=v,k2=v2". Throws
/// std::invalid_argument describing the expected form.
void set_from_text(Options& options, const KeyInfo& key, std::string_view text);
void set_list(Options& options, const KeyInfo& key, std::vector<std::string> values);
void set_map(Options& options, const KeyInfo& key, std::map<std::string, std::string> values);
/// The key's value in the text form set_from_text accepts.
std::string value_text(const Options& options, const KeyInfo& key);

}  // namespace wsc::config
