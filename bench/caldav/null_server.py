#!/usr/bin/python3
"""A canned CalDAV server for measuring the benchmark client alone: it answers every request
the client sends with a correct, pre-built or trivially built answer from the generator's
manifest and files, doing no storage work. Times measured against it are the floor of
client + loopback + this (Python) server, i.e. an upper bound of what the client itself costs.

    null_server.py --port P --gen DIR --calendar /cal/
"""
import argparse
import hashlib
import http.server
import json
import os
import re
import socket
import threading
import urllib.parse
from xml.sax.saxutils import escape

HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
TAIL = b"</D:multistatus>"


def response(href: str, etag: str, data: str | None = None) -> str:
    cd = f"<C:calendar-data>{escape(data)}</C:calendar-data>" if data is not None else ""
    return (f"<D:response><D:href>{href}</D:href><D:propstat><D:prop><D:getetag>{escape(etag)}</D:getetag>{cd}"
            f"</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--calendar", default="/cal/")
    args = ap.parse_args()
    cal = args.calendar
    manifest = json.load(open(os.path.join(args.gen, "manifest.json")))
    names = [o["href"] for o in manifest["objects"]]
    etag = {n: '"' + hashlib.sha1(n.encode()).hexdigest()[:16] + '"' for n in names}
    lock = threading.Lock()
    changes: list[str] = []  # names PUT so far; the sync token is the length of this list

    def href(n):
        return cal + urllib.parse.quote(n)

    all_etags = "".join(response(href(n), etag[n]) for n in names).encode()
    propfind = HEAD + f"<D:response><D:href>{cal}</D:href><D:propstat><D:prop><D:getetag>\"c\"</D:getetag>" \
                      f"</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>".encode() \
        + all_etags + TAIL
    query = HEAD + "".join(response(href(n), etag[n]) for n in manifest["query"]["expected_hrefs"]).encode() + TAIL
    texts = {}

    def text(n):
        if n not in texts:
            with open(os.path.join(args.gen, "events", n), encoding="utf-8", newline="") as f:
                texts[n] = f.read()
        return texts[n]

    def multiget(wanted):
        return HEAD + "".join(response(href(n), etag[n], text(n)) for n in wanted).encode() + TAIL
    # The benchmark asks for the manifest's sample: answer it from a pre-built body.
    sample = manifest["multiget_hrefs"]
    sample_answer = multiget(sample)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def setup(self):
            super().setup()
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def send(self, status, data=b"", ctype="application/xml; charset=utf-8", extra=()):
            # Headers and body in one write (BaseHTTPRequestHandler would make it two).
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra:
                self.send_header(k, v)
            self._headers_buffer.append(b"\r\n")
            self.wfile.write(b"".join(self._headers_buffer) + data)
            self._headers_buffer = []

        def do_OPTIONS(self):
            self.body()
            self.send(200, extra=[("DAV", "1, 2, 3, calendar-access")])

        def do_PUT(self):
            self.body()
            n = urllib.parse.unquote(self.path[len(cal):])
            with lock:
                changes.append(n)
            self.send(201, extra=[("ETag", etag.get(n, '"new"'))])

        def do_GET(self):
            n = urllib.parse.unquote(self.path[len(cal):])
            self.send(200, text(n).encode(), "text/calendar; charset=utf-8", [("ETag", etag[n])])

        def do_MKCALENDAR(self):
            self.body()
            self.send(201)

        def do_PROPFIND(self):
            self.body()
            self.send(207, propfind)

        def do_REPORT(self):
            req = self.body()
            if b"calendar-query" in req:
                return self.send(207, query)
            if b"calendar-multiget" in req:
                wanted = [urllib.parse.unquote(h.decode()[len(cal):])
                          for h in re.findall(rb"<D:href>([^<]+)</D:href>", req)]
                return self.send(207, sample_answer if wanted == sample else multiget(wanted))
            if b"sync-collection" in req:
                m = re.search(rb"<D:sync-token>([^<]*)</D:sync-token>", req)
                token = m.group(1).decode() if m else ""
                with lock:
                    now = len(changes)
                    since = sorted(set(changes[int(token.rsplit("/", 1)[-1]):])) if token else None
                items = all_etags if since is None else "".join(response(href(n), etag[n]) for n in since).encode()
                return self.send(207, HEAD + items + f"<D:sync-token>http://null/sync/{now}</D:sync-token>".encode() + TAIL)
            self.send(501)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
