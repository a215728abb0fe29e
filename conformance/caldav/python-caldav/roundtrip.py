#!/usr/bin/python3
"""python3-caldav (Debian, 0.11) scripted round trip against a CalDAV server.

Reads CALDAV_URL/USER/PASSWORD (and optional CALDAV_HOME, CALDAV_CALENDAR) from the
environment (lib/options.sh). Each step is a named check; ends with
`python-caldav: N passed, M failed` and exits 1 on any failure.

Steps: discovery (RFC 5397 current-user-principal, RFC 4791 6.2.1 calendar-home-set);
MKCALENDAR (RFC 4791 5.3.1) of a fresh calendar, or the given one; PUT/GET/DELETE of a
single event; a weekly recurring event in Europe/Berlin with VTIMEZONE, EXDATE and an
overridden instance; calendar-query time-range searches (RFC 4791 9.9) that must match
the series only through a later instance, or through the override, and must not match at
the EXDATE, at the override's original slot, in the wrong UTC hour after the DST change,
or after the last instance; server-side expansion; fetch by UID; sync-collection
(RFC 6578): token, 2 changes + 1 deletion, exactly those reported, then nothing.
"""
import datetime as dt
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import caldav  # noqa: E402  (Debian python3-caldav)
from caldav.lib import error as caldav_error  # noqa: E402
from davcheck import Checks, Dav, env  # noqa: E402

UTC = dt.timezone.utc
RUN = uuid.uuid4().hex[:10]

VTIMEZONE_BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def ics(*components):
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//calbridge//conformance python-caldav//EN",
                        *components, "END:VCALENDAR"])
    return body.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n"


def single_event(uid, summary, start="20250601T100000Z", end="20250601T110000Z"):
    return ics("BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"DTSTART:{start}",
               f"DTEND:{end}", f"SUMMARY:{summary}", "END:VEVENT")


# Weekly on Mondays 09:00 Europe/Berlin, 10 instances 2025-03-03 .. 2025-05-05.
# 2025-03-17 is excluded (EXDATE); 2025-03-24 is moved to Tuesday 2025-03-25 14:00.
# DST starts 2025-03-30: instances before are 08:00Z, from 2025-03-31 on 07:00Z.
def recurring_event(uid, override_summary="Standup (moved)"):
    return ics(VTIMEZONE_BERLIN,
               "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z",
               "DTSTART;TZID=Europe/Berlin:20250303T090000", "DTEND;TZID=Europe/Berlin:20250303T093000",
               "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10", "EXDATE;TZID=Europe/Berlin:20250317T090000",
               "SUMMARY:Standup", "END:VEVENT",
               "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z",
               "RECURRENCE-ID;TZID=Europe/Berlin:20250324T090000",
               "DTSTART;TZID=Europe/Berlin:20250325T140000", "DTEND;TZID=Europe/Berlin:20250325T143000",
               f"SUMMARY:{override_summary}", "END:VEVENT")


def uids_of(objects):
    out = set()
    for o in objects:
        for comp in o.icalendar_instance.walk("VEVENT"):
            out.add(str(comp.get("UID")))
    return out


