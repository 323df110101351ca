#pragma once
/// spdlog formatter writing one JSON object per line:
/// {"ts":"2026-11-23T10:00:00.123Z","level":"info","logger":"wsc","thread":123,"msg":"..."}
/// The message is JSON-escaped, so quotes, newlines and control bytes in it never break a line.

#include <spdlog/formatter.h>

namespace wsc::app {

class JsonLogFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

/// Appends `text` to `dest` as the inside of a JSON string (RFC 8259 §7).
void append_json_escaped(std::string_view text, spdlog::memory_buf_t& dest);

}  // namespace wsc::app
