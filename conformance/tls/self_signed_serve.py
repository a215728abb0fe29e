#!/usr/bin/python3
"""Issue 6 item 5 end to end: `calbridge serve` with [server] tls = "self-signed" on 127.0.0.1.

usage: self_signed_serve.py CALBRIDGE

- first run: the certificate and key appear beside the store (key 0600), the log prints the
  SHA-256 fingerprint of that certificate, and a PROPFIND Depth 1 over HTTPS answers 207 when
  the client trusts exactly that certificate: Python's ssl (cafile, host name check on the IP
  address and on "localhost") and curl --cacert; without it both refuse the handshake.
- second run: the same certificate is reused (same bytes, same fingerprint), HTTPS still works.
- bind 0.0.0.0 or :: without TLS: exit 2 with the message naming tls_cert/tls_key,
  tls = "self-signed" and allow_insecure = true, no store created; allow_insecure = true and
  loopback names (localhost, ::1) start on plain HTTP.
Standard library only; needs curl.
"""
import base64
import hashlib
import http.client
import os
import re
import selectors
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time

USER, PASSWORD = "alice", "tls test pw"
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def write_config(directory, name, server_lines):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("[server]\nport = 0\nthreads = 2\n" + server_lines + '\n[store]\npath = "store.db"\n'
                '[log]\nlevel = "info"\n')
    return path


class Serve:
    """calbridge serve in the background; the first stdout line within a deadline."""

    def __init__(self, calbridge, config, directory, log_name):
        self.log_path = os.path.join(directory, log_name)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([calbridge, "--config", config, "serve"], cwd=directory,
                                     stdout=subprocess.PIPE, stderr=self.log)

    def first_line(self, deadline_s=20):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        end, line = time.monotonic() + deadline_s, b""
        while time.monotonic() < end:
            if not sel.select(timeout=0.2):
                continue
            c = os.read(self.proc.stdout.fileno(), 1)  # unbuffered: select() sees what is left
            if not c:
                return None
            if c == b"\n":
                return line.decode()
            line += c
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.log.close()
        return code

    def log_text(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()


def propfind(host, port, context):
    conn = http.client.HTTPSConnection(host, port, context=context, timeout=20)
    auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
    conn.request("PROPFIND", f"/dav/calendars/{USER}/", body=body,
                 headers={"Depth": "1", "Authorization": "Basic " + auth, "Content-Type": "application/xml"})
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, text


def curl(url, *args):
    return subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-u", f"{USER}:{PASSWORD}",
                           "-X", "PROPFIND", "-H", "Depth: 1", *args, url],
                          capture_output=True, text=True, timeout=30)


def https_checks(calbridge, directory, config, run):
    serve = Serve(calbridge, config, directory, f"serve-{run}.log")
    try:
        line = serve.first_line()
        check(line is not None,
              f"run {run}: serve printed its URL" + ("" if line else f" (log: {serve.log_text()[-400:]!r})"))
        if line is None:
            return None
        m = re.fullmatch(r"calbridge: serving https://127\.0\.0\.1:(\d+)/dav/", line)
        check(m is not None, f"run {run}: the URL is https ({line!r})")
        if not m:
            return None
        port = int(m.group(1))
        cert = os.path.join(directory, "store.db-cert.pem")
        key = os.path.join(directory, "store.db-key.pem")
        check(os.path.isfile(cert) and os.path.isfile(key), f"run {run}: certificate and key beside the store")
        check(stat.S_IMODE(os.stat(key).st_mode) == 0o600, f"run {run}: the key file is 0600")
        with open(cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        digest = hashlib.sha256(der).hexdigest().upper()
        fingerprint = ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))
        log = serve.log_text()
        check(fingerprint in log, f"run {run}: the log prints the certificate's SHA-256 fingerprint")
        check("self-signed" in log.lower(), f"run {run}: the log says the certificate is self-signed")

        trusted = ssl.create_default_context(cafile=cert)  # verifies the chain and the host name
        for host in ("127.0.0.1", "localhost"):
            status, text = propfind(host, port, trusted)
            check(status == 207 and f"/dav/calendars/{USER}/calendar/" in text,
                  f"run {run}: PROPFIND Depth 1 over HTTPS to {host}, verified against the certificate: {status}")
        try:
            propfind("127.0.0.1", port, ssl.create_default_context())  # the system's CAs only
            check(False, f"run {run}: a client not trusting the certificate is refused")
        except ssl.SSLCertVerificationError:
            check(True, f"run {run}: a client not trusting the certificate is refused")
        ok = curl(f"https://127.0.0.1:{port}/dav/calendars/{USER}/", "--cacert", cert)
        check(ok.stdout == "207", f"run {run}: curl --cacert: {ok.stdout} {ok.stderr.strip()}")
        bad = curl(f"https://127.0.0.1:{port}/dav/calendars/{USER}/")
        check(bad.returncode == 60, f"run {run}: curl without --cacert fails verification (exit {bad.returncode})")
        return der
    finally:
        code = serve.stop()
        check(code == 0, f"run {run}: serve exits 0 on SIGTERM (got {code})")


