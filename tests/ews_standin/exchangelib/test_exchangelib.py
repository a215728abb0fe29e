#!/usr/bin/python3
"""python3-exchangelib (a real EWS client, "a colleague in Outlook") against the EWS stand-in.

Usage: test_exchangelib.py PATH/TO/ews-standin
Starts the stand-in on a free port, creates a single event and a weekly series with a time
zone and attendees, modifies one occurrence and deletes another, reads everything back,
view()s a date range, updates and deletes an item, and finally asserts through
GET /standin/stats that every request exchangelib sent validated against Microsoft's schema
and every response the stand-in sent did too. Client settings that avoid exchangelib's probing
come from ews/research/exchangelib-against-a-stand-in.md (sections 1 and 7).
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from exchangelib import (Account, Attendee, BASIC, Build, CalendarItem, Configuration, Credentials, DELEGATE,
                         EWSDateTime, EWSTimeZone, FaultTolerance, Mailbox, Version)
from exchangelib.errors import ErrorAccessDenied, ErrorServerBusy
from exchangelib.items import SEND_TO_NONE
from exchangelib.protocol import BaseProtocol, close_connections
from exchangelib.recurrence import Recurrence, WeeklyPattern

BaseProtocol.TIMEOUT = 10
FAILURES = []


def check(condition, what):
    print(("ok     " if condition else "FAILED ") + what, flush=True)
    if not condition:
        FAILURES.append(what)


def start_standin(binary, workdir):
    port_file = os.path.join(workdir, "port")
    proc = subprocess.Popen([binary, "--port", "0", "--port-file", port_file, "--quiet",
                             "--user", "alice@example.com:secret", "--user", "bob@example.com:secret2",
                             "--share", "bob@example.com:alice@example.com"])
    for _ in range(200):
        if os.path.exists(port_file):
            return proc, int(open(port_file).read())
        if proc.poll() is not None:
            raise SystemExit("ews-standin exited with %s" % proc.returncode)
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("ews-standin did not start")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as workdir:
        proc, port = start_standin(binary, workdir)
        try:
            run(port)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if FAILURES:
        print("%d check(s) failed: %s" % (len(FAILURES), FAILURES))
        sys.exit(1)


def run(port):
    tz = EWSTimeZone("Europe/Berlin")
    cfg = Configuration(service_endpoint="http://127.0.0.1:%d/EWS/Exchange.asmx" % port,
                        credentials=Credentials("alice@example.com", "secret"), auth_type=BASIC,
                        version=Version(build=Build(15, 1, 2507, 6), api_version="Exchange2016"))
    a = Account("alice@example.com", config=cfg, autodiscover=False, access_type=DELEGATE, default_timezone=tz)
    cal = a.calendar
    check(cal.name == "Calendar", "calendar folder found: %r" % cal.name)

    # A single event with an attendee.
    single = CalendarItem(account=a, folder=cal, subject="Single", body="hello", location="Room 1",
                          start=EWSDateTime(2026, 3, 2, 10, 0, tzinfo=tz), end=EWSDateTime(2026, 3, 2, 11, 0, tzinfo=tz),
                          required_attendees=[Attendee(mailbox=Mailbox(email_address="bob@example.com", name="Bob"),
                                                       response_type="Unknown")])
    single.save(send_meeting_invitations=SEND_TO_NONE)
    check(bool(single.id) and bool(single.changekey), "single event created")

    # A weekly series on Tuesdays 09:00 Berlin time, 5 occurrences, across the DST change.
    weekly = CalendarItem(account=a, folder=cal, subject="Weekly",
                          start=EWSDateTime(2026, 3, 3, 9, 0, tzinfo=tz), end=EWSDateTime(2026, 3, 3, 9, 30, tzinfo=tz),
                          recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[2]),
                                                start=datetime.date(2026, 3, 3), number=5),
                          required_attendees=[Attendee(mailbox=Mailbox(email_address="bob@example.com"))])
    weekly.save(send_meeting_invitations=SEND_TO_NONE)

    # Move occurrence 2, delete occurrence 3.
    second = weekly.occurrence(index=2)
    second.refresh()
    check(second.type == "Occurrence", "occurrence 2 read as an Occurrence (%s)" % second.type)
    check(second.id != weekly.id, "occurrence 2 has its own ItemId")
    second.subject = "Weekly (moved)"
    second.start = EWSDateTime(2026, 3, 10, 15, 0, tzinfo=tz)
    second.end = EWSDateTime(2026, 3, 10, 16, 0, tzinfo=tz)
    second.save(update_fields=["subject", "start", "end"], send_meeting_invitations=SEND_TO_NONE)
    weekly.occurrence(index=3).delete()

    # Read the series back.
    master = a.calendar.get(id=weekly.id)
    check(master.type == "RecurringMaster", "master type %s" % master.type)
    pattern = master.recurrence.pattern
    check(isinstance(pattern, WeeklyPattern) and list(pattern.weekdays) == [2] and pattern.interval == 1,
          "weekly pattern read back: %s" % pattern)
    check(master.recurrence.boundary.number == 5, "5 occurrences: %s" % master.recurrence.boundary)
    check(str(master._start_timezone) in ("Europe/Berlin", "W. Europe Standard Time") or
          getattr(master._start_timezone, "ms_id", "") == "W. Europe Standard Time",
          "start time zone %s" % master._start_timezone)
    check([x.mailbox.email_address for x in master.required_attendees or []] == ["bob@example.com"],
          "attendees %s" % master.required_attendees)
    modified = master.modified_occurrences or []
    check(len(modified) == 1 and modified[0].start == EWSDateTime(2026, 3, 10, 15, 0, tzinfo=tz).astimezone(tz),
          "modified occurrences %s" % modified)
    check(len(modified) == 1 and modified[0].original_start == EWSDateTime(2026, 3, 10, 9, 0, tzinfo=tz),
          "original start of the exception %s" % (modified[0].original_start if modified else None))
    deleted = master.deleted_occurrences or []
    check(len(deleted) == 1 and deleted[0].start == EWSDateTime(2026, 3, 17, 9, 0, tzinfo=tz),
          "deleted occurrences %s" % deleted)
    exception = a.calendar.get(id=modified[0].id) if modified else None
    check(exception is not None and exception.subject == "Weekly (moved)" and exception.type == "Exception",
          "the exception read by its own id")

    s = a.calendar.get(id=single.id)
    check(s.subject == "Single" and s.location == "Room 1" and s.body == "hello", "single event fields")
    check(s.start == EWSDateTime(2026, 3, 2, 10, 0, tzinfo=tz), "single start %s" % s.start)

    # view(): the expanded occurrences and the single event.
    seen = [(x.subject, x.start.astimezone(tz).strftime("%m-%d %H:%M"))
            for x in cal.view(start=EWSDateTime(2026, 3, 1, tzinfo=tz), end=EWSDateTime(2026, 4, 1, tzinfo=tz))]
    check(seen == [("Single", "03-02 10:00"), ("Weekly", "03-03 09:00"), ("Weekly (moved)", "03-10 15:00"),
                   ("Weekly", "03-24 09:00"), ("Weekly", "03-31 09:00")], "view(): %s" % seen)
    check(sorted(x.subject for x in cal.all()) == ["Single", "Weekly"], "all() lists the items, not occurrences")

    # Update: the Id stays, the ChangeKey changes.
    old_id, old_ck = single.id, single.changekey
    single.subject = "Single (edited)"
    single.save(update_fields=["subject"], send_meeting_invitations=SEND_TO_NONE)
    check(single.id == old_id and single.changekey != old_ck, "update keeps the Id, changes the ChangeKey")
    single.refresh()
    check(single.subject == "Single (edited)", "update stored")
    single.location = "Room 2"
    single.save()  # every field, with DeleteItemField for the empty ones
    check(a.calendar.get(id=single.id).location == "Room 2", "full save stored")

    # Delete.
    single.delete()
    check(sorted(x.subject for x in cal.all()) == ["Weekly"], "deleted item gone")

    # Paging: 250 items come back through three FindItem pages of 100 (IndexedPagingOffset).
    bulk = a.bulk_create(folder=cal, items=[
        CalendarItem(subject="Bulk %03d" % k, start=EWSDateTime(2026, 5, 1, 8, 0, tzinfo=tz) + datetime.timedelta(hours=k),
                     end=EWSDateTime(2026, 5, 1, 9, 0, tzinfo=tz) + datetime.timedelta(hours=k)) for k in range(250)],
        send_meeting_invitations=SEND_TO_NONE)
    check(len(bulk) == 250 and all(getattr(x, "id", None) for x in bulk), "bulk_create: 250 ids")
    listed = [x.subject for x in cal.all() if x.subject.startswith("Bulk")]
    check(sorted(listed) == ["Bulk %03d" % k for k in range(250)], "all() pages through 250 items (%d)" % len(listed))
    a.bulk_delete(ids=bulk)
    check(not [x for x in cal.all() if x.subject.startswith("Bulk")], "bulk_delete removed them")

    # SyncFolderItems as exchangelib reads it: everything, then an update, a delete, a create.
    changes = list(cal.sync_items(max_changes_returned=2))
    check(sorted(t for t, _ in changes) == ["create"] and [i.subject for t, i in changes if t == "create"] == ["Weekly"],
          "sync_items from scratch: %s" % [(t, getattr(i, "subject", i)) for t, i in changes])
    state = cal.item_sync_state
    check(bool(state), "sync state kept")
    master.refresh()
    master.location = "Room 7"
    master.save(update_fields=["location"], send_meeting_invitations=SEND_TO_NONE)
    extra = CalendarItem(account=a, folder=cal, subject="Later", start=EWSDateTime(2026, 3, 20, 10, 0, tzinfo=tz),
                         end=EWSDateTime(2026, 3, 20, 11, 0, tzinfo=tz))
    extra.save(send_meeting_invitations=SEND_TO_NONE)
    gone = CalendarItem(account=a, folder=cal, subject="Gone", start=EWSDateTime(2026, 3, 21, 10, 0, tzinfo=tz),
                        end=EWSDateTime(2026, 3, 21, 11, 0, tzinfo=tz))
    gone.save(send_meeting_invitations=SEND_TO_NONE)
    changes = list(cal.sync_items(sync_state=state, max_changes_returned=512))
    kinds = [(t, getattr(i, "subject", None)) for t, i in changes]
    check(kinds == [("update", "Weekly"), ("create", "Later"), ("create", "Gone")], "sync_items changes: %s" % kinds)
    state = cal.item_sync_state
    gone_id = gone.id
    gone.delete()
    changes = list(cal.sync_items(sync_state=state))
    check([t for t, _ in changes] == ["delete"] and changes[0][1].id == gone_id,
          "sync_items delete: %s" % changes)
    extra.delete()

    # Bob's calendar, shared with alice read-only: readable, every write refused.
    bob_cfg = Configuration(service_endpoint=cfg.service_endpoint, credentials=Credentials("bob@example.com", "secret2"),
                            auth_type=BASIC, version=cfg.version)
    bob_self = Account("bob@example.com", config=bob_cfg, autodiscover=False, access_type=DELEGATE, default_timezone=tz)
    bob_event = CalendarItem(account=bob_self, folder=bob_self.calendar, subject="Bob's",
                             start=EWSDateTime(2026, 3, 5, 10, 0, tzinfo=tz), end=EWSDateTime(2026, 3, 5, 11, 0, tzinfo=tz))
    bob_event.save(send_meeting_invitations=SEND_TO_NONE)
    shared = Account("bob@example.com", config=cfg, autodiscover=False, access_type=DELEGATE, default_timezone=tz)
    check([x.subject for x in shared.calendar.all()] == ["Bob's"], "alice reads bob's shared calendar")
    try:
        CalendarItem(account=shared, folder=shared.calendar, subject="Intruder",
                     start=EWSDateTime(2026, 3, 5, 12, 0, tzinfo=tz), end=EWSDateTime(2026, 3, 5, 13, 0, tzinfo=tz)).save(
            send_meeting_invitations=SEND_TO_NONE)
        check(False, "creating in bob's calendar must fail")
    except ErrorAccessDenied:
        check(True, "creating in bob's read-only calendar: ErrorAccessDenied")

    # Throttling: ErrorServerBusy with BackOffMilliseconds; FailFast raises it with back_off,
    # FaultTolerance waits and retries the same request.
    def plan(fault):
        req = urllib.request.Request("http://127.0.0.1:%d/standin/faults" % port, data=json.dumps(fault).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(req).read()
    plan({"kind": "server_busy", "count": 1, "millis": 700, "operation": "FindItem"})
    try:
        list(cal.all())
        check(False, "FailFast must raise ErrorServerBusy")
    except ErrorServerBusy as e:
        check(abs(e.back_off - 0.7) < 0.01, "ErrorServerBusy back_off %s s" % e.back_off)
    close_connections()  # Protocol objects are cached per endpoint and credentials, with their retry policy
    patient_cfg = Configuration(service_endpoint=cfg.service_endpoint, credentials=cfg.credentials, auth_type=BASIC,
                                version=cfg.version, retry_policy=FaultTolerance(max_wait=30))
    patient = Account("alice@example.com", config=patient_cfg, autodiscover=False, access_type=DELEGATE,
                      default_timezone=tz)
    plan({"kind": "server_busy", "count": 1, "millis": 700, "operation": "FindItem"})
    t0 = time.monotonic()
    subjects = sorted(x.subject for x in patient.calendar.all())
    check(subjects == ["Weekly"] and time.monotonic() - t0 >= 0.7,
          "FaultTolerance backs off %.1f s and retries" % (time.monotonic() - t0))

    stats = json.loads(urllib.request.urlopen("http://127.0.0.1:%d/standin/stats" % port).read())
    total = stats["total"]
    print("EWS requests from exchangelib: %d, schema-invalid requests: %d, schema-invalid responses: %d" %
          (total["requests"], total["invalid_requests"], total["invalid_responses"]))
    for op, counts in sorted(stats["operations"].items()):
        print("  %-16s %s" % (op, counts))
    check(total["requests"] > 10, "requests counted")
    check(total["invalid_requests"] == 0, "every request validated against the EWS schema")
    check(total["invalid_responses"] == 0, "every response validated against the EWS schema")


if __name__ == "__main__":
    main()
