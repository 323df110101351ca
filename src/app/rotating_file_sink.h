#pragma once
/// A size-rotated log file: `wsc.log` becomes `wsc.1.log` (or `wsc.1.log.gz`), older files
/// shift up to `max_backups`, and rotated files older than `max_age` are deleted (at start-up
/// and on each rotation). Gzip runs on a background thread so logging never waits for it.

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace wsc::app {

struct RotationPolicy {
    std::size_t max_file_bytes = 100 * 1024 * 1024;
    std::size_t max_backups = 10;
    std::chrono::hours max_age{0};  // 0 = keep regardless of age
    bool compress = false;
};

class RotatingFileSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    /// Opens (appends to) `path`. Throws spdlog::spdlog_ex when it cannot.
    RotatingFileSink(std::filesystem::path path, RotationPolicy policy);
    ~RotatingFileSink() override;

    /// The file a backup with this index has (without ".gz").
    [[nodiscard]] std::filesystem::path backup_path(std::size_t index) const;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;

private:
    void open();
    void rotate();
    void remove_expired() const;
    void wait_for_compression();

    std::filesystem::path path_;
    RotationPolicy policy_;
    std::FILE* file_ = nullptr;
    std::size_t file_bytes_ = 0;
    std::thread compressor_;
};

/// Gzips `from` into `to` and removes `from`; returns false (leaving `from`) on failure.
bool gzip_file(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace wsc::app
