"""A real `switchboard serve` for the LangGraph suite: a free port, its own data directory,
users' tokens minted by `switchboard token` with the server's key, and the process stopped
(SIGTERM, then SIGKILL) whatever happens."""
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request


class Failure(Exception):
    pass


class Server:
    def __init__(self, binary, workdir, environment):
        os.makedirs(workdir, exist_ok=True)
        self.binary = binary
        self.data = os.path.join(workdir, "data")
        self.log_path = os.path.join(workdir, "serve.log")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        self.env.update({"SWITCHBOARD_DATA_DIR": self.data, "SWITCHBOARD_LOG_LEVEL": "info", "SWITCHBOARD_WEB": "false"})
        self.env.update(environment)
        self.process = None
        self.log = open(self.log_path, "w")

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve", "--port", "0"], env=self.env, stdout=self.log,
                                        stderr=self.log, start_new_session=True)
        # scripts/langgraph-test kills it from here if this suite itself is killed.
        with open(os.path.join(os.path.dirname(self.log_path), "serve.pid"), "w") as pid:
            pid.write(str(self.process.pid))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"switchboard serve exited with {self.process.returncode}: {self.tail()}")
            port = self._port()
            if port:
                self.port = port
                self.base = f"http://127.0.0.1:{port}"
                return self
            time.sleep(0.05)
        raise Failure("switchboard serve did not log `listening` within 90 s")

    def _port(self):
        with open(self.log_path) as log:
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == "listening":
                    return int(entry["port"])
        return None

    def tail(self, characters=3000):
        with open(self.log_path) as log:
            return log.read()[-characters:]

    def command(self, *arguments):
        """Runs `switchboard <arguments>` with the server's settings; answers its last line."""
        done = subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise Failure(f"switchboard {' '.join(arguments)} failed: {done.stderr[-1000:]}")
        return done.stdout.strip().splitlines()[-1]

    def token(self, user, tier="pro", role="user"):
        return self.command("token", "--user", user, "--tier", tier, "--role", role, "--ttl", "3600")

    def request(self, method, path, body=None, headers=None):
        """Plain HTTP beside the SDK (API keys, the admin audit log): (status, JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
