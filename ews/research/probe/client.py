import datetime, logging, sys, time, urllib.request
from exchangelib import (Account, Configuration, Credentials, Version, Build, BASIC, DELEGATE, CalendarItem,
                         EWSDateTime, EWSTimeZone, Attendee, Mailbox, FaultTolerance)
from exchangelib.recurrence import Recurrence, WeeklyPattern, DailyPattern
from exchangelib.items import SEND_TO_NONE
from exchangelib.errors import ErrorServerBusy

PORT = int(sys.argv[1]); step = sys.argv[2] if len(sys.argv) > 2 else "all"
def mark(s): print("=== " + s, flush=True); urllib.request.urlopen("http://127.0.0.1:%d/mark/%s" % (PORT, s)).read()

cfg = Configuration(service_endpoint="http://127.0.0.1:%d/EWS/Exchange.asmx" % PORT,
                    credentials=Credentials("alice@example.com", "secret"), auth_type=BASIC,
                    version=Version(build=Build(15, 1, 2507, 6), api_version="Exchange2016"))
tz = EWSTimeZone("Europe/Berlin")
mark("account")
a = Account("alice@example.com", config=cfg, autodiscover=False, access_type=DELEGATE, default_timezone=tz)
mark("calendar")
cal = a.calendar
print("calendar", cal.id, cal.name)
mark("create-single")
it = CalendarItem(account=a, folder=cal, subject="Single", start=EWSDateTime(2026, 3, 2, 10, 0, tzinfo=tz),
                  end=EWSDateTime(2026, 3, 2, 11, 0, tzinfo=tz), location="Room 1", body="hello",
                  required_attendees=[Attendee(mailbox=Mailbox(email_address="bob@example.com", name="Bob"), response_type="Unknown")])
it.save(send_meeting_invitations=SEND_TO_NONE)
print("created", it.id, it.changekey)
mark("create-recurring")
r = CalendarItem(account=a, folder=cal, subject="Weekly", start=EWSDateTime(2026, 3, 3, 9, 0, tzinfo=tz),
                 end=EWSDateTime(2026, 3, 3, 9, 30, tzinfo=tz),
                 recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[2]), start=datetime.date(2026, 3, 3), number=10))
r.save(send_meeting_invitations=SEND_TO_NONE)
mark("bulk-create")
res = a.bulk_create(folder=cal, items=[CalendarItem(subject="B%d" % k, start=EWSDateTime(2026, 4, k, 8, 0, tzinfo=tz), end=EWSDateTime(2026, 4, k, 9, 0, tzinfo=tz)) for k in (1, 2)], send_meeting_invitations=SEND_TO_NONE)
print("bulk", res)
mark("update")
it.subject = "Single (edited)"; it.start = EWSDateTime(2026, 3, 2, 12, 0, tzinfo=tz); it.end = EWSDateTime(2026, 3, 2, 13, 0, tzinfo=tz)
it.save(update_fields=["subject", "start", "end"], send_meeting_invitations=SEND_TO_NONE)
print("updated", it.changekey)
mark("update-all")
it.location = "Room 2"; it.save()
mark("refresh")
it.refresh()
print("refreshed", it.subject, it.start, it._start_timezone, it.required_attendees)
mark("all")
print([ (x.subject, x.start) for x in cal.all()])
mark("only")
print(list(cal.all().only("subject", "start", "end", "changekey")))
mark("filter")
print(list(cal.filter(start__lt=EWSDateTime(2026, 5, 1, tzinfo=tz), end__gt=EWSDateTime(2026, 3, 1, tzinfo=tz)).only("subject")))
mark("view")
print(list(cal.view(start=EWSDateTime(2026, 3, 1, tzinfo=tz), end=EWSDateTime(2026, 5, 1, tzinfo=tz)).only("subject", "start")))
mark("fetch")
print(list(a.fetch(ids=[(it.id, it.changekey)])))
mark("occurrence-modify")
occ = r.occurrence(2); occ.refresh(); occ.subject = "moved"; occ.save(update_fields=["subject"])
mark("occurrence-delete")
r.occurrence(3).delete()
mark("delete")
it.delete(send_meeting_cancellations=SEND_TO_NONE)
mark("busy-failfast")
urllib.request.urlopen("http://127.0.0.1:%d/fault/busy/1500" % PORT).read()
try:
    list(a.fetch(ids=[(r.id, r.changekey)]))
except ErrorServerBusy as e:
    print("ErrorServerBusy raised, back_off=", e.back_off)
mark("busy-faulttolerance")
a.protocol.config.retry_policy = FaultTolerance(max_wait=30)
urllib.request.urlopen("http://127.0.0.1:%d/fault/busy/1500" % PORT).read()
t = time.monotonic(); print(len(list(a.fetch(ids=[(r.id, r.changekey)])))); print("waited %.2fs" % (time.monotonic() - t))
