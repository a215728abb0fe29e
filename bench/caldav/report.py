#!/usr/bin/python3
"""Turn the JSON results of bench_server.py into the Markdown report: one table, operation x
server, with ratio columns (calbridge vs each peer) when calbridge ran, the targets of
/work/shared/notes/performance-targets.md, and the client's floor (the null server).

    report.py --gen GEN_DIR --title "..." [--null null.json] [--wall SECONDS] RESULT.json...

Ratios are "how many times better calbridge is": peer time / calbridge time, calbridge rate /
peer rate, peer memory / calbridge memory. The issue's floor is 10x Radicale and 5x Xandikos.
"""
import argparse
import json
import os
import statistics

PEER_FLOOR = {"radicale": 10, "xandikos": 5}


def ms(s):
    if s is None:
        return "—"
    v = s * 1e3
    if v >= 10000:
        return f"{s:.1f} s"
    if v >= 100:
        return f"{v:,.0f} ms"
    if v >= 10:
        return f"{v:.1f} ms"
    return f"{v:.2f} ms"


def rate(r):
    return "—" if r is None else (f"{r:,.0f}" if r >= 100 else f"{r:.1f}")


def mib(kib):
    return f"{kib / 1024:.0f}" if kib >= 10240 else f"{kib / 1024:.1f}"


def duration(s):
    if s is None:
        return "—"
    if s < 120:
        return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
    return f"{int(s // 60)} min {int(s % 60):02d} s"


def put_summary(r):
    """(overall rate, first rate, last rate, time for all N (measured or estimated), note)."""
    p, n = r["put"], r["events"]
    if p["mode"] == "full":
        a = p["all"]
        return a["rate"], a["first10_rate"], a["last10_rate"], a["seconds"], "all N, first/last 10 %"
    f, l = p["first"], p["last"]
    overall = (f["count"] + l["count"]) / (f["seconds"] + l["seconds"])
    # Per-PUT time interpolated linearly between the empty and the full calendar.
    est = n * (1 / f["rate"] + 1 / l["rate"]) / 2
    return overall, f["rate"], l["rate"], est, f"sampled: first {f['count']} + last {l['count']}"


