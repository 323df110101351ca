#include "app/rotating_file_sink.h"

#include <zlib.h>

#include <spdlog/common.h>

namespace wsc::app {

namespace fs = std::filesystem;

namespace {
fs::path with_gz(fs::path p) {
    return p += ".gz";
}
}  // namespace

RotatingFileSink::RotatingFileSink(fs::path path, RotationPolicy policy)
    : path_(std::move(path)), policy_(policy) {
    if (path_.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(path_.parent_path(), ec);
    }
    open();
    remove_expired();
}

RotatingFileSink::~RotatingFileSink() {
    wait_for_compression();
    if (file_ != nullptr) {
        std::fclose(file_);
    }
}

fs::path RotatingFileSink::backup_path(std::size_t index) const {
    fs::path p = path_.parent_path() / path_.stem();
    p += "." + std::to_string(index);
    p += path_.extension();
    return p;
}

void RotatingFileSink::open() {
    file_ = std::fopen(path_.c_str(), "ab");
    if (file_ == nullptr) {
        throw spdlog::spdlog_ex("cannot open log file " + path_.string(), errno);
    }
    std::error_code ec;
    const auto size = fs::file_size(path_, ec);
    file_bytes_ = ec ? 0 : static_cast<std::size_t>(size);
}

void RotatingFileSink::sink_it_(const spdlog::details::log_msg& msg) {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    if (file_bytes_ > 0 && file_bytes_ + formatted.size() > policy_.max_file_bytes) {
        rotate();
    }
    std::fwrite(formatted.data(), 1, formatted.size(), file_);
    file_bytes_ += formatted.size();
}

void RotatingFileSink::flush_() {
    std::fflush(file_);
}

void RotatingFileSink::wait_for_compression() {
    if (compressor_.joinable()) {
        compressor_.join();
    }
}

void RotatingFileSink::rotate() {
    wait_for_compression();  // the previous backup must be settled before names shift
    std::fclose(file_);
    file_ = nullptr;
    std::error_code ec;
    if (policy_.max_backups == 0) {
        fs::remove(path_, ec);
    } else {
        fs::remove(backup_path(policy_.max_backups), ec);
        fs::remove(with_gz(backup_path(policy_.max_backups)), ec);
        for (std::size_t i = policy_.max_backups - 1; i >= 1; --i) {
            fs::rename(backup_path(i), backup_path(i + 1), ec);
            fs::rename(with_gz(backup_path(i)), with_gz(backup_path(i + 1)), ec);
        }
        fs::rename(path_, backup_path(1), ec);
        if (policy_.compress && !ec) {
            const fs::path from = backup_path(1);
            compressor_ = std::thread([from] { gzip_file(from, with_gz(from)); });
        }
    }
    remove_expired();
    open();
}

void RotatingFileSink::remove_expired() const {
    if (policy_.max_age.count() == 0) {
        return;
    }
    const auto cutoff = fs::file_time_type::clock::now() - policy_.max_age;
    for (std::size_t i = 1; i <= policy_.max_backups; ++i) {
        for (const fs::path& p : {backup_path(i), with_gz(backup_path(i))}) {
            std::error_code ec;
            const auto written = fs::last_write_time(p, ec);
            if (!ec && written < cutoff) {
                fs::remove(p, ec);
            }
        }
    }
}

bool gzip_file(const fs::path& from, const fs::path& to) {
    std::FILE* in = std::fopen(from.c_str(), "rb");
    if (in == nullptr) {
        return false;
    }
    gzFile out = gzopen(to.c_str(), "wb6");
    if (out == nullptr) {
        std::fclose(in);
        return false;
    }
    char buffer[64 * 1024];
    bool ok = true;
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;) {
        if (gzwrite(out, buffer, static_cast<unsigned>(n)) != static_cast<int>(n)) {
            ok = false;
            break;
        }
    }
    std::fclose(in);
    ok = gzclose(out) == Z_OK && ok;
    std::error_code ec;
    fs::remove(ok ? from : to, ec);
    return ok;
}

}  // namespace wsc::app
