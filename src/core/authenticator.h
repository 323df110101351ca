#pragma once
/// Authenticator: decides which user a WebSocket connection belongs to, at the upgrade.
///
/// `core` declares the interface; `app` picks the implementation from `auth.mode` (only `none`
/// so far, which trusts `?user_id=`; JWT and webhook authenticators plug in here).
///
/// @par Thread Safety
/// authenticate() is called from every worker thread at once; implementations must allow it.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wsc::core {

/// What an authenticator may look at: the request target and headers, and the peer.
struct ConnectRequest {
    std::string_view target;                                   // path and query
    std::function<std::string_view(std::string_view)> header;  // value of a header, or ""
    std::string_view remote_address;                           // after trusted proxies
};

/// A refused connection, answered with `status` and a JSON body {"error":{code,message}}.
struct AuthFailure {
    unsigned status = 401;
    std::string code = "unauthorized";
    std::string message;
};

struct AuthResult {
    std::string user_id;                          // set on success
    std::optional<AuthFailure> failure;           // set on refusal
    std::map<std::string, std::string> metadata;  // what the user-info extractor found
};

class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual AuthResult authenticate(const ConnectRequest& request) const = 0;
};

/// `auth.mode: none` — development only: the user id is the `user_id` query parameter
/// (percent-decoded; 1–128 characters of letters, digits and `_ - . : @`).
class QueryParameterAuthenticator final : public Authenticator {
public:
    AuthResult authenticate(const ConnectRequest& request) const override;
};

/// The value of query parameter `name` in `target`, percent-decoded; nullopt if absent or
/// badly encoded.
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);

/// True for a user id we accept: 1–128 characters of [A-Za-z0-9_.:@-].
bool is_valid_user_id(std::string_view id) noexcept;

}  // namespace wsc::core