def ratio(cb, peer, higher_is_better):
    if cb is None or peer is None or cb == 0 or peer == 0:
        return "—"
    x = cb / peer if higher_is_better else peer / cb
    return f"{x:,.1f}×" if x < 100 else f"{x:,.0f}×"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--title", default="CalDAV benchmark")
    ap.add_argument("--null")
    ap.add_argument("--wall", type=float)
    ap.add_argument("--machine", default="")
    ap.add_argument("results", nargs="+")
    args = ap.parse_args()
    manifest = json.load(open(os.path.join(args.gen, "manifest.json")))
    res = [json.load(open(p)) for p in args.results]
    res.sort(key=lambda r: {"calbridge": 0, "radicale": 1, "xandikos": 2}.get(r["server"], 3))
    null = json.load(open(args.null)) if args.null else None
    cb = next((r for r in res if r["server"] == "calbridge"), None)
    peers = [r for r in res if r is not cb]
    n = manifest["events"]
    q = manifest["query"]

    cols = ["operation"] + [r["label"] for r in res]
    if cb:
        cols += [f"calbridge vs {r['label'].split()[0]}" for r in peers]
    cols += ["target", "client floor"]

    rows = []

    def row(name, values, ratio_of=None, higher=False, target="", floor=""):
        """values: server -> (cell text, number or None)."""
        cells = [name] + [values[r["server"]][0] for r in res]
        if cb:
            for p in peers:
                cells.append(ratio(values["calbridge"][1], values[p["server"]][1], higher) if ratio_of else "")
        cells += [target, floor]
        rows.append(cells)

    put = {r["server"]: put_summary(r) for r in res}
    row("bulk PUT, 4 threads, If-None-Match: * (events/s)",
        {s: (f"{rate(v[0])} ({v[4]})", v[0]) for s, v in put.items()}, True, True, "≥ 1,000",
        rate(put_summary(null)[0]) if null else "")
    row("↳ PUT rate, empty → full calendar (events/s)",
        {s: (f"{rate(v[1])} → {rate(v[2])}", None) for s, v in put.items()},
        target="not slowing")
    row(f"↳ time to PUT all {n:,} events",
        {s: (duration(v[3]) + (" (measured)" if r["put"]["mode"] == "full" else " (estimated)"), v[3])
         for r in res for s, v in [(r["server"], put[r["server"]])]}, True, False)

    def op_row(key, title, target, check_row):
        def cell(r):
            o = r["ops"][key]
            few = f" (median of {len(o['runs_s'])})" if len(o["runs_s"]) < r["runs"] else ""
            if o["check"]["status"] != 207:  # a failed request's time means nothing: no ratio
                return f"{ms(o['median_s'])} (HTTP {o['check']['status']} ✗)", None
            return ms(o["median_s"]) + few, o["median_s"]
        vals = {r["server"]: cell(r) for r in res}
        row(title, vals, True, False, target, ms(null["ops"][key]["median_s"]) if null else "")
        row(check_row[0], {r["server"]: (check_row[1](r["ops"][key]), None) for r in res})

    def ok(c, got, want):
        return f"{c[got]:,}/{c[want]:,}" + ("" if c[got] == c[want] else " ✗")

    op_row("propfind", "PROPFIND Depth 1, getetag", "≤ 50 ms",
           ("↳ members returned / stored", lambda o: ok(o["check"], "responses", "expected")))

    def query_check(o):
        c = o["check"]
        s = f"{c['matching']}/{c['expected']}"
        if c["missing"]:
            s += f" ✗ ({c['missing']} missing, {c['missing_recurring']} of them recurring)"
        if c["extra"]:
            s += f" ✗ ({c['extra']} not matching returned)"
        return s
    op_row("query", f"calendar-query, VEVENT time-range {q['start'][:8]}–{q['end'][:8]}, getetag", "≤ 10 ms",
           ("↳ matching objects returned / expected", query_check))
    op_row("multiget", "calendar-multiget, 100 hrefs, calendar-data", "≤ 5 ms",
           ("↳ objects with their calendar-data / asked", lambda o: ok(o["check"], "with_data", "expected")))
    op_row("sync_initial", "sync-collection, initial (empty token)", "",
           ("↳ members returned / stored", lambda o: ok(o["check"], "responses", "expected")))

    def sync10(o):
        c = o["check"]
        if o["all_exact"]:
            return f"exactly the 10, in {len(o['runs_s'])}/{len(o['runs_s'])} runs"
        return f"✗ {c['returned']} returned ({c['missing']} of the 10 missing, {c['extra']} others)"
    op_row("sync_10", "sync-collection after 10 changes", "≤ 3 ms",
           ("↳ changes returned", sync10))

    def wrk_cell(r):
        w = r.get("wrk")
        if not w or w["rps"] is None:
            return ("—", None)
        bad = f" ({w['non_2xx']:,} non-2xx ✗)" if w["non_2xx"] else ""
        return (f"{w['rps']:,.0f}{bad}", w["rps"])
    row("GET one event, `wrk -t2 -c4 -d5s` (req/s)", {r["server"]: wrk_cell(r) for r in res}, True, True,
        "≥ 12,000", "")
    mem = {r["server"]: r["memory_after_load"] for r in res}
    row("server RSS after load / peak (MiB)",
        {s: (f"{mib(m['rss_kib'])} / {mib(m['hwm_kib'])}", m["rss_kib"]) for s, m in mem.items()}, True, False,
        "≤ 30 at 20,000 events", "")

    out = [f"## {args.title}", ""]
    if args.machine:
        out += [args.machine, ""]
    s = manifest["stats"]
    out.append(f"{n:,} events (seed {manifest['seed']}, {manifest['bytes_total'] / 1e6:.1f} MB, median "
               f"{manifest['bytes_median']:,} bytes): {s['recurring']} recurring ({s['with_exdate']} with EXDATEs, "
               f"{s['with_overrides']} with {s['overrides']} overrides), {s['all_day']} all-day, "
               f"{len(s['zones'])} time zones, {s['attendees']:,} attendees. The query month holds "
               f"{q['expected_count']} matching objects ({q['expected_instances']} instances), computed by the "
               f"generator; {s['overrides_into_month']} overrides move an instance into it, "
               f"{s['overrides_out_of_month']} out of it, {s['exdates_in_month']} EXDATEs fall in it.")
    out.append("")
    out.append("Servers: " + "; ".join(
        f"{r['label']} (auth: {r['auth']}, calendar {r['calendar']}, PUTs {r['put']['mode']}"
        + (f", {r['put']['seeded']:,} seeded into its storage" if r['put']['mode'] == 'sampled' else "") + ")"
        for r in res) + ".")
    runs = res[0]["runs"]
    out.append(f"Each timing: median of {runs} runs after {res[0]['warmup']} warm-up run (25 runs where the warm-up "
               f"took under 50 ms, 3 where it took over 10 s; sync after 10 changes: {runs}); "
               "ratios = how many times better calbridge is (issue 4's floor: 10× Radicale, 5× Xandikos).")
    if not cb:
        out.append("calbridge did not run (`--calbridge CMD`): no ratio columns.")
    out.append("")
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * len(cols))
    for cells in rows:
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if null:
        cpu = {r["label"]: statistics.median([r["ops"][k]["client_cpu_median_s"] for k in r["ops"]]) for r in res}
        worst = max(max(r["ops"][k]["client_cpu_median_s"] for k in r["ops"]) for r in res)
        out.append(f"Client floor: the same client against `null_server.py` (canned answers, no storage): "
                   f"{rate(put_summary(null)[0])} PUT/s at {null['put']['all']['client_cpu_us_per_put']:.0f} µs "
                   f"client CPU per PUT; the client's CPU inside a timed read request is at most "
                   f"{ms(worst)} (median per server: " + ", ".join(f"{k} {ms(v)}" for k, v in cpu.items()) + ").")
    for r in res:
        p = r["put"]
        if p["mode"] == "sampled":
            out.append(f"- {r['label']}: {p['seeded']:,} events seeded into its storage in {p['seed_seconds']:.1f} s; "
                       f"the first PUT after the restart (untimed) took {p['warmup_put_ms']:,.0f} ms.")
        fails = sum(p[k]["failures"] for k in ("first", "last", "all") if k in p)
        if fails:
            out.append(f"- {r['label']}: {fails} PUTs failed, e.g. {p.get('all', p.get('first'))['failure_examples'][:1]}")
        if r.get("query_missing_examples"):
            out.append(f"- {r['label']}: calendar-query missed e.g. {', '.join(r['query_missing_examples'][:3])}")
        for k, o in r["ops"].items():
            if o["check"].get("error"):
                out.append(f"- {r['label']}: {k} answered HTTP {o['check']['status']}: `{' '.join(o['check']['error'].split())[:200]}`")
        if r.get("wrk", {}).get("socket_errors"):
            out.append(f"- {r['label']}: wrk socket errors: {r['wrk']['socket_errors']}")
    if args.wall:
        out.append(f"- Whole run (generation, all servers, report): {duration(args.wall)}.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
