#pragma once
/// The result of queueing a message on a connection (STYLE.md point 17): never `void`.

namespace wsc::core {

enum class SendStatus {
    queued,        // in the connection's queue; leaves with the next gather write
    backpressure,  // queued, but the queue is past its high-water mark
    dropped,       // not queued: the queue is full or the connection is closing
};

}  // namespace wsc::core
