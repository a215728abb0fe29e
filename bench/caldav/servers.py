"""Server control for the CalDAV benchmark: start a server on 127.0.0.1 with its own temporary
storage, wait until it answers HTTP, seed events straight into its storage, read its memory,
stop it. One class per server; adding a server is one definition here.

    Radicale   3.1.8  (Debian `radicale`): HTTP Basic auth (htpasswd, plain), filesystem storage
    Xandikos   0.2.8  (Debian `xandikos`): no authentication (Xandikos has none; it expects a
                      reverse proxy), one git repository per collection
    Command           any server given as a command line (calbridge: `--calbridge CMD`), with
                      {host} {port} {data} substituted; Basic auth with the given user/password
    NullServer        null_server.py, the canned-answer server that measures the client's floor
"""
from __future__ import annotations

import base64
import http.client
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))


def free_port() -> int:
    """A port the kernel reports free on 127.0.0.1 (bind port 0 and read it back)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _tree_pids(pid: int) -> list[int]:
    """The process and its descendants (/proc/<pid>/task/<tid>/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def memory_kib(pid: int) -> dict:
    """VmRSS (now) and VmHWM (peak) in KiB, summed over the server's process tree."""
    rss = hwm = 0
    for p in _tree_pids(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except OSError:
            pass
    return {"rss_kib": rss, "hwm_kib": hwm}


class Server:
    """A server process the benchmark owns. Subclasses say how to start and seed it."""
    name = "server"
    user: str | None = "bench"
    password: str | None = "bench"
    calendar_path = "/"
    needs_mkcalendar = True   # create the calendar with MKCALENDAR after the first start
    can_seed = False          # seed() writes objects straight into the storage

    def __init__(self, work: str):
        self.work = os.path.join(work, self.name)
        os.makedirs(self.work, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = os.path.join(self.work, "server.log")
        self.peak_kib = 0  # highest VmHWM over every start of this server

    # -- to override
    def command(self) -> list[str]:
        raise NotImplementedError

    def version(self) -> str:
        return self.name

    def seed(self, events_dir: str, hrefs: list[str]):
        raise NotImplementedError(f"{self.name} cannot be seeded through its storage")

    # -- common
    @property
    def auth_header(self) -> str | None:
        if self.user is None:
            return None
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return f"Basic {token}"

    def start(self, timeout: float = 60.0):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.work)
        log.close()
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float):
        """Ready when the process is alive and answers an HTTP request (any status)."""
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} while starting; "
                                   f"last lines of {self.log_path}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("OPTIONS", "/")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer on {HOST}:{self.port} within {timeout:.0f} s; "
                                   f"last lines of {self.log_path}:\n{self.log_tail()}")
            time.sleep(delay)  # polling interval of the readiness check, not a synchronisation
            delay = min(delay * 2, 0.2)

    def memory(self) -> dict:
        m = memory_kib(self.proc.pid)
        self.peak_kib = max(self.peak_kib, m["hwm_kib"])
        return {"rss_kib": m["rss_kib"], "hwm_kib": self.peak_kib}

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.memory()  # keep the peak of this run
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, n: int = 15) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"


class Radicale(Server):
    name = "radicale"
    calendar_path = "/bench/calendar/"
    can_seed = True

    def __init__(self, work: str):
        super().__init__(work)
        self.storage = os.path.join(self.work, "collections")
        users = os.path.join(self.work, "users")
        with open(users, "w") as f:
            f.write(f"{self.user}:{self.password}\n")
        self.config = os.path.join(self.work, "config")
        with open(self.config, "w") as f:
            # Defaults everywhere else (fsync on, owner_only rights, 8 connections).
            f.write(f"[server]\nhosts = {HOST}:{self.port}\n\n"
                    f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n\n"
                    f"[rights]\ntype = owner_only\n\n"
                    f"[storage]\nfilesystem_folder = {self.storage}\n\n"
                    f"[logging]\nlevel = warning\n")

    def command(self):
        return ["/usr/bin/radicale", "--config", self.config]

    def version(self):
        out = subprocess.run(["/usr/bin/radicale", "--version"], capture_output=True, text=True)
        return f"Radicale {out.stdout.strip()}"

    def seed(self, events_dir, hrefs):
        """Radicale's multifilesystem layout: collection-root/<user>/<calendar>/<href>, one file
        per item, beside the .Radicale.props that MKCALENDAR wrote. Radicale builds its
        .Radicale.cache (item cache, sync history) itself when it reads the folder."""
        folder = os.path.join(self.storage, "collection-root", self.calendar_path.strip("/"))
        if not os.path.isfile(os.path.join(folder, ".Radicale.props")):
            raise RuntimeError(f"radicale: {folder} has no .Radicale.props (MKCALENDAR first)")
        for h in hrefs:
            shutil.copyfile(os.path.join(events_dir, h), os.path.join(folder, h))


