#pragma once
/// The socket types every module uses. Sockets are bound to the io_context's own executor type
/// (one pointer) rather than `any_io_executor`, which keeps each idle connection smaller.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace wsc::net {

namespace asio = boost::asio;
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<asio::ip::tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<asio::ip::tcp, Executor>;

}  // namespace wsc::net
