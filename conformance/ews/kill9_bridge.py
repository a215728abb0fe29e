#!/usr/bin/python3
"""kill9_bridge.py CALBRIDGE EWS_STANDIN [ROUNDS]: `kill -9` at random points of a sync loop (issue 5,
"Fault tests") ends with no duplicate and no lost edit on either side.

A colleague in Outlook is python3-exchangelib against the EWS stand-in; a colleague in Thunderbird
writes through CalDAV (PUT/DELETE) to `calbridge serve`. Each round (50 by default):
  - the CalDAV side edits two of its events (each edit a unique SUMMARY), sometimes creates one,
    sometimes deletes one;
  - the Outlook side does the same with exchangelib on its own events;
  - `calbridge sync` starts and is killed with SIGKILL after a random 0-400 ms (or ends first).
The events each side edits are its own (those it created), so an edit is superseded only by a
later edit of the same side, never by a conflict: the final value of every event is well defined.
At the end two clean `calbridge sync` runs, then: no UID twice on either side, both sides hold the
same UIDs, every event holds its last edit on both sides, `calbridge status` says Integrity: ok and
shows no open conflict (each side edits only its own events: a conflict would be a false one).

Prints ok/FAILED lines, counts, and exits 1 when a check failed.
"""
import base64
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bridge_e2e as e2e  # noqa: E402  (the stand-in and calbridge drivers)

import caldav  # noqa: E402
from exchangelib import CalendarItem, EWSDateTime, EWSTimeZone  # noqa: E402
from exchangelib.items import SEND_TO_NONE  # noqa: E402
from exchangelib.protocol import close_connections  # noqa: E402

check = e2e.check


