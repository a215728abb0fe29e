#!/usr/bin/python3
"""bridge_e2e.py CALBRIDGE EWS_STANDIN OST: issue 5 end to end, on loopback.

A colleague in Outlook is python3-exchangelib (a real EWS client); a colleague in Thunderbird is
python3-caldav against `calbridge serve`. Exchange is the stand-in (tests/ews_standin), which
checks every request against Microsoft's schema.

1. `calbridge push OST --folder Calendar --to exchange --dry-run` prints the plan and changes
   nothing: no item in Exchange, no object in the store.
2. `calbridge push` for real: exchangelib sees every appointment of the folder with its subject,
   recurrence, time zone and attendees (compared with `calbridge info --json`).
3. A second push creates nothing: same items, same CreateItem count.
4. exchangelib creates, edits and deletes events; after one `calbridge sync` python3-caldav sees
   the new one, the edit, and not the deleted one.
5. python3-caldav edits an event; after one `calbridge sync` exchangelib sees the edit.
6. Every EWS request calbridge sent in the run validated against the XSD (counted and printed).

Prints ok/FAILED lines and a summary; exit 1 when a check failed.
"""
import datetime
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import caldav
import icalendar
from exchangelib import (Account, BASIC, Build, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone, Version)
from exchangelib.items import SEND_TO_NONE
from exchangelib.protocol import BaseProtocol, close_connections

BaseProtocol.TIMEOUT = 20
ALICE, ALICE_PASSWORD = "alice@example.com", "alice-exchange-secret"
LOCAL_USER = "alice"
CALENDAR = f"/dav/calendars/{LOCAL_USER}/calendar/"
FAILURES = []
PASSED = [0]


def check(condition, what):
    print(("ok     " if condition else "FAILED ") + what, flush=True)
    if condition:
        PASSED[0] += 1
    else:
        FAILURES.append(what)


class Standin:
    def __init__(self, binary, workdir):
        port_file = os.path.join(workdir, "standin.port")
        self.proc = subprocess.Popen([binary, "--port", "0", "--port-file", port_file, "--quiet",
                                      "--user", f"{ALICE}:{ALICE_PASSWORD}", "--user", "bob@example.com:bob-secret",
                                      "--share", f"bob@example.com:{ALICE}"])
        for _ in range(400):
            if os.path.exists(port_file):
                self.port = int(open(port_file).read())
                break
            if self.proc.poll() is not None:
                raise SystemExit(f"ews-standin exited with {self.proc.returncode}")
            time.sleep(0.05)
        else:
            self.proc.kill()
            raise SystemExit("ews-standin did not start")
        self.url = f"http://127.0.0.1:{self.port}/EWS/Exchange.asmx"

    def stats(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/standin/stats", timeout=10) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


def totals(stats):
    t = {"requests": 0, "invalid_requests": 0, "invalid_responses": 0}
    for op in stats["operations"].values():
        for k in t:
            t[k] += op.get(k, 0)
    return t


def op_count(stats, name):
    return stats["operations"].get(name, {}).get("requests", 0)


class Calbridge:
    """The gateway's CLI on one config; counts the EWS requests its commands send."""

    def __init__(self, binary, workdir, standin):
        self.binary, self.dir, self.standin = binary, workdir, standin
        self.config = os.path.join(workdir, "calbridge.toml")
        secret = os.path.join(workdir, "exchange.secret")
        with open(secret, "w") as f:
            f.write(ALICE_PASSWORD + "\n")
        os.chmod(secret, 0o600)
        with open(self.config, "w") as f:
            f.write(f"""[server]
bind = "127.0.0.1"
port = 0
[store]
path = "store.db"
[log]
level = "info"
access_log = false

[[remote]]
name = "exchange"
kind = "ews"
url = "{standin.url}"
auth = "basic"
user = "{ALICE}"
secret_file = "exchange.secret"

[[bridge]]
name = "work"
calendar = "{CALENDAR}"
remote = "exchange"
folder = "calendar"
interval_seconds = 3600
""")
        self.ews_requests = 0
        self.ews_invalid = 0
        self.password = uuid.uuid4().hex
        r = self.run("user", "add", LOCAL_USER, "--email", ALICE, "--password-stdin", stdin=self.password + "\n",
                     counted=False)
        if r.returncode != 0:
            raise SystemExit(f"calbridge user add failed: {r.stdout}{r.stderr}")
        self.serve_proc = None

    def run(self, *args, stdin=None, counted=True):
        before = totals(self.standin.stats()) if counted else None
        r = subprocess.run([self.binary, "--config", self.config, *args], input=stdin, text=True, capture_output=True,
                           timeout=300)
        if counted:
            after = totals(self.standin.stats())
            self.ews_requests += after["requests"] - before["requests"]
            self.ews_invalid += (after["invalid_requests"] - before["invalid_requests"] +
                                 after["invalid_responses"] - before["invalid_responses"])
        return r

    def serve(self):
        log = open(os.path.join(self.dir, "serve.log"), "ab")
        self.serve_proc = subprocess.Popen([self.binary, "--config", self.config, "serve"], stdout=subprocess.PIPE,
                                           stderr=log)
        log.close()
        line = b""
        deadline = time.monotonic() + 30
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.serve_proc.stdout], [], [], left)[0]:
                raise SystemExit("calbridge serve printed no URL")
            chunk = os.read(self.serve_proc.stdout.fileno(), 1)
            if not chunk:
                raise SystemExit("calbridge serve exited: see serve.log")
            line += chunk
        return re.match(r"calbridge: serving (\S+)", line.decode()).group(1)

    def stop(self):
        if self.serve_proc:
            self.serve_proc.send_signal(signal.SIGTERM)
            self.serve_proc.wait(timeout=30)
            self.serve_proc.stdout.close()
            self.serve_proc = None

    def object_count(self):
        r = self.run("status", counted=False)
        m = re.search(r"^\s+" + re.escape(CALENDAR) + r"\s+(\d+) objects", r.stdout, re.M)
        return int(m.group(1)) if m else None


