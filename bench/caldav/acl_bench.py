#!/usr/bin/python3
"""What the access checks cost (issue 6, "Done when": ACL checks add under 10 % to PROPFIND and
calendar-query at 5,000 events, same bench as the CalDAV issue, with and without grants).

    acl_bench.py --calbridge build/gateway/calbridge [--events 5000] [--rounds 61] [--out R.json]

One calendar of N events (generate_events.py, the CalDAV bench's calendar) is PUT into a fresh
store as the owner `bench`; 50 more users (u01..u50) exist in it. The store is then copied
three times, byte for byte:
  store A and its twin Z: no grants at all;
  store B: the calendar shared read-only with the 50 users and with 5 groups g1..g5 (each
           holding 10 of the users), so u01 holds a direct grant and one through g1.
The three servers run at once (127.0.0.1, their own ports) and the same two requests of the
CalDAV bench (PROPFIND Depth 1 getetag on the calendar; calendar-query VEVENT time-range of
October 2026 asking getetag) are timed in four modes:
  (a) owner on store A, /dav/calendars/bench/bench/           (no grants in the store)
  (b) owner on store B, the same path                          (grants present)
  (c) u01 on store B through its mount /dav/calendars/u01/shared-bench-bench/  (a read grantee)
  (z) owner on store Z, as (a): the control. (z)/(a) is what two identical servers differ by on
      this machine at this time; a (b)/(a) or (c)/(a) within that is no measurable cost.
With --baseline OLD_BINARY (a calbridge without the ACL engine, e.g. main's build before issue 6)
the seed store is made by OLD_BINARY and a fourth copy P is served by it:
  (p) owner on store P, served by OLD_BINARY: what the owner's requests cost before the ACL code.
The other copies are migrated to the new schema when the new binary first opens them.
Modes are interleaved per round (rotations of a b c z, forwards and backwards) so machine load
drifts hit all alike; --warmup rounds first (untimed: the login cache, SQLite's page cache).
Reported: the median per mode, the ratios of medians to (a), and the median of the per-round
ratios (paired, steadier on a busy machine). Every answer is checked (untimed): all N members
for PROPFIND, exactly the expected month's objects for the query, hrefs under the mount for (c).
Before timing, the ACL is shown to be in force: u01 gets 404 on the calendar in store A, 207
on its mount in store B and 403 on a PUT through it.

Needs the sharing CLI: `calbridge group add NAME USER...` and
`calbridge share CALENDAR --user OWNER --with USER|GROUP --access read`.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402
from bench_server import bulk_put  # noqa: E402
from dav_client import DavClient, parse_multistatus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
OWNER, PASSWORD = "bench", "bench"
CALENDAR = f"/dav/calendars/{OWNER}/bench/"
USERS = [f"u{i:02d}" for i in range(1, 51)]
GROUPS = {f"g{g}": USERS[(g - 1) * 10:g * 10] for g in range(1, 6)}
GRANTEE = USERS[0]
MOUNT = f"/dav/calendars/{GRANTEE}/shared-{OWNER}-bench/"
PROBE_EVENT = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge bench//EN\r\nBEGIN:VEVENT\r\n"
               b"UID:acl-bench-probe\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261005T100000Z\r\n"
               b"DTEND:20261005T110000Z\r\nSUMMARY:must be refused\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def log(msg: str):
    print(f"acl_bench: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], what: str, stdin: str | None = None) -> str:
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"acl_bench: {what}: `{' '.join(cmd)}` exited {r.returncode}:\n{r.stderr[-2000:]}")
    return r.stdout


def write_config(data: str, port: int) -> str:
    path = os.path.join(data, "calbridge.toml")
    with open(path, "w") as f:
        f.write(f'[server]\nbind = "127.0.0.1"\nport = {port}\n[store]\npath = "{data}/store.db"\n'
                '[log]\nlevel = "warn"\naccess_log = false\n')
    return path


class Calbridge(servers.Command):
    """calbridge on its own store; the configuration is written before each start (the port)."""

    def __init__(self, work: str, name: str, binary: str):
        super().__init__(work, f"{binary} --config {{data}}/calbridge.toml serve", None, OWNER, PASSWORD,
                         CALENDAR, name=name)
        self.binary = binary
        write_config(self.data, self.port)

    def cli(self, *args: str, stdin: str | None = None) -> str:
        return run([self.binary, "--config", os.path.join(self.data, "calbridge.toml"), *args],
                   f"{self.name}: calbridge {args[0]}", stdin)


def median_ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calbridge", required=True, help="the calbridge binary")
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--gen", help="an existing generate_events.py output directory (else generated)")
    ap.add_argument("--rounds", type=int, default=101, help="timed rounds; each times every mode once per operation")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--baseline", help="a calbridge without the ACL engine: mode (p), and the seed store's maker")
    ap.add_argument("--out", help="results JSON")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    binary = os.path.abspath(args.calbridge)
    baseline = os.path.abspath(args.baseline) if args.baseline else None

    work = tempfile.mkdtemp(prefix="calbridge-acl-bench.")
    t_start = time.monotonic()
    try:
        gen = args.gen
        if not gen:
            gen = os.path.join(work, "gen")
            log(f"generating {args.events} events (seed {args.seed})")
            run([PY, os.path.join(HERE, "generate_events.py"), "--events", str(args.events), "--seed",
                 str(args.seed), "--out", gen], "generate_events.py")
        with open(os.path.join(gen, "manifest.json")) as f:
            manifest = json.load(f)
        names = [o["href"] for o in manifest["objects"]]
        bodies = {}
        for name in names:
            with open(os.path.join(gen, "events", name), "rb") as f:
                bodies[name] = f.read()
        n = len(names)
        q = manifest["query"]
        expected = set(q["expected_hrefs"])

        # -- the seed store: the owner, 50 users, the calendar with N events; no grants.
        seed = Calbridge(work, "seed", baseline or binary)
        log(f"adding {1 + len(USERS)} users (PBKDF2 for each password)")
        for user in [OWNER] + USERS:
            seed.cli("user", "add", user, "--email", f"{user}@example.com", "--password-stdin", stdin=PASSWORD + "\n")
        seed.start()
        owner = DavClient(servers.HOST, seed.port, CALENDAR, seed.auth_header)
        r = owner.mkcalendar()
        if r.status != 201:
            raise SystemExit(f"acl_bench: MKCALENDAR {CALENDAR}: {r.status} {r.body[:300]!r}")
        owner.close()
        log(f"PUT {n} events as {OWNER}")
        put = bulk_put(owner, names, bodies, 4)
        if put["failures"]:
            raise SystemExit(f"acl_bench: PUT failures: {put['failure_examples']}")
        seed.stop()

        # -- three copies of it, started the same way: A and its twin Z (no grants), B (grants).
        stores = {}
        copies = [("a", "no-grants", binary), ("z", "no-grants-twin", binary), ("b", "grants", binary)]
        if baseline:
            copies.append(("p", "before-acl", baseline))
        for mode, name, exe in copies:
            stores[mode] = Calbridge(work, name, exe)
            for f in os.listdir(seed.data):
                if f.startswith("store.db"):
                    shutil.copy2(os.path.join(seed.data, f), os.path.join(stores[mode].data, f))
        b = stores["b"]
        for group, members in GROUPS.items():
            b.cli("group", "add", group, *members)
        for grantee in USERS + list(GROUPS):
            b.cli("share", CALENDAR, "--user", OWNER, "--with", grantee, "--access", "read")
        log(f"store B: {CALENDAR} shared read-only with {len(USERS)} users and {len(GROUPS)} groups")

        for s in stores.values():
            s.start()
        try:
            results = measure(stores, manifest, expected, q, args)
        finally:
            for s in stores.values():
                s.stop()
        results.update(events=n, put_rate=put["rate"], rounds=args.rounds, warmup=args.warmup,
                       version=run([binary, "--version"], "calbridge --version").strip(),
                       baseline=baseline, wall_seconds=time.monotonic() - t_start,
                       load_average=open("/proc/loadavg").read().split()[:3])
        print(report(results))
        if args.out:
            with open(args.out, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        if args.keep:
            log(f"scratch directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def measure(stores: dict, manifest, expected, q, args) -> dict:
    a, b, z = stores["a"], stores["b"], stores["z"]
    grantee_auth = "Basic " + base64.b64encode(f"{GRANTEE}:{PASSWORD}".encode()).decode()
    clients = {
        "a": DavClient(servers.HOST, a.port, CALENDAR, a.auth_header),
        "b": DavClient(servers.HOST, b.port, CALENDAR, b.auth_header),
        "c": DavClient(servers.HOST, b.port, MOUNT, grantee_auth),
        "z": DavClient(servers.HOST, z.port, CALENDAR, z.auth_header),
    }
    if "p" in stores:
        clients["p"] = DavClient(servers.HOST, stores["p"].port, CALENDAR, stores["p"].auth_header)

    # The ACL is in force: without a grant the calendar does not exist for u01; with a read
    # grant it is readable through the mount and not writable.
    probe = DavClient(servers.HOST, a.port, CALENDAR, grantee_auth)
    preconditions = {
        "u01 on store A (no grant): PROPFIND calendar": probe.calendar_status(),
        "u01 on store B, mount: PROPFIND Depth 0": clients["c"].calendar_status(),
        "u01 on store B, mount: PUT": clients["c"].put("acl-bench-probe.ics", PROBE_EVENT, create=True).status,
    }
    probe.close()
    want = {"u01 on store A (no grant): PROPFIND calendar": 404, "u01 on store B, mount: PROPFIND Depth 0": 207,
            "u01 on store B, mount: PUT": 403}
    for k, v in preconditions.items():
        log(f"  {k}: {v} (want {want[k]})")
    if preconditions != want:
        raise SystemExit(f"acl_bench: the ACL is not what issue 6 specifies: {preconditions}, want {want}")

    all_names = set(o["href"] for o in manifest["objects"])

    def check_propfind(mode, r):
        path = MOUNT if mode == "c" else CALENDAR
        items, _ = parse_multistatus(r.body, path)
        members = {i.name for i in items if i.name is not None and i.status == 200 and i.etag}
        foreign = mode == "c" and CALENDAR.encode() in r.body  # every href under the mount
        return r.status == 207 and members == all_names and not foreign

    def check_query(mode, r):
        path = MOUNT if mode == "c" else CALENDAR
        items, _ = parse_multistatus(r.body, path)
        got = {i.name for i in items if i.name is not None and i.status == 200}
        foreign = mode == "c" and CALENDAR.encode() in r.body  # every href under the mount
        return r.status == 207 and got == expected and not foreign

    ops = {
        "propfind": (lambda c: c.propfind_etags(), check_propfind, "PROPFIND Depth 1, getetag"),
        "query": (lambda c: c.calendar_query(q["start"], q["end"]), check_query,
                  f"calendar-query, VEVENT time-range {q['start'][:8]}-{q['end'][:8]}, getetag"),
    }
    modes = "abcz" + ("p" if "p" in clients else "")
    # Every mode in every position equally often: rotations of the modes, forwards and backwards.
    rotations = [modes[i:] + modes[:i] for i in range(len(modes))]
    orders = rotations + [o[::-1] for o in rotations]
    out = {"preconditions": preconditions, "ops": {}}
    for op, (call, check, title) in ops.items():
        times = {m: [] for m in modes}
        bad = {m: 0 for m in modes}
        size = {}
        for rnd in range(args.warmup + args.rounds):
            for mode in orders[rnd % len(orders)]:
                r = call(clients[mode])
                ok = check(mode, r)  # untimed
                size[mode] = len(r.body)
                if rnd >= args.warmup:
                    times[mode].append(r.seconds)
                    bad[mode] += 0 if ok else 1
                elif not ok:
                    raise SystemExit(f"acl_bench: {title} in mode ({mode}) answered wrongly: {r.status} "
                                     f"{r.body[:300]!r}")
        med = {m: statistics.median(times[m]) for m in modes}
        others = modes[1:]
        paired = {m: statistics.median([x / y for x, y in zip(times[m], times["a"])]) for m in others}
        out["ops"][op] = {"title": title, "runs_s": times, "median_s": med, "min_s": {m: min(times[m]) for m in modes},
                          "ratio_of_medians": {m: med[m] / med["a"] for m in others}, "median_paired_ratio": paired,
                          "wrong_answers": bad, "body_bytes": size}
        log(f"  {title}: (a) {med['a'] * 1e3:.2f} ms, (b) {med['b'] * 1e3:.2f} ms, (c) {med['c'] * 1e3:.2f} ms, "
            f"(z) {med['z'] * 1e3:.2f} ms; (b)/(a) {med['b'] / med['a']:.3f}, (c)/(a) {med['c'] / med['a']:.3f}, "
            f"(z)/(a) {med['z'] / med['a']:.3f}" + (f", (p) {med['p'] * 1e3:.2f} ms" if "p" in med else "") +
            f"; wrong answers {bad}")
    for c in clients.values():
        c.close()
    return out


def report(res: dict) -> str:
    lines = [f"### ACL cost, {res['events']:,} events ({res['version']})", "",
             f"{res['rounds']} interleaved rounds after {res['warmup']} warm-up rounds; load average at the end "
             f"{' '.join(res['load_average'])}; whole run {res['wall_seconds']:.0f} s.", "",
             "| operation | (a) owner, no grants | (b) owner, 50 users + 5 groups granted | (c) read grantee via mount "
             "| (z) owner, twin of (a) | (b)/(a) | (c)/(a) | (z)/(a): noise | per-round (b)/(a), (c)/(a), (z)/(a) | goal |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for op in res["ops"].values():
        m, r, p = op["median_s"], op["ratio_of_medians"], op["median_paired_ratio"]
        wrong = sum(op["wrong_answers"].values())
        ok = "met" if max(r["b"], r["c"]) < 1.10 else "NOT met"
        lines.append(f"| {op['title']} | {m['a'] * 1e3:.2f} ms | {m['b'] * 1e3:.2f} ms | {m['c'] * 1e3:.2f} ms | "
                     f"{m['z'] * 1e3:.2f} ms | {r['b']:.3f} | {r['c']:.3f} | {r['z']:.3f} | "
                     f"{p['b']:.3f}, {p['c']:.3f}, {p['z']:.3f} | < 1.10: {ok}"
                     f"{'' if not wrong else f' ({wrong} wrong answers!)'} |")
    lines.append("")
    lines.append("Answer sizes (bytes): " + "; ".join(
        op["title"].split(",")[0] + ": " + ", ".join(f"({m}) {n:,}" for m, n in sorted(op["body_bytes"].items()))
        for op in res["ops"].values()) + ".")
    if res.get("baseline"):
        lines += ["", f"Before the ACL engine ({res['baseline']}), owner on a copy of the same store, same rounds:"]
        for op in res["ops"].values():
            m = op["median_s"]
            lines.append(f"- {op['title']}: (p) {m['p'] * 1e3:.2f} ms; (a)/(p) {m['a'] / m['p']:.3f}, "
                         f"(b)/(p) {m['b'] / m['p']:.3f}, (c)/(p) {m['c'] / m['p']:.3f}, (z)/(p) {m['z'] / m['p']:.3f}")
    lines += ["", "Preconditions (the ACL in force): " +
              "; ".join(f"{k} → {v}" for k, v in res["preconditions"].items()) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
