"""A raw WebSocket client for conformance tests: it can send any frame, valid or not, chop its
writes into pieces, and reads the server's frames exactly as they are on the wire.

Written for these tests (the Autobahn testsuite is not installable here); it speaks RFC 6455
and RFC 7692 from the client side.
"""
import base64
import os
import socket
import struct
import time
import zlib

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class Frame:
    def __init__(self, fin, rsv1, opcode, payload):
        self.fin, self.rsv1, self.opcode, self.payload = fin, rsv1, opcode, payload

    @property
    def close_code(self):
        if self.opcode != OP_CLOSE:
            return None
        return struct.unpack("!H", self.payload[:2])[0] if len(self.payload) >= 2 else 1005

    def __repr__(self):
        return f"Frame(op={self.opcode}, fin={self.fin}, rsv1={self.rsv1}, len={len(self.payload)})"


def encode_frame(opcode, payload=b"", fin=True, rsv1=False, rsv2=False, rsv3=False, mask=True,
                 length_override=None):
    if isinstance(payload, str):
        payload = payload.encode()
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | (0x20 if rsv2 else 0) | \
        (0x10 if rsv3 else 0) | opcode
    n = len(payload) if length_override is None else length_override
    mask_bit = 0x80 if mask else 0
    if n < 126:
        header = struct.pack("!BB", b0, mask_bit | n)
    elif n <= 0xFFFF:
        header = struct.pack("!BBH", b0, mask_bit | 126, n)
    else:
        header = struct.pack("!BBQ", b0, mask_bit | 127, n)
    if not mask:
        return header + payload
    key = os.urandom(4)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return header + key + masked


def deflate_message(data):
    """Raw DEFLATE with the trailing 00 00 ff ff removed (RFC 7692 §7.2.1)."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]


def inflate_message(data):
    d = zlib.decompressobj(-15)
    return d.decompress(data + b"\x00\x00\xff\xff")


class RawClient:
    def __init__(self, port, path="/echo", extensions=None, protocols=None, timeout=5.0,
                 extra_headers=""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if extensions:
            lines.append(f"Sec-WebSocket-Extensions: {extensions}")
        if protocols:
            lines.append(f"Sec-WebSocket-Protocol: {protocols}")
        request = "\r\n".join(lines) + "\r\n" + extra_headers + "\r\n"
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed during handshake: " + repr(self.buffer))
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status_line, *header_lines = head.decode().split("\r\n")
        self.headers = {}
        for line in header_lines:
            name, value = line.split(":", 1)
            self.headers[name.strip().lower()] = value.strip()
        if not self.status_line.startswith("HTTP/1.1 101"):
            raise ConnectionError("handshake refused: " + self.status_line)
        self.deflate = "permessage-deflate" in self.headers.get("sec-websocket-extensions", "")

    # -- sending ---------------------------------------------------------------------------
    def send_raw(self, data, chop=None, delay=0.0):
        if chop:
            for i in range(0, len(data), chop):
                self.sock.sendall(data[i:i + chop])
                if delay:
                    time.sleep(delay)
        else:
            self.sock.sendall(data)

    def send(self, opcode, payload=b"", chop=None, **kw):
        self.send_raw(encode_frame(opcode, payload, **kw), chop=chop)

    def send_text(self, text, **kw):
        self.send(OP_TEXT, text, **kw)

    def send_close(self, code=1000, reason=b""):
        payload = b"" if code is None else struct.pack("!H", code) + reason
        self.send(OP_CLOSE, payload)

    # -- receiving -------------------------------------------------------------------------
    def _fill(self, n, deadline):
        while len(self.buffer) < n:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the TCP connection")
            self.buffer += chunk

    def recv_frame(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        self._fill(2, deadline)
        b0, b1 = self.buffer[0], self.buffer[1]
        assert b1 & 0x80 == 0, "server frames must not be masked (RFC 6455 §5.1)"
        n, pos = b1 & 0x7F, 2
        if n == 126:
            self._fill(4, deadline)
            n, pos = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif n == 127:
            self._fill(10, deadline)
            n, pos = struct.unpack("!Q", self.buffer[2:10])[0], 10
        self._fill(pos + n, deadline)
        payload = self.buffer[pos:pos + n]
        self.buffer = self.buffer[pos + n:]
        return Frame(bool(b0 & 0x80), bool(b0 & 0x40), b0 & 0x0F, payload)

    def recv_message(self, timeout=5.0):
        """The next data message (pings answered, pongs skipped): (opcode, bytes)."""
        opcode, parts, compressed = None, [], False
        while True:
            f = self.recv_frame(timeout)
            if f.opcode == OP_PING:
                self.send(OP_PONG, f.payload)
                continue
            if f.opcode == OP_PONG:
                continue
            if f.opcode == OP_CLOSE:
                return OP_CLOSE, f.payload
            if opcode is None:
                opcode, compressed = f.opcode, f.rsv1
            parts.append(f.payload)
            if f.fin:
                data = b"".join(parts)
                return opcode, inflate_message(data) if compressed else data

    def expect_close(self, timeout=5.0):
        """Reads until a close frame; returns its code (data frames before it are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            f = self.recv_frame(max(0.01, deadline - time.monotonic()))
            if f.opcode == OP_CLOSE:
                return f.close_code

    def wait_tcp_close(self, timeout=5.0):
        """True if the server closes the TCP connection within `timeout` (data discarded)."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.sock.settimeout(max(0.01, deadline - time.monotonic()))
                if not self.sock.recv(65536):
                    return True
        except (socket.timeout, TimeoutError):
            return False
        except ConnectionResetError:
            return True
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def http_request(port, request, timeout=5.0):
    """Sends raw bytes and returns everything the server answers until it closes or times out."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(request if isinstance(request, bytes) else request.encode())
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, TimeoutError):
        pass
    finally:
        s.close()
    return data.decode(errors="replace")