def t(s):
    return dt.datetime.strptime(s, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def main():
    c = Checks("python-caldav")
    c.info(f"caldav module {caldav.__version__ if hasattr(caldav, '__version__') else '?'} from {caldav.__file__}")
    client = caldav.DAVClient(url=env("CALDAV_URL"), username=env("CALDAV_USER"), password=env("CALDAV_PASSWORD"))
    raw = Dav()

    principal = c.step("discover principal (current-user-principal from the base URL)", client.principal)
    if principal is None:
        return c.finish()
    c.info(f"principal {principal.url}")
    home = c.step("principal has calendar-home-set", lambda: principal.calendar_home_set)
    if home is not None:
        c.info(f"calendar home {home.url}")
        want = os.environ.get("CALDAV_HOME", "")
        if want:
            c.equal("calendar-home-set equals the given --home", raw.path(str(home.url)), raw.path(want))
    calendars = c.step("list calendars of the principal (home Depth 1 PROPFIND)", principal.calendars) or []
    c.info(f"{len(calendars)} calendar(s): " + ", ".join(str(x.url) for x in calendars))

    given = os.environ.get("CALDAV_CALENDAR", "")
    created = False
    if given:
        cal = client.calendar(url=raw.url(given))
        c.check("the given calendar is among the principal's calendars",
                raw.path(given) in {raw.path(str(x.url)) for x in calendars}, f"{given} not listed")
    else:
        name = f"python-caldav conformance {RUN}"
        cal = c.step("MKCALENDAR a new calendar", principal.make_calendar, name=name, cal_id=f"pycaldav-{RUN}")
        if cal is None:
            return c.finish()
        created = True
        after = principal.calendars()
        c.check("new calendar listed by the principal", raw.path(str(cal.url)) in {raw.path(str(x.url)) for x in after})
        c.equal("new calendar's displayname", cal.get_display_name(), name)
    c.info(f"calendar {cal.url}")
    comps = c.step("get supported-calendar-component-set", cal.get_supported_components)
    if comps is not None:
        c.check("calendar supports VEVENT", "VEVENT" in comps, f"got {comps}")

    try:
        run_events(c, cal, raw)
    finally:
        if created:
            c.step("DELETE the test calendar", cal.delete)
    return c.finish()


def run_events(c, cal, raw):
    # --- single event: create, fetch, modify, delete ---
    uid1 = f"single-{RUN}@conformance.calbridge"
    ev = c.step("create single event (PUT)", cal.save_event, single_event(uid1, "Lunch"))
    if ev is None:
        return
    got = c.step("fetch single event by UID", cal.event_by_uid, uid1)
    if got is not None:
        c.equal("fetched SUMMARY", str(got.icalendar_component.get("SUMMARY")), "Lunch")
    etag_before = raw.request("HEAD", str(ev.url)).headers.get("etag")
    ev.data = single_event(uid1, "Lunch with Bob", "20250601T113000Z", "20250601T123000Z")
    c.step("modify single event (PUT over it)", ev.save)
    got = c.step("fetch modified event by UID", cal.event_by_uid, uid1)
    if got is not None:
        c.equal("modified SUMMARY seen", str(got.icalendar_component.get("SUMMARY")), "Lunch with Bob")
        c.equal("modified DTSTART seen", got.icalendar_component.get("DTSTART").dt, t("20250601T113000Z"))
    etag_after = raw.request("HEAD", str(ev.url)).headers.get("etag")
    c.check("ETag changed by the modification", etag_before and etag_after and etag_before != etag_after,
            f"before {etag_before!r}, after {etag_after!r}")

    # --- recurring event with VTIMEZONE, EXDATE and an override ---
    uidr = f"weekly-{RUN}@conformance.calbridge"
    rev = c.step("create recurring event with VTIMEZONE, EXDATE, override", cal.save_event, recurring_event(uidr))
    got = c.step("fetch recurring event by UID", cal.event_by_uid, uidr)
    if got is not None:
        vevents = list(got.icalendar_instance.walk("VEVENT"))
        c.equal("recurring event fetched with master + override", len(vevents), 2)
        c.check("recurring event fetched with its VTIMEZONE",
                any(str(z.get("TZID")) == "Europe/Berlin" for z in got.icalendar_instance.walk("VTIMEZONE")))

    def search(label, start, end, must_match, must_not_match=()):
        found = c.step(f"time-range search {label}", cal.search, start=t(start), end=t(end), event=True, expand=False)
        if found is None:
            return
        uids = uids_of(found)
        for u in must_match:
            c.check(f"{label}: {u.split('-')[0]} matches", u in uids, f"found {sorted(uids)}")
        for u in must_not_match:
            c.check(f"{label}: {u.split('-')[0]} does not match", u not in uids, f"found {sorted(uids)}")

    search("6th instance 2025-04-07 07:00Z (after DST, not the first)",
           "20250407T063000Z", "20250407T073000Z", [uidr], [uid1])
    search("override moved to 2025-03-25 13:00Z", "20250325T123000Z", "20250325T133000Z", [uidr], [uid1])
    search("the single event's new slot", "20250601T113000Z", "20250601T120000Z", [uid1], [uidr])
    search("EXDATE 2025-03-17 08:00Z", "20250317T073000Z", "20250317T093000Z", [], [uidr])
    search("override's original slot 2025-03-24 08:00Z", "20250324T073000Z", "20250324T093000Z", [], [uidr])
    search("2025-03-31 08:00Z (an hour after the CEST instance)", "20250331T074000Z", "20250331T090000Z", [], [uidr])
    search("after the last instance (COUNT=10)", "20250512T000000Z", "20250520T000000Z", [], [uidr])
    search("the single event's old slot", "20250601T100000Z", "20250601T110000Z", [], [uid1])

    exp = c.step("expanded search March 2025", cal.search, start=t("20250301T000000Z"), end=t("20250401T000000Z"),
                 event=True, expand=True)
    if exp is not None:
        starts = sorted(o.icalendar_component.get("DTSTART").dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
                        for o in exp if str(o.icalendar_component.get("UID")) == uidr)
        c.equal("expanded instances in March (EXDATE gone, override moved, DST followed)", starts,
                ["20250303T080000Z", "20250310T080000Z", "20250325T130000Z", "20250331T070000Z"])

    # --- sync-collection (RFC 6578) ---
    a = c.step("create sync object A", cal.save_event, single_event(f"sync-a-{RUN}", "A", "20250701T100000Z", "20250701T110000Z"))
    b = c.step("create sync object B", cal.save_event, single_event(f"sync-b-{RUN}", "B", "20250702T100000Z", "20250702T110000Z"))
    d = c.step("create sync object C", cal.save_event, single_event(f"sync-c-{RUN}", "C", "20250703T100000Z", "20250703T110000Z"))
    if None in (a, b, d):
        return
    first = c.step("initial sync-collection (no token)", cal.objects_by_sync_token)
    if first is None:
        return
    token1 = first.sync_token
    c.check("initial sync returned a sync-token", bool(token1), repr(token1))
    paths = {raw.path(str(o.url)) for o in first}
    for label, obj in (("A", a), ("B", b), ("C", d), ("single", ev), ("recurring", rev)):
        if obj is not None:
            c.check(f"initial sync lists {label}", raw.path(str(obj.url)) in paths, f"{sorted(paths)}")
    a.data = single_event(f"sync-a-{RUN}", "A changed", "20250701T100000Z", "20250701T110000Z")
    c.step("change A", a.save)
    b.data = single_event(f"sync-b-{RUN}", "B changed", "20250702T100000Z", "20250702T110000Z")
    c.step("change B", b.save)
    c.step("delete C", d.delete)
    delta = c.step("sync-collection with the first token", cal.objects_by_sync_token, token1)
    if delta is not None:
        got_paths = sorted(raw.path(str(o.url)) for o in delta)
        c.equal("delta lists exactly A, B (changed) and C (deleted)", got_paths,
                sorted(raw.path(str(o.url)) for o in (a, b, d)))
        token2 = delta.sync_token
        c.check("new sync-token differs from the first", token2 and token2 != token1, f"{token1!r} -> {token2!r}")
        gone = [o for o in delta if raw.path(str(o.url)) == raw.path(str(d.url))]
        if gone:
            c.check("C is gone: GET of the reported href fails (RFC 6578 3.5.2)", not _loads(gone[0]),
                    "C could still be loaded")
        empty = c.step("sync-collection with the new token", cal.objects_by_sync_token, token2)
        if empty is not None:
            c.equal("no changes since the new token", sorted(raw.path(str(o.url)) for o in empty), [])
    # coll.sync() is how applications use it: it must classify the same changes.
    again = c.step("initial sync for SynchronizableCalendarObjectCollection.sync()",
                   cal.objects_by_sync_token, None, True)
    if again is not None:
        a.data = single_event(f"sync-a-{RUN}", "A changed twice", "20250701T100000Z", "20250701T110000Z")
        c.step("change A again", a.save)
        result = c.step("collection.sync()", again.sync)
        if result is not None:
            updated, deleted = result
            c.equal("sync() updated exactly A", [raw.path(str(o.url)) for o in updated], [raw.path(str(a.url))])
            c.equal("sync() deleted nothing", list(deleted), [])

    # --- deletion ---
    c.step("delete the single event", ev.delete)
    try:
        cal.event_by_uid(uid1)
        c.check("deleted event no longer found by UID", False, "still found")
    except caldav_error.NotFoundError:
        c.check("deleted event no longer found by UID", True)
    c.equal("GET of the deleted event answers 404", raw.request("GET", str(ev.url)).status, 404)
    for obj in (rev, a, b):
        if obj is not None:
            c.step(f"clean up {raw.path(str(obj.url)).rsplit('/', 1)[-1]}", obj.delete)


def _loads(obj):
    try:
        obj.load()
        return True
    except caldav_error.NotFoundError:
        return False


if __name__ == "__main__":
    sys.exit(main())