def exchange_account(standin):
    cfg = Configuration(service_endpoint=standin.url, credentials=Credentials(ALICE, ALICE_PASSWORD), auth_type=BASIC,
                        version=Version(build=Build(15, 1, 2507, 6), api_version="Exchange2016"))
    return Account(ALICE, config=cfg, autodiscover=False, access_type=DELEGATE,
                   default_timezone=EWSTimeZone("Europe/Berlin"))


def exchange_items(account):
    return list(account.calendar.all())


def expected_items(binary, workdir, ost):
    """The Calendar folder's events as the gateway converts them (`calbridge export`): per master
    VEVENT its summary, start, TZID, RRULE and attendees, read with python3-icalendar."""
    out = os.path.join(workdir, "expected.ics")
    subprocess.run([binary, "export", ost, "--folder", "Calendar", "--single", out], capture_output=True, timeout=120,
                   check=True)
    with open(out, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    events = []
    for ev in cal.walk("VEVENT"):
        if ev.get("RECURRENCE-ID") is not None:
            continue
        dtstart = ev.get("DTSTART")
        attendees = ev.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        attach = ev.get("ATTACH") or []
        if not isinstance(attach, list):
            attach = [attach]
        events.append({
            "attachments": sorted(str(a.params.get("X-FILENAME", "")) for a in attach),
            "summary": str(ev.get("SUMMARY")),
            "start": dtstart.dt,
            "tzid": dtstart.params.get("TZID"),
            "rrule": ev.get("RRULE"),
            "attendees": sorted(str(a).lower().removeprefix("mailto:") for a in attendees),
        })
    return events


def same_start(expected, got):
    if isinstance(expected, datetime.datetime):
        return isinstance(got, datetime.datetime) and int(got.timestamp()) == int(expected.timestamp())
    return (got.date() if isinstance(got, datetime.datetime) else got) == expected


PATTERNS = {"DAILY": ("DailyPattern",), "WEEKLY": ("WeeklyPattern",),
            "MONTHLY": ("AbsoluteMonthlyPattern", "RelativeMonthlyPattern"),
            "YEARLY": ("AbsoluteYearlyPattern", "RelativeYearlyPattern")}


def main():
    calbridge_bin, standin_bin, ost = sys.argv[1:4]
    workdir = tempfile.mkdtemp(prefix="calbridge-ews-e2e-")
    standin = Standin(standin_bin, workdir)
    gw = Calbridge(calbridge_bin, workdir, standin)
    try:
        scenario(gw, standin, ost, calbridge_bin)
    finally:
        gw.stop()
        close_connections()
        standin.stop()
    print(f"ews-bridge-e2e: {PASSED[0]} passed, {len(FAILURES)} failed")
    print(f"EWS requests sent by calbridge in this run: {gw.ews_requests}, validated against Microsoft's schema: "
          f"{gw.ews_requests - gw.ews_invalid} valid, {gw.ews_invalid} invalid")
    if FAILURES:
        print(f"work dir kept: {workdir}")
        sys.exit(1)
    shutil.rmtree(workdir, ignore_errors=True)


def scenario(gw, standin, ost, calbridge_bin):
    account = exchange_account(standin)
    expected = expected_items(calbridge_bin, gw.dir, ost)
    check(len(expected) > 5, f"the OST's Calendar folder has {len(expected)} items")

    # 1. --dry-run changes nothing.
    r = gw.run("push", ost, "--folder", "Calendar", "--to", "exchange", "--dry-run")
    check(r.returncode == 0, f"push --dry-run exits 0 (got {r.returncode}: {r.stderr.strip()[-300:]})")
    m = re.search(r"would create (\d+), update (\d+), delete (\d+)", r.stdout)
    check(m is not None and int(m.group(1)) == len(expected),
          f"push --dry-run plans {len(expected)} creations: {m.group(0) if m else r.stdout[-300:]}")
    check(len(exchange_items(account)) == 0, "after --dry-run Exchange holds no item")
    check(gw.object_count() == 0, "after --dry-run the store's calendar holds no object")
    check(op_count(standin.stats(), "CreateItem") == 0, "--dry-run sent no CreateItem")

    # 2. The real push.
    r = gw.run("push", ost, "--folder", "Calendar", "--to", "exchange")
    check(r.returncode == 0, f"push exits 0 (got {r.returncode}: {r.stderr.strip()[-400:]})")
    print(r.stdout.strip())
    items = exchange_items(account)
    check(len(items) == len(expected), f"exchangelib sees {len(items)} items, the OST folder has {len(expected)}")
    by_subject = {i.subject: i for i in items}
    zoned = recurring_seen = with_attendees = 0
    for e in expected:
        subject = e["summary"]
        item = by_subject.get(subject)
        check(item is not None, f"exchangelib finds '{subject}'")
        if item is None:
            continue
        check(same_start(e["start"], item.start), f"'{subject}': starts at {item.start}, as in the OST ({e['start']})")
        if e["tzid"]:
            zone = item._start_timezone
            check(zone is not None and e["tzid"] in (zone.key, getattr(zone, "ms_id", None)) or
                  (zone is not None and zone.key == e["tzid"]),
                  f"'{subject}': time zone {getattr(zone, 'key', None)} ({getattr(zone, 'ms_id', None)}) "
                  f"is the OST's {e['tzid']}")
            zoned += 1
        rrule = e["rrule"]
        check((item.recurrence is not None) == (rrule is not None),
              f"'{subject}': recurrence {'present' if rrule else 'absent'} in Exchange")
        if rrule is not None and item.recurrence is not None:
            recurring_seen += 1
            freq = rrule["FREQ"][0]
            check(type(item.recurrence.pattern).__name__ in PATTERNS[freq],
                  f"'{subject}': {freq} series is a {type(item.recurrence.pattern).__name__}")
            if "COUNT" in rrule:
                check(getattr(item.recurrence.boundary, "number", None) == int(rrule["COUNT"][0]),
                      f"'{subject}': {rrule['COUNT'][0]} occurrences")
        if e["attachments"]:
            names = sorted(a.name for a in item.attachments or [])
            check(names == e["attachments"], f"'{subject}': attachments {names} == {e['attachments']}")
        if e["attendees"]:
            with_attendees += 1
            have = sorted((x.mailbox.email_address or "").lower()
                          for x in (item.required_attendees or []) + (item.optional_attendees or []) +
                          (item.resources or []))
            check(have == e["attendees"], f"'{subject}': attendees {have} == {e['attendees']}")
    check(zoned > 0 and recurring_seen > 0 and with_attendees > 0,
          f"the folder exercises zones ({zoned}), series ({recurring_seen}) and attendees ({with_attendees})")
    creates = op_count(standin.stats(), "CreateItem")

    # 3. Push again: nothing new.
    r = gw.run("push", ost, "--folder", "Calendar", "--to", "exchange")
    check(r.returncode == 0, f"second push exits 0 (got {r.returncode})")
    check(len(exchange_items(account)) == len(expected), "second push: still the same number of items in Exchange")
    check(op_count(standin.stats(), "CreateItem") == creates, "second push sent no CreateItem")
    check("remote +0 ~0 -0" in r.stdout, f"second push changed nothing remotely: {r.stdout.strip()[-200:]}")

    # 4. A colleague in Outlook creates, edits and deletes.
    tz = EWSTimeZone("Europe/Berlin")
    new = CalendarItem(account=account, folder=account.calendar, subject="Colleague lunch",
                       start=EWSDateTime(2026, 12, 3, 12, 0, tzinfo=tz), end=EWSDateTime(2026, 12, 3, 13, 0, tzinfo=tz))
    new.save(send_meeting_invitations=SEND_TO_NONE)
    items = exchange_items(account)
    singles = sorted((i for i in items if i.recurrence is None and i.subject != "Colleague lunch"),
                     key=lambda i: i.subject)
    edited, deleted = singles[0], singles[1]
    edited_subject_before, deleted_subject = edited.subject, deleted.subject
    edited.subject = "Edited in Outlook"
    edited.save(update_fields=["subject"], send_meeting_invitations=SEND_TO_NONE)
    deleted.delete(send_meeting_cancellations=SEND_TO_NONE)
    r = gw.run("sync")
    check(r.returncode == 0, f"sync exits 0: {r.stdout.strip()} {r.stderr.strip()[-300:]}")

    url = gw.serve()
    client = caldav.DAVClient(url=url, username=LOCAL_USER, password=gw.password)
    cal = client.calendar(url=url.rsplit("/dav/", 1)[0] + CALENDAR)
    summaries = {}
    for ev in cal.events():
        for comp in ev.icalendar_instance.walk("VEVENT"):
            if comp.get("RECURRENCE-ID") is None:
                summaries[str(comp.get("SUMMARY"))] = ev
    check("Colleague lunch" in summaries, "CalDAV shows the event created in Outlook")
    check("Edited in Outlook" in summaries and edited_subject_before not in summaries,
          f"CalDAV shows the Outlook edit ('{edited_subject_before}' -> 'Edited in Outlook')")
    check(deleted_subject not in summaries, f"CalDAV no longer shows '{deleted_subject}', deleted in Outlook")
    check(len(summaries) == len(expected), f"CalDAV shows {len(summaries)} events (expected {len(expected)})")

    # 5. A colleague in Thunderbird edits an event.
    target_subject = singles[2].subject
    ev = summaries[target_subject]
    vevent = next(c for c in ev.icalendar_instance.walk("VEVENT") if c.get("RECURRENCE-ID") is None)
    vevent["SUMMARY"] = "Edited in Thunderbird"
    ev.save()
    r = gw.run("sync")
    check(r.returncode == 0, f"sync after the CalDAV edit exits 0: {r.stdout.strip()}")
    subjects = {i.subject for i in exchange_items(account)}
    check("Edited in Thunderbird" in subjects and target_subject not in subjects,
          f"exchangelib sees the CalDAV edit ('{target_subject}' -> 'Edited in Thunderbird')")
    r = gw.run("sync")
    check("local +0 ~0 -0, remote +0 ~0 -0" in r.stdout, f"a sync with nothing new changes nothing: {r.stdout.strip()}")

    # 6. Every request calbridge sent was valid.
    check(gw.ews_requests > 0 and gw.ews_invalid == 0,
          f"{gw.ews_requests} EWS requests from calbridge, {gw.ews_invalid} failed Microsoft's schema")
    t = totals(standin.stats())
    check(t["invalid_requests"] == 0 and t["invalid_responses"] == 0,
          f"stand-in: {t['requests']} requests in all (exchangelib included), none invalid either way")


if __name__ == "__main__":
    main()
