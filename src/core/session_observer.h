#pragma once
/// SessionObserver: how an embedding application hears about user sessions (the library's
/// on_connect, on_disconnect and on_message callbacks). `app` implements it over the public
/// callbacks; `core` calls it.
///
/// @par Thread Safety
/// Called on the session's worker thread, from every worker at once; implementations must
/// allow that and must not block (they run on the event loop).

#include <string_view>

#include "core/session_info.h"

namespace wsc::core {

class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    virtual void on_connect(std::string_view session_id, const SessionInfo& info) = 0;
    virtual void on_disconnect(std::string_view session_id, const SessionInfo& info,
                               int close_code) = 0;
    /// A client message of a type WSC does not handle itself. Returns false to answer the
    /// client with an `unknown_type` error.
    virtual bool on_message(std::string_view session_id, const SessionInfo& info,
                            std::string_view type, std::string_view json) = 0;
};

}  // namespace wsc::core
