#!/usr/bin/python3
"""kill9_bridge.py CALBRIDGE EWS_STANDIN OST [--rounds N]: `kill -9` at random points of bridge
cycles loses no edit and duplicates nothing, on either side (issue 5, "Fault tests").

Exchange is the stand-in (tests/ews_standin); a colleague in Outlook is python3-exchangelib, a
colleague in Thunderbird python3-caldav against `calbridge serve`. After a seed (the OST's
Calendar folder pushed, events created on both sides), each round:
  - on the CalDAV side: one new event, and LOCATION edited on two existing ones;
  - on the Exchange side: one new event, and the subject edited on two existing ones
    (different items than the local edits of the round); every value is unique;
  - every fifth round, after a clean cycle, one settled item deleted on each side;
  - `calbridge sync` started and killed with SIGKILL after a random 0-400 ms.
Local edits touch only LOCATION and remote edits only SUMMARY, so no edit may legitimately be
lost to a conflict: at the end (two clean cycles) both sides must hold exactly the model's UIDs,
each once, with the last SUMMARY of Exchange and the last LOCATION of CalDAV, no conflict
recorded, and `calbridge status` must say "Integrity: ok".

Prints ok/FAILED lines and `kill9-bridge: N passed, M failed`; exit 1 on failure.
"""
import argparse
import collections
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caldav  # noqa: E402
from bridge_e2e import (ALICE, CALENDAR, LOCAL_USER, Calbridge, Standin, check, exchange_account,  # noqa: E402
                        FAILURES, PASSED)
from exchangelib import CalendarItem, EWSDateTime, EWSTimeZone  # noqa: E402
from exchangelib.items import SEND_TO_NONE  # noqa: E402
from exchangelib.protocol import close_connections  # noqa: E402

TZ = EWSTimeZone("Europe/Berlin")


def local_event(uid, summary, location, day):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//kill9 bridge//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:202612{day:02d}T090000Z\r\n"
            f"DTEND:202612{day:02d}T100000Z\r\nSUMMARY:{summary}\r\nLOCATION:{location}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


class Sides:
    def __init__(self, gw, standin, url):
        self.gw = gw
        self.account = exchange_account(standin)
        client = caldav.DAVClient(url=url, username=LOCAL_USER, password=gw.password)
        self.cal = client.calendar(url=url.rsplit("/dav/", 1)[0] + CALENDAR)

    def remote(self):
        """UID -> list of (item, subject, location) in Exchange."""
        out = collections.defaultdict(list)
        for item in self.account.calendar.all():
            out[item.uid].append(item)
        return out

    def local(self):
        """UID -> list of (caldav event, master VEVENT) in the gateway."""
        out = collections.defaultdict(list)
        for ev in self.cal.events():
            for comp in ev.icalendar_instance.walk("VEVENT"):
                if comp.get("RECURRENCE-ID") is None:
                    out[str(comp.get("UID"))].append((ev, comp))
        return out


def run_killed(gw, rng, rnd):
    """`calbridge sync` killed after a random delay; True when it finished first. Its log goes
    to sync.log in the work dir, kept when a check fails."""
    with open(os.path.join(gw.dir, "sync.log"), "ab") as log:
        log.write(f"--- round {rnd}\n".encode())
        log.flush()
        proc = subprocess.Popen([gw.binary, "--config", gw.config, "--verbose", "sync"],
                                stdout=log, stderr=log)
    time.sleep(rng.uniform(0, 0.4))
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return False
    return proc.returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("calbridge")
    parser.add_argument("standin")
    parser.add_argument("ost")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"seed {args.seed}, {args.rounds} rounds")
    import tempfile
    workdir = tempfile.mkdtemp(prefix="calbridge-kill9-bridge-")
    standin = Standin(args.standin, workdir)
    gw = Calbridge(args.calbridge, workdir, standin)
    try:
        scenario(gw, standin, args, rng)
    finally:
        gw.stop()
        close_connections()
        standin.stop()
    print(f"kill9-bridge: {PASSED[0]} passed, {len(FAILURES)} failed")
    if FAILURES:
        print(f"work dir kept: {workdir}")
        sys.exit(1)
    import shutil
    shutil.rmtree(workdir, ignore_errors=True)