def refused(calbridge, directory, bind):
    sub = tempfile.mkdtemp(dir=directory)
    config = write_config(sub, "calbridge.toml", f'bind = "{bind}"')
    p = subprocess.run([calbridge, "--config", config, "serve"], cwd=sub, capture_output=True, text=True, timeout=30)
    check(p.returncode == 2, f"bind {bind} without TLS: exit 2 (got {p.returncode})")
    for words in ("[server] tls_cert and tls_key", 'tls = "self-signed"', "allow_insecure = true"):
        check(words in p.stderr, f"bind {bind} without TLS: the message names {words}")
    check("calbridge: serving" not in p.stdout, f"bind {bind} without TLS: nothing served")
    check(not os.path.exists(os.path.join(sub, "store.db")), f"bind {bind} without TLS: no store created")


def starts_plain(calbridge, directory, server_lines, url_host):
    sub = tempfile.mkdtemp(dir=directory)
    config = write_config(sub, "calbridge.toml", server_lines)
    serve = Serve(calbridge, config, sub, "serve.log")
    try:
        line = serve.first_line()
        ok = line is not None and line.startswith(f"calbridge: serving http://{url_host}:")
        check(ok, f"{server_lines!r}: starts on plain HTTP ({line!r})" + ("" if ok else f" {serve.log_text()[-300:]!r}"))
        return serve.log_text()
    finally:
        check(serve.stop() == 0, f"{server_lines!r}: exits 0 on SIGTERM")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    calbridge = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="calbridge-tls-") as directory:
        config = write_config(directory, "calbridge.toml", 'bind = "127.0.0.1"\ntls = "self-signed"')
        add = subprocess.run([calbridge, "--config", config, "user", "add", USER, "--password-stdin"], cwd=directory,
                             input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
        check(add.returncode == 0, f"user add: {add.stderr.strip()}")
        first = https_checks(calbridge, directory, config, 1)
        second = https_checks(calbridge, directory, config, 2)
        check(first is not None and first == second, "the second run reuses the certificate of the first")

        refused(calbridge, directory, "0.0.0.0")
        refused(calbridge, directory, "::")
        log = starts_plain(calbridge, directory, 'bind = "0.0.0.0"\nallow_insecure = true', r"0.0.0.0")
        check("WITHOUT TLS" in log, "allow_insecure = true on 0.0.0.0: a loud warning in the log")
        starts_plain(calbridge, directory, 'bind = "localhost"', "localhost")
        if socket_has_ipv6_loopback():
            starts_plain(calbridge, directory, 'bind = "::1"', r"[::1]")
    print(f"{len(FAILURES)} failure(s)")
    sys.exit(1 if FAILURES else 0)


def socket_has_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
