#pragma once
/// Bearer-token check for the server API (`api.tokens`), in constant time.

#include <span>
#include <string>
#include <string_view>

namespace wsc::api {

/// True when `authorization` is "Bearer <t>" and <t> equals one of `tokens`. Every token is
/// compared in full whatever the input, so timing does not reveal how much of a guess was
/// right (nor which token matched).
bool is_authorized(std::string_view authorization, std::span<const std::string> tokens) noexcept;

}  // namespace wsc::api
