#include "ws/deflate_negotiation.h"

#include <vector>

namespace wsc::ws {

namespace {

struct Param {
    std::string name;
    std::optional<std::string> value;
};
struct Extension {
    std::string name;
    std::vector<Param> params;
};

bool is_token_char(char c) noexcept {
    // RFC 9110 §5.6.2 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// A small recursive-descent reader of the Sec-WebSocket-Extensions grammar (RFC 6455 §9.1).
class ExtensionListParser {
public:
    explicit ExtensionListParser(std::string_view text) : text_(text) {}

    std::optional<std::vector<Extension>> parse() {
        std::vector<Extension> list;
        for (;;) {
            skip_space();
            if (at_end()) {
                return list;
            }
            if (peek() == ',') {  // empty list elements are allowed (RFC 9110 §5.6.1)
                ++pos_;
                continue;
            }
            auto extension = parse_extension();
            if (!extension) {
                return std::nullopt;
            }
            list.push_back(std::move(*extension));
            skip_space();
            if (at_end()) {
                return list;
            }
            if (peek() != ',') {
                return std::nullopt;
            }
            ++pos_;
        }
    }

private:
    std::optional<Extension> parse_extension() {
        Extension extension;
        auto name = parse_token();
        if (!name) {
            return std::nullopt;
        }
        extension.name = std::move(*name);
        for (;;) {
            skip_space();
            if (at_end() || peek() != ';') {
                return extension;
            }
            ++pos_;
            skip_space();
            Param param;
            auto param_name = parse_token();
            if (!param_name) {
                return std::nullopt;
            }
            param.name = std::move(*param_name);
            skip_space();
            if (!at_end() && peek() == '=') {
                ++pos_;
                skip_space();
                auto value = !at_end() && peek() == '"' ? parse_quoted() : parse_token();
                if (!value) {
                    return std::nullopt;
                }
                param.value = std::move(*value);
            }
            extension.params.push_back(std::move(param));
        }
    }

    std::optional<std::string> parse_token() {
        const std::size_t start = pos_;
        while (!at_end() && is_token_char(peek())) {
            ++pos_;
        }
        if (pos_ == start) {
            return std::nullopt;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    std::optional<std::string> parse_quoted() {
        ++pos_;  // opening quote
        std::string value;
        while (!at_end()) {
            char c = text_[pos_++];
            if (c == '"') {
                return value;
            }
            if (c == '\\') {
                if (at_end()) {
                    return std::nullopt;
                }
                c = text_[pos_++];
            }
            value += c;
        }
        return std::nullopt;  // unterminated
    }

    void skip_space() {
        while (!at_end() && (peek() == ' ' || peek() == '\t')) {
            ++pos_;
        }
    }
    [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
    [[nodiscard]] char peek() const noexcept { return text_[pos_]; }

    std::string_view text_;
    std::size_t pos_ = 0;
};

/// RFC 7692 §7.1.2.1: 1*DIGIT without leading zeros, 8..15.
std::optional<std::uint8_t> window_bits_value(const std::string& value) {
    if (value.empty() || value.size() > 2 || value[0] == '0') {
        return std::nullopt;
    }
    int bits = 0;
    for (char c : value) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        bits = bits * 10 + (c - '0');
    }
    if (bits < 8 || bits > 15) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(bits);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
        if (x != y) {
            return false;
        }
    }
    return true;
}

/// The agreement for one permessage-deflate offer, or nullopt if we must decline it.
std::optional<DeflateOffer> accept_offer(const Extension& offer) {
    DeflateOffer result;
    result.params.enabled = true;
    bool seen[4] = {false, false, false, false};
    bool wants_server_window = false;
    for (const Param& param : offer.params) {
        int index;
        if (iequals(param.name, "server_no_context_takeover")) {
            index = 0;
        } else if (iequals(param.name, "client_no_context_takeover")) {
            index = 1;
        } else if (iequals(param.name, "server_max_window_bits")) {
            index = 2;
        } else if (iequals(param.name, "client_max_window_bits")) {
            index = 3;
        } else {
            return std::nullopt;  // §7: an unknown parameter declines the offer
        }
        if (seen[index]) {
            return std::nullopt;  // §7: a parameter may appear once
        }
        seen[index] = true;
        if (index <= 1) {
            if (param.value) {
                return std::nullopt;  // §7.1.1: these take no value
            }
        } else if (index == 2) {
            auto bits = param.value ? window_bits_value(*param.value) : std::nullopt;
            // zlib cannot make raw DEFLATE with a 256-byte window, so 8 is declined (§7.1.2.1
            // lets the server decline an offer it cannot honour).
            if (!bits || *bits == 8) {
                return std::nullopt;
            }
            result.params.server_max_window_bits = *bits;
            wants_server_window = true;
        } else if (param.value) {
            auto bits = window_bits_value(*param.value);
            if (!bits) {
                return std::nullopt;
            }
            result.params.client_max_window_bits = *bits;
        }
    }
    result.response = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    if (wants_server_window) {
        result.response +=
            "; server_max_window_bits=" + std::to_string(result.params.server_max_window_bits);
    }
    return result;
}

}  // namespace

std::optional<DeflateOffer> negotiate_permessage_deflate(std::string_view extensions_header) {
    auto list = ExtensionListParser(extensions_header).parse();
    if (!list) {
        return std::nullopt;
    }
    for (const Extension& extension : *list) {
        if (!iequals(extension.name, "permessage-deflate")) {
            continue;
        }
        if (auto accepted = accept_offer(extension)) {
            return accepted;
        }
    }
    return std::nullopt;
}

}  // namespace wsc::ws