def ics(uid, summary, day):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge kill9 test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:202609{day:02d}T090000Z\r\n"
            f"DTEND:202609{day:02d}T100000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class CalDavSide:
    """The Thunderbird side: plain CalDAV PUT/DELETE on objects it created (RFC 4791 5.3.2)."""

    def __init__(self, base_url, password):
        self.base = base_url.rsplit("/dav/", 1)[0]
        self.password = password
        self.mine = {}  # uid -> (href, day)

    def request(self, method, href, body=None, headers=None):
        req = urllib.request.Request(self.base + href, data=body.encode() if body else None, method=method,
                                     headers=headers or {})
        token = base64.b64encode(f"{e2e.LOCAL_USER}:{self.password}".encode()).decode()
        req.add_header("Authorization", "Basic " + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def put(self, uid, summary, day=None):
        href, old_day = self.mine.get(uid, (e2e.CALENDAR + uid + ".ics", random.randint(1, 28)))
        day = day or old_day
        status = self.request("PUT", href, ics(uid, summary, day), {"Content-Type": "text/calendar; charset=utf-8"})
        self.mine[uid] = (href, day)
        return status

    def delete(self, uid):
        href, _ = self.mine.pop(uid)
        return self.request("DELETE", href)


def remote_state(account):
    """UID -> [subjects] as Exchange holds them (a list, to see duplicates)."""
    out = {}
    for item in account.calendar.all():
        out.setdefault(item.uid, []).append(item.subject)
    return out


def local_state(base_url, password):
    client = caldav.DAVClient(url=base_url, username=e2e.LOCAL_USER, password=password)
    cal = client.calendar(url=base_url.rsplit("/dav/", 1)[0] + e2e.CALENDAR)
    out = {}
    for ev in cal.events():
        for comp in ev.icalendar_instance.walk("VEVENT"):
            if comp.get("RECURRENCE-ID") is None:
                out.setdefault(str(comp.get("UID")), []).append(str(comp.get("SUMMARY")))
    return out


def main():
    calbridge_bin, standin_bin = sys.argv[1:3]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    seed = int(os.environ.get("KILL9_SEED", str(random.randrange(1 << 30))))
    random.seed(seed)
    print(f"kill9-bridge: {rounds} rounds, seed {seed} (KILL9_SEED to repeat)", flush=True)
    workdir = tempfile.mkdtemp(prefix="calbridge-kill9-")
    standin = e2e.Standin(standin_bin, workdir)
    gw = e2e.Calbridge(calbridge_bin, workdir, standin)
    try:
        scenario(gw, standin, rounds)
    finally:
        gw.stop()
        close_connections()
        standin.stop()
    print(f"kill9-bridge: {e2e.PASSED[0]} passed, {len(e2e.FAILURES)} failed")
    if e2e.FAILURES:
        print(f"work dir kept: {workdir}")
        sys.exit(1)
    shutil.rmtree(workdir, ignore_errors=True)


def scenario(gw, standin, rounds):
    account = e2e.exchange_account(standin)
    tz = EWSTimeZone("UTC")
    url = gw.serve()
    local = CalDavSide(url, gw.password)
    expected = {}  # uid -> the last SUMMARY written to it
    counts = {"local edits": 0, "local creates": 0, "local deletes": 0, "remote edits": 0, "remote creates": 0,
              "remote deletes": 0, "syncs killed": 0, "syncs finished": 0}
    serial = [0]

    def unique(prefix):
        serial[0] += 1
        return f"{prefix} {serial[0]} {uuid.uuid4().hex[:8]}"

    def remote_create():
        subject = unique("Outlook new")
        day = random.randint(1, 28)
        item = CalendarItem(account=account, folder=account.calendar, subject=subject,
                            start=EWSDateTime(2026, 10, day, 9, 0, tzinfo=tz),
                            end=EWSDateTime(2026, 10, day, 10, 0, tzinfo=tz))
        item.save(send_meeting_invitations=SEND_TO_NONE)
        item.refresh()
        expected[item.uid] = subject
        remote_mine.add(item.uid)
        counts["remote creates"] += 1

    def local_create():
        uid = str(uuid.uuid4())
        summary = unique("CalDAV new")
        status = local.put(uid, summary)
        if status != 201:
            check(False, f"CalDAV PUT of a new event answered {status}")
        expected[uid] = summary
        counts["local creates"] += 1

    remote_mine = set()
    for _ in range(8):
        remote_create()
        local_create()
    r = gw.run("sync")
    check(r.returncode == 0, f"the first sync exits 0: {r.stdout.strip()} {r.stderr.strip()[-300:]}")

    for rnd in range(rounds):
        # The Outlook side: two edits of its own events, sometimes a creation or a deletion.
        items = {i.uid: i for i in account.calendar.all() if i.uid in remote_mine}
        for uid in random.sample(sorted(items), min(2, len(items))):
            item = items[uid]
            item.subject = unique(f"Outlook r{rnd}")
            item.save(update_fields=["subject"], send_meeting_invitations=SEND_TO_NONE)
            expected[uid] = item.subject
            counts["remote edits"] += 1
        if random.random() < 0.3:
            remote_create()
        if random.random() < 0.2 and len(items) > 4:
            uid = random.choice(sorted(items))
            items[uid].delete(send_meeting_cancellations=SEND_TO_NONE)
            remote_mine.discard(uid)
            expected.pop(uid, None)
            counts["remote deletes"] += 1
        # The CalDAV side: the same on its own events.
        mine = sorted(local.mine)
        for uid in random.sample(mine, min(2, len(mine))):
            summary = unique(f"CalDAV r{rnd}")
            status = local.put(uid, summary)
            if status not in (200, 201, 204):
                check(False, f"CalDAV PUT of an edit answered {status}")
            expected[uid] = summary
            counts["local edits"] += 1
        if random.random() < 0.3:
            local_create()
        if random.random() < 0.2 and len(local.mine) > 4:
            uid = random.choice(sorted(local.mine))
            status = local.delete(uid)
            if status not in (200, 204):
                check(False, f"CalDAV DELETE answered {status}")
            expected.pop(uid, None)
            counts["local deletes"] += 1

        # A sync, killed at a random point.
        proc = subprocess.Popen([gw.binary, "--config", gw.config, "sync"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            counts["syncs killed"] += 1
        else:
            counts["syncs finished"] += 1
        proc.wait(timeout=60)

    for n in (1, 2):
        r = gw.run("sync")
        check(r.returncode == 0, f"clean sync {n} exits 0: {r.stdout.strip()} {r.stderr.strip()[-300:]}")
    r = gw.run("sync")
    check("local +0 ~0 -0, remote +0 ~0 -0" in r.stdout, f"a third sync has nothing to do: {r.stdout.strip()}")

    remote = remote_state(account)
    localv = local_state(url, gw.password)
    remote_dups = {u: s for u, s in remote.items() if len(s) > 1}
    local_dups = {u: s for u, s in localv.items() if len(s) > 1}
    check(not remote_dups, f"no UID twice in Exchange ({len(remote)} UIDs): {list(remote_dups.items())[:3]}")
    check(not local_dups, f"no UID twice through CalDAV ({len(localv)} UIDs): {list(local_dups.items())[:3]}")
    check(set(remote) == set(localv),
          f"both sides hold the same UIDs (only Exchange: {len(set(remote) - set(localv))}, "
          f"only CalDAV: {len(set(localv) - set(remote))})")
    check(set(remote) == set(expected),
          f"Exchange holds exactly the UIDs edited and not deleted ({len(expected)}): "
          f"missing {sorted(set(expected) - set(remote))[:3]}, extra {sorted(set(remote) - set(expected))[:3]}")
    lost_remote = [(u, s, remote.get(u)) for u, s in expected.items() if remote.get(u, [None])[0] != s]
    lost_local = [(u, s, localv.get(u)) for u, s in expected.items() if localv.get(u, [None])[0] != s]
    check(not lost_remote, f"every event holds its last edit in Exchange ({len(lost_remote)} differ: {lost_remote[:3]})")
    check(not lost_local, f"every event holds its last edit through CalDAV ({len(lost_local)} differ: {lost_local[:3]})")
    status = gw.run("status", counted=False)
    check("Integrity: ok" in status.stdout, "calbridge status says Integrity: ok")
    # Each side edits only its own events, so any conflict record is a false one (an own write
    # taken for a colleague's edit after a kill).
    open_conflicts = status.stdout.split("Open conflicts:", 1)[-1].strip()
    check(open_conflicts.startswith("none"), f"no conflict recorded: {open_conflicts[:300]}")
    check(gw.ews_invalid == 0, f"{gw.ews_requests} EWS requests from the clean syncs, none invalid")
    print("kill9-bridge counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()) +
          f", events at the end {len(expected)}", flush=True)


if __name__ == "__main__":
    main()
