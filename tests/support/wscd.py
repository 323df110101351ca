"""Start and stop a real wscd for integration tests.

The server listens on 127.0.0.1 with port 0; the port is read from its "listening on" log line.
It is stopped by the PID we started (SIGTERM, then SIGKILL after a grace period), never by name.
"""
import os
import re
import signal
import subprocess
import threading
import time

WSCD = os.environ.get("WSCD", os.path.join(os.path.dirname(__file__), "../../build/src/wscd"))
_LISTENING = re.compile(r"wscd listening on [^ ]+:(\d+)")


class Wscd:
    """A running wscd. Use as a context manager; extra settings are `--set key=value` pairs."""

    def __init__(self, settings=None, args=None, env=None, start_timeout=10.0):
        self.settings = {"host": "127.0.0.1", "port": "0", "log.level": "debug"}
        self.settings.update(settings or {})
        self.args = list(args or [])
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.start_timeout = start_timeout
        self.proc = None
        self.port = None
        self.lines = []
        self._lines_lock = threading.Lock()
        self._reader = None

    def command(self):
        cmd = [WSCD]
        for key, value in self.settings.items():
            cmd += ["--set", f"{key}={value}"]
        return cmd + self.args

    def start(self):
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=self.env, text=True,
                                     stdin=subprocess.DEVNULL)
        port_found = threading.Event()

        def pump():
            for line in self.proc.stdout:
                with self._lines_lock:
                    self.lines.append(line.rstrip("\n"))
                m = _LISTENING.search(line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    port_found.set()

        self._reader = threading.Thread(target=pump, daemon=True)
        self._reader.start()
        if not port_found.wait(self.start_timeout):
            self.stop()
            raise RuntimeError("wscd did not start:\n" + "\n".join(self.lines))
        return self

    def url(self, path="/ws"):
        return f"ws://127.0.0.1:{self.port}{path}"

    def http_url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def log_text(self):
        with self._lines_lock:
            return "\n".join(self.lines)

    def wait_for_log(self, pattern, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.log_text()):
                return True
            time.sleep(0.02)
        return False

    def metric(self, name, labels=None):
        """Value of one Prometheus series from /metrics (summing matching label sets)."""
        import urllib.request
        text = urllib.request.urlopen(self.http_url("/metrics"), timeout=5).read().decode()
        total = None
        for line in text.splitlines():
            if line.startswith("#") or not line.startswith(name):
                continue
            series, value = line.rsplit(" ", 1)
            metric_name = series.split("{", 1)[0]
            if metric_name != name:
                continue
            if labels and not all(f'{k}="{v}"' in series for k, v in labels.items()):
                continue
            total = (total or 0) + float(value)
        return total

    def terminate(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, timeout=15.0):
        return self.proc.wait(timeout=timeout)

    def stop(self, timeout=15.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._reader:
            self._reader.join(timeout=2)
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
