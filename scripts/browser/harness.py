"""Processes and browsers for the browser suite: a real `switchboard serve` on a free port with a
throw-away data directory, Chromium sessions through chromedriver, and cleanup of all of them."""
import json
import os
import shutil
import signal
import socket
import base64
import subprocess
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/lib/chromium/chromium"


class Failure(Exception):
    pass


def wait_for(condition, timeout=15.0, what="condition", interval=0.05):
    """Polls `condition` until it returns something truthy; fails naming `what`."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # the page may be between renders
            last_error = error
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))


class Server:
    """`switchboard serve --port 0`, its port read from the `listening` log line."""

    def __init__(self, binary, workdir, environment):
        self.data = os.path.join(workdir, "data")
        self.log_path = os.path.join(workdir, "serve.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        env.update({"SWITCHBOARD_DATA_DIR": self.data, "SWITCHBOARD_LOG_LEVEL": "info"})
        env.update(environment)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([binary, "serve", "--port", "0"], env=env, stdout=self.log, stderr=self.log,
                                        start_new_session=True)
        self.port = wait_for(self._port, timeout=60, what="the server's listening line")
        self.base = f"http://127.0.0.1:{self.port}"

    def _port(self):
        if self.process.poll() is not None:
            raise Failure(f"switchboard serve exited with {self.process.returncode}: {open(self.log_path).read()[-2000:]}")
        with open(self.log_path) as log:
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == "listening":
                    return int(entry["port"])
        return None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def post(self, path, body, token=None):
        import urllib.request
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        if token:
            request.add_header("Authorization", "Bearer " + token)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def get(self, path, token):
        import urllib.request
        request = urllib.request.Request(self.base + path, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def open_websocket(self, token):
        """A bare WebSocket handshake with a bearer token, held open and never read: enough to
        count as one of the user's connections (the server then closes that user's oldest)."""
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        connection.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUpgrade: websocket\r\n"
                            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                            f"Authorization: Bearer {token}\r\n\r\n").encode())
        answer = connection.recv(4096).decode(errors="replace")
        if not answer.startswith("HTTP/1.1 101"):
            raise Failure(f"WebSocket handshake refused: {answer.splitlines()[0] if answer else 'no answer'}")
        return connection


class Browsers:
    """Chromium sessions, each with its own profile (a separate browser context: no shared storage)."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.drivers = []

    def open(self, width=1280, height=900):
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.workdir)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                     f"--window-size={width},{height}", "--disable-gpu", "--no-first-run", "--lang=en-US"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.drivers.append(driver)
        return driver

    def close(self):
        # quit() deletes the session before stopping chromedriver, so Chromium exits with it.
        for driver in self.drivers:
            try:
                driver.quit()
            except Exception:
                pass
        self.drivers = []


def cleanup(workdir):
    shutil.rmtree(workdir, ignore_errors=True)