def scenario(gw, standin, args, rng):
    r = gw.run("push", args.ost, "--folder", "Calendar", "--to", "exchange", counted=False)
    check(r.returncode == 0, f"seed: push exits 0 ({r.stderr.strip()[-200:]})")
    url = gw.serve()
    sides = Sides(gw, standin, url)
    # The model: UID -> [summary, location]; what both sides must hold at the end.
    model = {}
    for uid, entries in sides.local().items():
        comp = entries[0][1]
        model[uid] = [str(comp.get("SUMMARY")), str(comp.get("LOCATION", ""))]
    check(len(model) >= 9, f"seed: {len(model)} events on the CalDAV side")
    killed = completed = 0
    day = 1
    for rnd in range(args.rounds):
        if rnd % 5 == 4:
            # A clean cycle, then one settled item deleted on each side.
            r = gw.run("--verbose", "sync", counted=False)
            with open(os.path.join(gw.dir, "sync.log"), "a") as log:
                log.write(f"--- round {rnd}, clean cycle\n{r.stdout}{r.stderr}")
            if r.returncode == 0 and len(model) > 6:
                victims = rng.sample(sorted(model), 2)
                ev = sides.local()[victims[0]][0][0]
                ev.delete()
                del model[victims[0]]
                remote = sides.remote().get(victims[1], [])
                if remote:
                    remote[0].delete(send_meeting_cancellations=SEND_TO_NONE)
                    del model[victims[1]]
        # New events on both sides.
        uid_l = f"local-{rnd}-{uuid.uuid4().hex[:8]}@kill9"
        sides.cal.save_event(local_event(uid_l, f"L{rnd} new", f"loc-{rnd}-new", day % 28 + 1))
        model[uid_l] = [f"L{rnd} new", f"loc-{rnd}-new"]
        day += 1
        subject = f"R{rnd} new"
        item = CalendarItem(account=sides.account, folder=sides.account.calendar, subject=subject,
                            location=f"rloc-{rnd}", start=EWSDateTime(2026, 12, day % 28 + 1, 14, 0, tzinfo=TZ),
                            end=EWSDateTime(2026, 12, day % 28 + 1, 15, 0, tzinfo=TZ))
        item.save(send_meeting_invitations=SEND_TO_NONE)
        item.refresh()
        model[item.uid] = [subject, f"rloc-{rnd}"]
        day += 1
        # Edits: LOCATION locally, SUMMARY remotely, on distinct items present on both sides.
        local_now, remote_now = sides.local(), sides.remote()
        both = sorted(u for u in model if u in local_now and u in remote_now)
        picks = rng.sample(both, min(4, len(both)))
        for uid in picks[:2]:
            ev, comp = local_now[uid][0]
            comp["LOCATION"] = f"loc-{rnd}-{uid[:6]}"
            ev.save()
            model[uid][1] = f"loc-{rnd}-{uid[:6]}"
        for uid in picks[2:]:
            it = remote_now[uid][0]
            it.subject = f"S{rnd}-{uid[:6]}"
            it.save(update_fields=["subject"], send_meeting_invitations=SEND_TO_NONE)
            model[uid][0] = f"S{rnd}-{uid[:6]}"
        if run_killed(gw, rng, rnd):
            completed += 1
        else:
            killed += 1
    print(f"{killed} cycles killed, {completed} finished before the kill")
    check(killed >= args.rounds // 4, f"the kills hit running cycles ({killed} of {args.rounds})")
    for _ in range(2):
        r = gw.run("sync", counted=False)
        check(r.returncode == 0, f"clean cycle after the kills: {r.stdout.strip()} {r.stderr.strip()[-200:]}")

    local_now, remote_now = sides.local(), sides.remote()
    dup_local = [u for u, e in local_now.items() if len(e) > 1]
    dup_remote = [u for u, e in remote_now.items() if len(e) > 1]
    check(not dup_local, f"no UID twice on the CalDAV side ({dup_local[:5]})")
    check(not dup_remote, f"no UID twice in Exchange ({dup_remote[:5]})")
    check(set(local_now) == set(model), f"CalDAV holds the model's {len(model)} UIDs "
          f"(missing {sorted(set(model) - set(local_now))[:5]}, extra {sorted(set(local_now) - set(model))[:5]})")
    check(set(remote_now) == set(model), f"Exchange holds the model's {len(model)} UIDs "
          f"(missing {sorted(set(model) - set(remote_now))[:5]}, extra {sorted(set(remote_now) - set(model))[:5]})")
    lost = []
    for uid, (summary, location) in model.items():
        if uid in local_now:
            comp = local_now[uid][0][1]
            if str(comp.get("SUMMARY")) != summary or str(comp.get("LOCATION", "")) != location:
                lost.append(f"CalDAV {uid}: {comp.get('SUMMARY')}/{comp.get('LOCATION')} != {summary}/{location}")
        if uid in remote_now:
            it = remote_now[uid][0]
            if it.subject != summary or (it.location or "") != location:
                lost.append(f"Exchange {uid}: {it.subject}/{it.location} != {summary}/{location}")
    check(not lost, f"every edit's last value on both sides ({len(lost)} differ: {lost[:4]})")
    status = gw.run("status", counted=False).stdout
    m = re.search(r"^Integrity: (.*)$", status, re.M)
    check(m is not None and m.group(1).strip() == "ok", f"calbridge status: Integrity: {m.group(1) if m else '?'}")
    conflicts = status[status.find("Open conflicts:"):].strip()
    check(re.search(r"^Open conflicts:\n  none$", status, re.M) is not None,
          f"no conflict recorded (calbridge status: {conflicts[:600]})")


if __name__ == "__main__":
    main()