class Xandikos(Server):
    name = "xandikos"
    user = None       # Xandikos has no authentication of its own
    password = None
    calendar_path = "/user/calendars/calendar/"
    needs_mkcalendar = False  # --defaults creates it
    can_seed = True

    def command(self):
        return ["/usr/bin/xandikos", "--defaults", "-d", os.path.join(self.work, "data"),
                "-l", HOST, "-p", str(self.port)]

    def version(self):
        out = subprocess.run(["/usr/bin/xandikos", "--version"], capture_output=True, text=True)
        return "Xandikos " + (out.stdout.strip() or out.stderr.strip()).split()[-1]

    def seed(self, events_dir, hrefs):
        """Xandikos keeps each collection as a git repository with a working tree (its
        TreeGitStore): ETags are blob ids from the git index, sync tokens are tree ids. The
        files are copied into the working tree and committed in one commit with git."""
        repo = os.path.join(self.work, "data", self.calendar_path.strip("/"))
        if not os.path.isdir(os.path.join(repo, ".git")):
            raise RuntimeError(f"xandikos: {repo} is not a git working tree")
        for h in hrefs:
            shutil.copyfile(os.path.join(events_dir, h), os.path.join(repo, h))
        git = ["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        listing = os.path.join(self.work, "seed-list")
        with open(listing, "w") as f:
            f.write("\n".join(hrefs) + "\n")
        subprocess.run(git + ["add", f"--pathspec-from-file={listing}"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", f"bench seed: {len(hrefs)} events"], check=True)


class Command(Server):
    """Any server given as a command line (calbridge). {host}, {port} and {data} (an empty
    directory of its own) are substituted in the command and in the optional setup command,
    which runs once before the first start (e.g. to create the user)."""
    name = "calbridge"

    def __init__(self, work, command, setup=None, user="bench", password="bench",
                 calendar_path="/dav/calendars/bench/bench/", mkcalendar=True, name=None):
        if name:
            self.name = name
        super().__init__(work)
        self.data = os.path.join(self.work, "data")
        os.makedirs(self.data, exist_ok=True)
        self.template, self.setup = command, setup
        self.user, self.password = (user or None), (password if user else None)
        self.calendar_path = calendar_path if calendar_path.endswith("/") else calendar_path + "/"
        self.needs_mkcalendar = mkcalendar
        if setup:
            cmd = self._fill(setup)
            r = subprocess.run(cmd, cwd=self.work, capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(f"{self.name}: setup {' '.join(cmd)} exited {r.returncode}:\n{r.stderr[-2000:]}")

    def _fill(self, template):
        return [a.format(host=HOST, port=self.port, data=self.data) for a in shlex.split(template)]

    def command(self):
        return self._fill(self.template)

    def version(self):
        exe = self.command()[0]
        try:
            out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
            line = (out.stdout.strip() or out.stderr.strip()).splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return self.name
        return line if line.lower().startswith(self.name.lower()) else f"{self.name} ({line})"


class NullServer(Server):
    """null_server.py: canned answers built from the manifest, to measure the client alone."""
    name = "null"
    calendar_path = "/cal/"
    needs_mkcalendar = False

    def __init__(self, work, gen_dir):
        super().__init__(work)
        self.gen_dir = gen_dir

    def command(self):
        return [sys.executable, os.path.join(HERE, "null_server.py"), "--port", str(self.port),
                "--gen", self.gen_dir, "--calendar", self.calendar_path]

    def version(self):
        return "null server (canned answers)"
