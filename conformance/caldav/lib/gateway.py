"""A live `calbridge serve` with several users, for the multi-user conformance tests (issue 6:
permission_matrix.py, sharing_python_caldav.py), and a raw HTTP client that sends the path it is
given byte for byte (no dot-segment resolution, no re-encoding: the path tricks must reach the
server as written).

Gateway(CALBRIDGE, DIR, USERS): writes DIR/calbridge.toml (127.0.0.1, port 0, store DIR/store.db),
adds every user with a random password (`calbridge user add NAME --email --password-stdin`: the
password never appears in argv), cli(...) runs a subcommand on the same store, start() runs
`serve` and reads the URL from its first stdout line, stop() sends SIGTERM, kill() SIGKILL.
Also used by faults/kill9.py.
"""
import base64
import http.client
import os
import re
import select
import shutil
import signal
import subprocess
import time
import urllib.parse
import uuid

READY_TIMEOUT = 20
CLI_TIMEOUT = 60


class Gateway:
    def __init__(self, calbridge, directory, users, access_log=True, cli_timeout=CLI_TIMEOUT):
        self.calbridge = calbridge
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.config = os.path.join(directory, "calbridge.toml")
        with open(self.config, "w") as f:
            f.write('[server]\nbind = "127.0.0.1"\nport = 0\n[store]\npath = "store.db"\n'
                    f'[log]\nlevel = "info"\naccess_log = {"true" if access_log else "false"}\n')
        self.cli_timeout = cli_timeout
        self.passwords = {}
        self.proc = None
        self.origin = None     # "http://127.0.0.1:PORT"
        self.url = None        # what serve prints: "http://127.0.0.1:PORT/dav/"
        for user in users:
            password = uuid.uuid4().hex
            r = self.cli("user", "add", user, "--email", f"{user}@example.com", "--password-stdin",
                         stdin=password + "\n")
            if r.returncode != 0:
                raise RuntimeError(f"calbridge user add {user} failed: {r.stdout}{r.stderr}")
            self.passwords[user] = password

    def cli(self, *args, stdin=None):
        return subprocess.run([self.calbridge, "--config", self.config, *args], input=stdin, text=True,
                              capture_output=True, timeout=self.cli_timeout)

    def start(self):
        log = open(os.path.join(self.dir, "serve.log"), "ab")
        self.proc = subprocess.Popen([self.calbridge, "--config", self.config, "serve"], stdout=subprocess.PIPE,
                                     stderr=log)
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                self.proc.kill()
                raise RuntimeError(f"calbridge serve printed no URL within {READY_TIMEOUT}s (log: {self.dir}/serve.log)")
            chunk = os.read(self.proc.stdout.fileno(), 1)
            if not chunk:
                raise RuntimeError(f"calbridge serve exited (log: {self.dir}/serve.log)")
            line += chunk
        m = re.match(r"calbridge: serving (https?://[^/\s]+)(/\S*)", line.decode())
        if not m:
            raise RuntimeError(f"unexpected first line from calbridge serve: {line!r}")
        self.origin, self.url = m.group(1), m.group(1) + m.group(2)
        return self.url

    def stop(self):
        """SIGTERM (graceful); returns the exit status, or a text when it had to be killed."""
        if not self.proc:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "did not stop within 15 s of SIGTERM"
        self.proc.stdout.close()
        self.proc = None
        return rc

    def kill(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.proc = None

    def integrity(self):
        r = self.cli("status")
        m = re.search(r"^Integrity: (.*)$", r.stdout, re.M)
        return m.group(1).strip() if m else f"no Integrity line (exit {r.returncode}: {r.stderr.strip()[-300:]})"


def stop_and_finish(gw, checks, work, keep_work, name):
    """The end of a run against a Gateway: stop it (SIGTERM must exit 0), check the store's
    integrity, print the result, and remove the work directory unless it failed or was given."""
    rc = gw.stop()
    checks.equal("calbridge serve stopped with SIGTERM, exit 0", rc, 0)
    checks.equal("store integrity", gw.integrity(), "ok")
    status = checks.finish()
    if status == 0 and not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"{name}: logs and store in {work}")
    return status


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers   # lower-case names
        self.body = body         # bytes

    def text(self):
        return self.body.decode("utf-8", "replace")


class RawClient:
    """HTTP/1.1 as USER (Basic) or anonymous (user None). The path goes on the request line as
    given. Every exchange is appended to `log` (role, method, path, status, body) for the leak
    checks that look at everything a role was ever sent."""

    def __init__(self, origin, user, password, role, log):
        self.netloc = urllib.parse.urlsplit(origin).netloc
        self.origin = origin
        self.user = user
        self.role = role
        self.log = log
        self.auth = ("Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()) if user else None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.netloc, timeout=30)
        hdrs = {}
        if self.auth:
            hdrs["Authorization"] = self.auth
        if body is not None and not any(k.lower() == "content-type" for k in (headers or {})):
            hdrs["Content-Type"] = 'application/xml; charset="utf-8"'
        hdrs.update(headers or {})
        data = body.encode() if isinstance(body, str) else body
        # skip_accept_encoding etc. are irrelevant; putrequest keeps the path as is.
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in hdrs.items():
            conn.putheader(k, v)
        if data is not None:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        r = conn.getresponse()
        reply = Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        self.log.append((self.role, method, path, reply.status, reply.body))
        return reply
