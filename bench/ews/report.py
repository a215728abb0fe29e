#!/usr/bin/python3
"""report.py RESULT.json [--title T] [--machine M] [--version V] [--wall S]: the Markdown tables
of one bench_ews.py run (figures, goals, and the DavMail ratios when DavMail ran)."""
import argparse
import json


def ops_text(ops: dict) -> str:
    """"SyncFolderItems 10, GetItem 50 (5,000 items)": requests per operation, and the items
    answered where a batch operation carried more than one."""
    parts = []
    for op, o in sorted(ops.items(), key=lambda kv: -kv[1]["requests"]):
        text = f"{op} {o['requests']}"
        m = o.get("response_messages")
        if m is not None and m != o["requests"] and op not in ("SyncFolderItems", "FindItem"):
            text += f" ({m:,} items)"
        if o.get("invalid"):
            text += f" [{o['invalid']} invalid]"
        parts.append(text)
    return ", ".join(parts) or "none"


def rate(items: int, seconds: float) -> str:
    return f"{items / seconds:,.0f}" if items and seconds > 0 else "–"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("result")
    ap.add_argument("--title", default="EWS bridge")
    ap.add_argument("--machine", default="")
    ap.add_argument("--version", default="")
    ap.add_argument("--wall", type=int, default=0)
    a = ap.parse_args()
    r = json.load(open(a.result))
    n = r["items"]
    out = [f"### {a.title}", ""]
    if a.version:
        out.append(f"calbridge: `{a.version}`; Exchange: the EWS stand-in (tests/ews_standin), every request and "
                   "response validated against Microsoft's schema; loopback.")
        out.append("")
    out += ["| phase | items moved | EWS round trips (stand-in) | calbridge's count | per operation | seconds "
            "| items/s | CPU s calbridge / stand-in |",
            "|---|---:|---:|---:|---|---:|---:|---:|"]

    def row(label, p, moved, bulk=False):
        cpu = p.get("cpu")
        cpu_text = f"{cpu['calbridge']:.2f} / {cpu['standin']:.2f}" if cpu else "–"
        out.append(f"| {label} | {moved:,} | {p['standin_requests']} | {p['calbridge_round_trips']} | "
                   f"{ops_text(p['operations'])} | {p['seconds']:.2f} | {rate(moved, p['seconds']) if bulk else '–'} "
                   f"| {cpu_text} |")

    if "push" in r:
        row(f"push: {n:,} local events created in Exchange", r["push"], r["push"]["remote"]["created"], True)
    if "push_again" in r:
        row("push: second sync, nothing changed (reads back its own creations)", r["push_again"], 0)
    if "push_third" in r:
        row("push: third sync, nothing changed", r["push_third"], 0)
    if "initial" in r:
        row(f"initial sync: {n:,} Exchange items into an empty calendar", r["initial"], r["initial"]["local"]["created"],
            True)
    labels = {"none": "incremental: nothing changed", "one": "incremental: 1 item edited in Outlook",
              "many": f"incremental: {r['changes']} items edited in Outlook"}
    for k, label in labels.items():
        if k in r.get("incremental", {}):
            p = r["incremental"][k]
            row(label, p, p["local"]["updated"])
    out.append("")

    if "initial" in r and "incremental" in r:
        goal = n // 100 + 5
        init = r["initial"]["standin_requests"]
        one = r["incremental"]["one"]["standin_requests"]
        inc = r["incremental"]["many"]
        got = inc["operations"].get("GetItem", {}).get("response_messages")
        writes = sum(inc["operations"].get(op, {}).get("requests", 0) for op in ("CreateItem", "UpdateItem", "DeleteItem"))
        out += ["| goal (issue 5) | measured | met |", "|---|---:|:---:|",
                f"| initial sync ≤ N/100 + 5 = {goal} round trips | {init} | {'yes' if init <= goal else 'NO'} |",
                f"| one change ≤ 3 round trips | {one} | {'yes' if one <= 3 else 'NO'} |",
                f"| nothing unchanged re-sent ({r['changes']} changes): GetItem items, Create/Update/DeleteItem requests "
                f"| {got if got is not None else '?'} items, {writes} writes "
                f"| {'yes' if got == r['changes'] and writes == 0 else 'NO'} |", ""]

    dm = r.get("davmail")
    if dm:
        out.append("#### calbridge vs DavMail, the same folder read by a CalDAV client")
        out.append("")
        if "calbridge_caldav_full" in dm:
            c = dm["calbridge_caldav_full"]
            out.append(f"After its initial sync, a CalDAV client reads the {c['with_data']:,} objects from `calbridge serve` "
                       f"(PROPFIND + multiget of 100) in {c['seconds']:.2f} s, without any EWS round trip.")
            out.append("")
        if "blocked" in dm:
            out.append(f"DavMail: no comparison — {dm['blocked']}. EWS requests DavMail sent for the login and that "
                       f"listing: {dm['full']['standin_requests']} ({ops_text(dm['full']['operations'])}); "
                       "see bench/ews/README.md, DavMail.")
            out.append("")
        elif "full" in dm:
            full, cb = dm["full"], r["initial"]
            out += ["| | calbridge | DavMail 6.0.1 | DavMail / calbridge |", "|---|---:|---:|---:|",
                    f"| first read: EWS round trips | {cb['standin_requests']} | {full['standin_requests']} | "
                    f"{full['standin_requests'] / max(1, cb['standin_requests']):.1f}× |",
                    f"| first read: seconds | {cb['seconds']:.1f} | {full['seconds']:.1f} | "
                    f"{full['seconds'] / cb['seconds']:.1f}× |"]
            if "incremental" in dm:
                inc, cbi = dm["incremental"], dm["calbridge_incremental"]["sync"]
                out += [f"| after {r['changes']} changes: EWS round trips | {cbi['standin_requests']} | "
                        f"{inc['standin_requests']} | {inc['standin_requests'] / max(1, cbi['standin_requests']):.1f}× |",
                        f"| after {r['changes']} changes: seconds | {cbi['seconds']:.2f} | {inc['seconds']:.2f} | "
                        f"{inc['seconds'] / cbi['seconds']:.1f}× |"]
            out.append("")
        if "error" in dm:
            out.append(f"DavMail did not complete: {dm['error']}")
            out.append("")
            if dm.get("operations"):
                out.append(f"EWS operations DavMail sent: {ops_text(dm['operations'])}")
                for op, o in dm["operations"].items():
                    if o.get("last_problem"):
                        out.append(f"- {op}: {o['last_problem']}")
                out.append("")

    failed = [c for c in r.get("checks", []) if not c["ok"]]
    out.append(f"Checks: {len(r.get('checks', [])) - len(failed)} passed, {len(failed)} failed"
               + (": " + "; ".join(c["what"] for c in failed) if failed else "."))
    if a.machine:
        out.append("")
        out.append(f"- {a.machine}")
    if a.wall:
        out.append(f"- Whole run (generation, seeding, every phase): {a.wall} s.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
