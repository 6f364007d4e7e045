#!/usr/bin/env python3
"""Restart mid-run: clients get server_shutdown, reconnect and resume with nothing lost.

Used by scripts/container-test against the compose stack (Python standard library only).
Each user opens a WebSocket and starts an agent run (tools slowed by the stack's test settings,
so the run is still going); once every run has started, RESTART_COMMAND restarts the server.
Every connection must then receive the rest of its run (SIGTERM drains runs), then
`server_shutdown` and a 1001 close; it reconnects (retrying until the new process answers),
sends `resume {since: last offset, epoch}` and must get `resume_complete` in the same epoch
(the log is in PostgreSQL); a second connection resuming from the middle of the run must get
exactly the offsets after it, in order; a new run must then complete with offsets continuing
without a gap. Prints one line per check and the time from server_shutdown to resumed; exit 1
on any failure.

Usage: restart-resume.py --url ws://127.0.0.1:PORT/ws --tokens-file FILE --restart 'COMMAND'
"""
import argparse
import base64
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse


class Socket:
    """A minimal RFC 6455 client: text frames, masked, ping answered, close reported."""

    def __init__(self, url, token, timeout=30):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            head += chunk
        status, _, self.buffer = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n")[0]:
            raise ConnectionError(status.split(b"\r\n")[0].decode(errors="replace"))
        self.close_code = None

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection dropped")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send(self, message):
        payload = json.dumps(message).encode()
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _control(self, opcode, payload=b""):
        mask = os.urandom(4)
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        """The next text message as a dict, or None once the server closed (close_code set)."""
        message = b""
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(length)
            if opcode == 0x9:
                self._control(0xA, payload)
            elif opcode == 0x8:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                try:
                    self._control(0x8, payload[:2])
                except OSError:
                    pass
                return None
            elif opcode in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return json.loads(message)

    def close(self):
        try:
            self._control(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


def run_end(event):
    """The run's terminal event type (the supervisor's completion, an error or a stop), else None."""
    kind, agent = event["type"], (event.get("payload") or {}).get("agent_name")
    if kind == "agent_stopped" or (kind in ("agent_completed", "agent_error") and agent in (None, "supervisor")):
        return kind
    return None


def connect_retrying(url, token, deadline):
    last = None
    while time.monotonic() < deadline:
        try:
            return Socket(url, token)
        except (OSError, ConnectionError) as error:
            last = error
            time.sleep(0.25)
    raise RuntimeError(f"could not reconnect before the deadline: {last}")


class User:
    def __init__(self, name, token, url):
        self.name, self.token, self.url = name, token, url
        self.failures = []
        self.offsets = []          # every offset received on the main connection, in order
        self.run_started = threading.Event()
        self.shutdown_at = None
        self.resumed_after = None

    def fail(self, text):
        self.failures.append(f"{self.name}: {text}")

    def expect_offset(self, event):
        offset = event.get("offset")
        if offset is None:
            return
        if self.offsets and offset != self.offsets[-1] + 1:
            self.fail(f"offset {offset} after {self.offsets[-1]} (gap or repeat)")
        self.offsets.append(offset)

    def drive(self, query):
        ws = Socket(self.url, self.token)
        ws.receive()  # connection_established (its epoch is there only once the user has a log)
        epoch = None
        ws.send({"type": "start_agent", "id": f"{self.name}-1", "payload": {"query": query}})
        run_id, run_done, shutdown = None, False, None
        while True:
            event = ws.receive()
            if event is None:
                break
            kind = event["type"]
            if kind == "server_shutdown":
                shutdown = event
                self.shutdown_at = time.monotonic()
                continue
            if event.get("run_id"):
                run_id = run_id or event["run_id"]
                epoch = epoch or event.get("epoch")
                self.run_started.set()
            if kind == "error":
                self.fail(f"error before the restart: {event['payload']}")
            self.expect_offset(event)
            if run_end(event):
                run_done = kind
        if shutdown is None:
            self.fail("no server_shutdown before the close")
        if ws.close_code != 1001:
            self.fail(f"closed with {ws.close_code}, expected 1001")
        if run_done != "agent_completed":
            self.fail(f"the run in flight ended with {run_done!r}, expected agent_completed (drained)")
        ws.sock.close()
        delay = (shutdown or {}).get("payload", {}).get("reconnect_after_ms", 0) / 1000
        time.sleep(delay)

        ws = connect_retrying(self.url, self.token, time.monotonic() + 90)
        hello = ws.receive()
        if hello["payload"].get("epoch", epoch) != epoch:
            self.fail(f"epoch changed across the restart: {epoch} -> {hello['payload']['epoch']}")
        ws.send({"type": "resume", "id": f"{self.name}-r", "payload": {"since": self.offsets[-1], "epoch": epoch}})
        answer = ws.receive()
        if answer["type"] != "resume_complete" or answer["payload"].get("epoch") != epoch:
            self.fail(f"resume answered {answer['type']} {answer.get('payload')} (epoch before: {epoch})")
        self.resumed_after = time.monotonic() - self.shutdown_at if self.shutdown_at else None

        # A second connection replays from the middle of the first run: exactly what follows.
        middle = self.offsets[len(self.offsets) // 2]
        replay = connect_retrying(self.url, self.token, time.monotonic() + 10)
        replay.receive()
        replay.send({"type": "resume", "id": f"{self.name}-m", "payload": {"since": middle, "epoch": epoch}})
        replayed = []
        while True:
            event = replay.receive()
            if event is None or event["type"] in ("resume_complete", "resume_unavailable"):
                if event is None or event["type"] == "resume_unavailable":
                    self.fail(f"mid-run replay refused: {event and event.get('payload')}")
                break
            if event.get("offset") is not None:
                replayed.append(event["offset"])
        expected = [o for o in self.offsets if o > middle]
        if replayed != expected:
            self.fail(f"replay from {middle} gave {replayed[:5]}… ({len(replayed)}), expected {len(expected)} offsets")
        replay.close()

        ws.send({"type": "start_agent", "id": f"{self.name}-2", "payload": {"query": query}})
        while True:
            event = ws.receive()
            if event is None:
                self.fail(f"closed during the run after the restart ({ws.close_code})")
                break
            self.expect_offset(event)
            if run_end(event) == "agent_completed":
                break
            if run_end(event) or event["type"] == "error":
                self.fail(f"the run after the restart ended with {event['type']} {event.get('payload')}")
                break
        ws.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server's /ws")
    parser.add_argument("--tokens-file", required=True, help="one access token per line, one user each")
    parser.add_argument("--restart", required=True, help="shell command that restarts the server")
    parser.add_argument("--query", default="Where is my LLM spend going and how do I cut it?")
    options = parser.parse_args()
    tokens = [line.strip() for line in open(options.tokens_file) if line.strip()]
    users = [User(f"user{i}", token, options.url) for i, token in enumerate(tokens)]
    threads = [threading.Thread(target=lambda u=u: _guard(u, options.query), daemon=True) for u in users]
    for thread in threads:
        thread.start()
    for user in users:
        if not user.run_started.wait(60):
            user.fail("the run did not start")
    started = time.monotonic()
    subprocess.run(options.restart, shell=True, check=True)
    print(f"restart-resume: restart command took {time.monotonic() - started:.1f} s")
    for thread in threads:
        thread.join(180)
    failures = [f for user in users for f in user.failures]
    failures += [f"{u.name}: still running after 180 s" for u, t in zip(users, threads) if t.is_alive()]
    for user in users:
        resumed = f"{user.resumed_after:.1f} s" if user.resumed_after is not None else "never"
        print(f"restart-resume: {user.name}: {len(user.offsets)} offsets without a gap, resumed {resumed} after server_shutdown")
    if failures:
        for failure in failures:
            print(f"restart-resume: FAIL {failure}")
        sys.exit(1)
    print(f"restart-resume: PASS ({len(users)} users: server_shutdown, 1001, reconnect, resume_complete, mid-run replay exact, next run continues)")


def _guard(user, query):
    try:
        user.drive(query)
    except Exception as error:  # reported as the user's failure, not a thread traceback
        user.fail(f"{type(error).__name__}: {error}")
        user.run_started.set()  # nothing to wait for


if __name__ == "__main__":
    main()
