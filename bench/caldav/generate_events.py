#!/usr/bin/python3
"""Generate a deterministic calendar of realistic office events for the CalDAV benchmark.

    generate_events.py --events 5000 --seed 4 --out DIR [--month 2026-10] [--no-check]

Writes DIR/events/<uid>.ics (one calendar object resource each: a VCALENDAR with the
VTIMEZONEs it uses, the master VEVENT and its RECURRENCE-ID overrides) and DIR/manifest.json:
the PUT order, the objects the benchmark picks (multiget sample, sync changes, the GET
target) and the EXPECTED answer of the one-month calendar-query, computed here from the
generator's own model (time_range.py), not by any server.

What is in it: 15 months of office life (2026-01 .. 2027-03, recurring series starting from
2025-09), ~10 % recurring (daily stand-ups, weekly and bi-weekly meetings, monthly reviews,
yearly birthdays; COUNT, UNTIL or endless) with EXDATEs and overrides (moved, some across the
query month's boundaries), events in seven time zones with VTIMEZONEs, UTC events, all-day
and multi-day events, events with DURATION or without an end, organizers and attendees with
PARTSTAT, alarms, descriptions from a line to a Teams invitation's size, UTF-8 names.

The self-check (on unless --no-check) parses every file with python3-icalendar, recomputes
the expected matches from the parsed files and requires the same set as the model, and checks
every VTIMEZONE against the system tz database (dateutil.tz.tzical vs zoneinfo).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import unicodedata
import uuid
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from time_range import (UTC, CalendarObject, Instance, Override, rrule_instances,  # noqa: E402
                        instances_in_range, is_date, is_real_instance, to_utc)
from vtimezones import VTIMEZONES  # noqa: E402

SPAN_START = dt.date(2026, 1, 1)
SPAN_END = dt.date(2027, 3, 31)
SERIES_START = dt.date(2025, 9, 1)  # some series run since before the calendar's year
PRODID = "-//calbridge//bench generate_events.py//EN"
OWNER = ("Bench User", "bench@example.com")

ZONES = [("Europe/Berlin", 45), ("America/New_York", 18), ("Europe/London", 10),
         ("America/Los_Angeles", 8), ("UTC", 6), ("Asia/Tokyo", 5), ("Asia/Kolkata", 5),
         ("Australia/Sydney", 3)]

FIRST = ["Anna", "Jürgen", "François", "Mei", "Olusegun", "Priya", "Lars", "Sofía", "Tom",
         "Ines", "Kenji", "Fatima", "Øyvind", "Chloé", "Rahul", "Grace", "Mateusz", "Aylin",
         "David", "Zoë", "Björn", "Nadia", "Carlos", "Hannah", "Wei", "Emma", "Luca", "Sven"]
LAST = ["Müller", "Schmidt", "Dubois", "Chen", "Adeyemi", "Sharma", "Johansson", "García",
        "Baker", "Ferreira", "Tanaka", "Khan", "Haugen", "Lefèvre", "Gupta", "O'Brien",
        "Kowalski", "Yılmaz", "Levi", "Novak", "Larsen", "Rossi", "Weber", "Wagner"]
DOMAINS = ["example.com", "example.org", "partner.example.net"]
TOPICS = ["Quarterly planning", "Budget review", "Sprint review", "Customer call: Contoso",
          "Design review: sync engine", "Hiring panel", "Vendor demo", "Roadmap sync",
          "Incident post-mortem", "Security review", "Architecture board", "1:1",
          "Release go/no-go", "Marketing brief", "Legal check-in", "Board prep",
          "Training: GDPR basics", "Offsite planning", "Interview: backend engineer",
          "Data migration workshop", "Pricing discussion", "Team lunch", "Partner QBR"]
LOCATIONS = ["Microsoft Teams Meeting", "Zoom", "Room 4.12 (Berlin)", "Room Hudson (NYC)",
             "Cafeteria", "Room Elbe, 3rd floor", "Google Meet", "Client site, Hamburg",
             "Room Thames (London)", "Phone"]
SENTENCES = [
    "Please review the attached deck before the meeting.",
    "We will go through the open action items from last time.",
    "Goal: agree on scope and owners for the next milestone.",
    "Bring your numbers for Q3; finance needs them by Friday.",
    "If you cannot attend, send a delegate or your comments in advance.",
    "Dial-in details are below; the room has a camera and a whiteboard.",
    "Agenda: 1) status 2) risks 3) decisions 4) AOB.",
    "Notes from the previous session are in the shared folder.",
    "Lunch will be provided; tell us about dietary requirements.",
    "This replaces the meeting that was cancelled last week.",
    "Décisions prises la dernière fois : voir le compte rendu.",
    "Bitte die Unterlagen vorab lesen; Rückfragen gern per Mail.",
]
TEAMS_BLOCK = ("________________________________________________________________________________\n"
               "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
               "Click here to join the meeting <https://teams.example.com/l/meetup-join/19%3ameeting_"
               "{token}%40thread.v2/0?context=%7b%22Tid%22%3a%22{tid}%22%7d>\n"
               "Meeting ID: {mid}\nPasscode: {code}\nDownload Teams | Join on the web\n"
               "Or call in (audio only)\n+49 30 1234567,,{dial}#   Germany, Berlin\n"
               "Phone Conference ID: {dial}#\nFind a local number | Reset PIN\n"
               "Learn More | Meeting options\n"
               "________________________________________________________________________________")


# ---------------------------------------------------------------- iCalendar text helpers

def escape_text(s: str) -> str:
    """TEXT value escaping, RFC 5545 3.3.11."""
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting UTF-8 sequences (RFC 5545 3.1)."""
    out, cur, size = [], [], 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(cur))
            cur, size, limit = [], 0, 74  # continuation lines start with one space
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return "\r\n ".join(out)


def fmt_value(v) -> tuple[str, str]:
    """(parameters, value) of a DATE / DATE-TIME property (RFC 5545 3.3.4, 3.3.5)."""
    if is_date(v):
        return ";VALUE=DATE", v.strftime("%Y%m%d")
    if v.tzinfo is UTC:
        return "", v.strftime("%Y%m%dT%H%M%SZ")
    return f";TZID={v.tzinfo.key}", v.strftime("%Y%m%dT%H%M%S")


def fmt_duration(d: dt.timedelta) -> str:
    secs = int(d.total_seconds())
    if secs % 86400 == 0:
        return f"P{secs // 86400}D"
    h, m = divmod(secs // 60, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")


def date_prop(name: str, v) -> str:
    params, value = fmt_value(v)
    return f"{name}{params}:{value}"


def stamp(v: dt.datetime) -> str:
    return v.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ascii_mail(s: str) -> str:
    """Jürgen -> jurgen, Øyvind -> oyvind: e-mail local parts in ASCII."""
    s = s.replace("ø", "o").replace("ı", "i").replace("'", "")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# ---------------------------------------------------------------- the model

class Generator:
    def __init__(self, seed: int, month: dt.date):
        self.rng = random.Random(seed)
        self.month_start = dt.datetime(month.year, month.month, 1, tzinfo=UTC)
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        self.month_end = dt.datetime(nxt.year, nxt.month, 1, tzinfo=UTC)
        self.people = [(f"{f} {l}", f"{f.lower()}.{l.lower()}@{self.rng.choice(DOMAINS)}")
                       for f in FIRST for l in LAST]
        self.people = [(n, ascii_mail(e)) for n, e in self.people]
        self.stats = {"single": 0, "recurring": 0, "all_day": 0, "utc": 0, "duration": 0,
                      "no_end": 0, "with_exdate": 0, "exdates": 0, "with_overrides": 0,
                      "overrides": 0, "overrides_into_month": 0, "overrides_out_of_month": 0,
                      "exdates_in_month": 0, "count": 0, "until": 0, "endless": 0,
                      "attendees": 0, "alarms": 0, "zones": {}}

    # -- random helpers
    def zone(self):
        names, weights = zip(*ZONES)
        return self.rng.choices(names, weights)[0]

    def tzinfo(self, name):
        return UTC if name == "UTC" else ZoneInfo(name)

    def day_in(self, lo: dt.date, hi: dt.date, weekday_only=True) -> dt.date:
        while True:
            d = lo + dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))
            if not weekday_only or d.weekday() < 5:
                return d

    def description(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return ""
        parts = self.rng.sample(SENTENCES, self.rng.randint(1, 4))
        if r > 0.75:  # an Outlook/Teams invitation: ~1.5 kB of boilerplate
            parts.append(TEAMS_BLOCK.format(
                token=hashlib.sha1(str(self.rng.random()).encode()).hexdigest()[:32],
                tid=uuid.UUID(int=self.rng.getrandbits(128)),
                mid=" ".join(str(self.rng.randint(100, 999)) for _ in range(4)),
                code=hashlib.md5(str(self.rng.random()).encode()).hexdigest()[:6],
                dial=self.rng.randint(100000000, 999999999)))
        return "\n\n".join(parts)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    # -- one VEVENT as text
    def vevent(self, ev: dict, inst: Instance, extra: list[str]) -> list[str]:
        lines = ["BEGIN:VEVENT", f"UID:{ev['uid']}", f"DTSTAMP:{stamp(ev['stamp'])}",
                 f"CREATED:{stamp(ev['created'])}", f"LAST-MODIFIED:{stamp(ev['stamp'])}"]
        lines += extra
        lines.append(date_prop("DTSTART", inst.start))
        if inst.end is not None:
            lines.append(date_prop("DTEND", inst.end))
        elif inst.duration is not None:
            lines.append(f"DURATION:{fmt_duration(inst.duration)}")
        lines.append(f"SUMMARY:{escape_text(ev['summary'])}")
        if ev["location"]:
            lines.append(f"LOCATION:{escape_text(ev['location'])}")
        if ev["description"]:
            lines.append(f"DESCRIPTION:{escape_text(ev['description'])}")
        if ev["organizer"]:
            n, e = ev["organizer"]
            lines.append(f'ORGANIZER;CN="{n}":mailto:{e}')
            for (n, e), partstat in ev["attendees"]:
                role = "REQ-PARTICIPANT" if partstat != "TENTATIVE" else "OPT-PARTICIPANT"
                lines.append(f'ATTENDEE;CN="{n}";CUTYPE=INDIVIDUAL;ROLE={role};PARTSTAT={partstat};'
                             f"RSVP=TRUE:mailto:{e}")
        lines += [f"CLASS:{ev['class']}", f"STATUS:{ev['status']}", f"TRANSP:{ev['transp']}",
                  f"SEQUENCE:{ev['sequence']}", f"X-MICROSOFT-CDO-BUSYSTATUS:{ev['busy']}"]
        if ev["categories"]:
            lines.append(f"CATEGORIES:{','.join(escape_text(c) for c in ev['categories'])}")
        if ev["alarm"]:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:{ev['alarm']}",
                      "DESCRIPTION:Reminder", "END:VALARM"]
        lines.append("END:VEVENT")
        return lines

    def render(self, ev: dict) -> str:
        obj: CalendarObject = ev["object"]
        zones = sorted({v.tzinfo.key for v in [obj.master.start] + [o.start for o in obj.overrides]
                        if not is_date(v) and v.tzinfo is not UTC})
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
        for z in zones:
            lines += VTIMEZONES[z].split("\n")
        extra = []
        if obj.rrule:
            extra.append(f"RRULE:{obj.rrule}")
            for x in obj.exdates:
                extra.append(date_prop("EXDATE", x))
        lines += self.vevent(ev, obj.master, extra)
        for o in obj.overrides:
            oev = dict(ev, **o.fields)
            lines += self.vevent(oev, o, [date_prop("RECURRENCE-ID", o.recurrence_id)])
        lines.append("END:VCALENDAR")
        return "".join(fold(line) + "\r\n" for line in lines)

    # -- the common fields of an event
    def fields(self, summary: str, timed: bool, meeting: bool) -> dict:
        created = dt.datetime(2025, 8, 1, tzinfo=UTC) + dt.timedelta(seconds=self.rng.randrange(200 * 86400))
        ev = {"uid": self.uid(), "summary": summary, "created": created,
              "stamp": created + dt.timedelta(seconds=self.rng.randrange(30 * 86400)),
              "location": self.rng.choice(LOCATIONS) if timed and self.rng.random() < 0.8 else "",
              "description": self.description() if timed else "",
              "organizer": None, "attendees": [], "class": "PUBLIC" if self.rng.random() < 0.9 else "PRIVATE",
              "status": "CONFIRMED" if self.rng.random() < 0.93 else "TENTATIVE",
              "transp": "OPAQUE" if timed else "TRANSPARENT", "sequence": self.rng.randint(0, 3),
              "busy": "BUSY" if timed else "FREE",
              "categories": self.rng.sample(["Work", "Project Atlas", "Customer", "Travel", "HR"],
                                            self.rng.randint(0, 2)),
              "alarm": None}
        if meeting:
            organizer = OWNER if self.rng.random() < 0.4 else self.rng.choice(self.people)
            ev["organizer"] = organizer
            others = self.rng.sample(self.people, self.rng.randint(1, 9))
            att = [(OWNER, "ACCEPTED" if organizer is not OWNER else "ACCEPTED")]
            for p in others:
                att.append((p, self.rng.choices(["ACCEPTED", "TENTATIVE", "DECLINED", "NEEDS-ACTION"],
                                                [55, 15, 10, 20])[0]))
            ev["attendees"] = att
            self.stats["attendees"] += len(att)
        if self.rng.random() < (0.7 if timed else 0.3):
            ev["alarm"] = "-PT15M" if timed else "-PT15H"
            self.stats["alarms"] += 1
        return ev

    def timed_start(self, day: dt.date, zone: str, first_hour=8, last_hour=17) -> dt.datetime:
        hour = self.rng.randint(first_hour, last_hour)
        minute = self.rng.choice([0, 0, 0, 30, 30, 15, 45])
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tzinfo(zone))

    # -- single events
    def single(self) -> dict:
        self.stats["single"] += 1
        kind = self.rng.choices(["meeting", "appointment", "allday", "multiday", "utc",
                                 "duration", "noend"], [55, 20, 8, 4, 6, 5, 2])[0]
        day = self.day_in(SPAN_START, SPAN_END, weekday_only=kind not in ("allday", "multiday"))
        if kind in ("allday", "multiday"):
            self.stats["all_day"] += 1
            days = 1 if kind == "allday" else self.rng.randint(2, 10)
            summary = self.rng.choice(["Vacation", "Conference: FOSDEM", "Public holiday", "Deadline: report",
                                       "Company offsite", "Out of office", "Trade fair"])
            ev = self.fields(summary, timed=False, meeting=False)
            ev["object"] = CalendarObject(Instance(day, day + dt.timedelta(days=days)))
            return ev
        zone = "UTC" if kind == "utc" else self.zone()
        if kind == "utc":
            self.stats["utc"] += 1
        self.stats["zones"][zone] = self.stats["zones"].get(zone, 0) + 1
        start = self.timed_start(day, zone)
        length = dt.timedelta(minutes=self.rng.choice([15, 30, 30, 45, 60, 60, 60, 90, 120]))
        meeting = kind in ("meeting", "utc", "duration")
        ev = self.fields(self.rng.choice(TOPICS), timed=True, meeting=meeting)
        if kind == "duration":
            self.stats["duration"] += 1
            inst = Instance(start, duration=length)
        elif kind == "noend":
            self.stats["no_end"] += 1
            ev["summary"] = "Reminder: " + ev["summary"]
            inst = Instance(start)
        else:
            inst = Instance(start, start + length)
        ev["object"] = CalendarObject(inst)
        return ev

    # -- recurring series
    def recurring(self) -> dict:
        self.stats["recurring"] += 1
        kind = self.rng.choices(["weekly", "biweekly", "daily", "monthly", "yearly_allday",
                                 "weekly_allday", "yearly"], [32, 10, 15, 20, 13, 5, 5])[0]
        allday = kind.endswith("allday")
        zone = None if allday else self.zone()
        first = self.day_in(SERIES_START, SPAN_END - dt.timedelta(days=60), weekday_only=not allday)
        byday = ["MO", "TU", "WE", "TH", "FR"]
        rule = {"weekly": f"FREQ=WEEKLY;BYDAY={self.rng.choice(byday)}",
                "biweekly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={self.rng.choice(byday)}",
                "daily": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" if self.rng.random() < 0.6 else "FREQ=DAILY",
                "monthly": (f"FREQ=MONTHLY;BYDAY={self.rng.choice(['1', '2', '3', '-1'])}{self.rng.choice(byday)}"
                            if self.rng.random() < 0.6 else f"FREQ=MONTHLY;BYMONTHDAY={self.rng.randint(1, 28)}"),
                "yearly_allday": "FREQ=YEARLY",
                "weekly_allday": "FREQ=WEEKLY;BYDAY=FR",
                "yearly": "FREQ=YEARLY"}[kind]
        summary = {"weekly": "Weekly " + self.rng.choice(["team meeting", "sync: platform", "customer status"]),
                   "biweekly": "1:1 " + self.rng.choice(self.people)[0],
                   "daily": "Daily stand-up",
                   "monthly": "Monthly " + self.rng.choice(["business review", "all-hands", "security patch day"]),
                   "yearly_allday": "Birthday: " + self.rng.choice(self.people)[0],
                   "weekly_allday": "Home office",
                   "yearly": "Annual performance review"}[kind]
        if allday:
            self.stats["all_day"] += 1
            start = first
            probe = CalendarObject(Instance(start, start + dt.timedelta(days=1)), rule)
        else:
            self.stats["zones"][zone] = self.stats["zones"].get(zone, 0) + 1
            start = self.timed_start(first, zone, 8, 16)
            probe = CalendarObject(Instance(start), rule)
        # DTSTART must be the first instance of the rule (RFC 5545 3.8.5.3: "SHOULD be
        # synchronized"); move it to the rule's first occurrence on or after the chosen day.
        lo = to_utc(start)
        start = rrule_instances(probe, lo, lo + dt.timedelta(days=400))[0]
        if allday:
            inst = Instance(start, start + dt.timedelta(days=1))
        else:
            length = dt.timedelta(minutes=15 if kind == "daily" else self.rng.choice([30, 45, 60, 60, 90]))
            inst = Instance(start, start + length)
        end_kind = "endless" if kind == "yearly_allday" else self.rng.choices(
            ["count", "until", "endless"], [30, 30, 40])[0]
        if end_kind == "count":
            rule += f";COUNT={self.rng.randint(4, 60)}"
        elif end_kind == "until":
            until_day = start if allday else start.date()
            until_day += dt.timedelta(days=self.rng.randint(40, 400))
            if allday:
                rule += f";UNTIL={until_day.strftime('%Y%m%d')}"
            else:  # UNTIL in UTC when DTSTART has a TZID (RFC 5545 3.3.10)
                until = dt.datetime(until_day.year, until_day.month, until_day.day, 23, 0, tzinfo=start.tzinfo)
                rule += f";UNTIL={stamp(until)}"
        self.stats[end_kind] += 1
        ev = self.fields(summary, timed=not allday, meeting=kind in ("weekly", "biweekly", "daily", "monthly", "yearly"))
        obj = CalendarObject(inst, rule)
        ev["object"] = obj
        self.add_exceptions(ev, obj, allday)
        return ev

    def add_exceptions(self, ev: dict, obj: CalendarObject, allday: bool):
        horizon = to_utc(obj.master.start) + dt.timedelta(days=500)
        instances = rrule_instances(obj, to_utc(obj.master.start), horizon)
        if len(instances) < 3:
            return
        taken = set()
        in_month = [i for i in instances if self.month_start <= to_utc(i) < self.month_end]
        near_start = [i for i in instances
                      if abs(to_utc(i) - self.month_start) < dt.timedelta(days=4)]
        near_end = [i for i in instances if abs(to_utc(i) - self.month_end) < dt.timedelta(days=4)]

        def pick(pool):
            pool = [i for i in pool if i not in taken and i != obj.master.start]
            if not pool:
                return None
            x = self.rng.choice(pool)
            taken.add(x)
            return x

        # EXDATEs: deleted occurrences (holidays, cancelled sessions), some inside the month.
        if self.rng.random() < 0.4:
            n = self.rng.randint(1, 4)
            for _ in range(n):
                x = pick(instances[:80])
                if x is not None:
                    obj.exdates.append(x)
            if in_month and self.rng.random() < 0.3:
                x = pick(in_month)
                if x is not None:
                    obj.exdates.append(x)
        # Overrides: moved or modified occurrences; some moved across the month's edges.
        moves = []
        if self.rng.random() < 0.3:
            for _ in range(self.rng.randint(1, 3)):
                x = pick(instances[:80])
                if x is not None:
                    shift = (dt.timedelta(days=self.rng.choice([-2, -1, 1, 2])) if allday or self.rng.random() < 0.5
                             else dt.timedelta(hours=self.rng.choice([-3, -1, 1, 2])))
                    moves.append((x, shift))
        if near_start and self.rng.random() < 0.35:
            x = pick(near_start)
            if x is not None:  # move across the month start, whichever way it is
                moves.append((x, dt.timedelta(days=-5) if to_utc(x) >= self.month_start else dt.timedelta(days=5)))
        if near_end and self.rng.random() < 0.35:
            x = pick(near_end)
            if x is not None:
                moves.append((x, dt.timedelta(days=5) if to_utc(x) < self.month_end else dt.timedelta(days=-5)))
        for original, shift in moves:
            m = obj.master
            new_start = original + shift
            end = None if m.end is None else new_start + (m.end - m.start)
            o = Override(new_start, end, m.duration, recurrence_id=original)
            o.fields = {"sequence": ev["sequence"] + 1,
                        "summary": ev["summary"] + (" (moved)" if self.rng.random() < 0.5 else "")}
            if ev["attendees"] and self.rng.random() < 0.5:  # someone declines this one only
                att = list(ev["attendees"])
                i = self.rng.randrange(len(att))
                att[i] = (att[i][0], "DECLINED")
                o.fields["attendees"] = att
            obj.overrides.append(o)
            was_in = self.month_start <= to_utc(original) < self.month_end
            now_in = self.month_start <= to_utc(new_start) < self.month_end
            if now_in and not was_in:
                self.stats["overrides_into_month"] += 1
            if was_in and not now_in:
                self.stats["overrides_out_of_month"] += 1
        if obj.exdates:
            self.stats["with_exdate"] += 1
            self.stats["exdates"] += len(obj.exdates)
            self.stats["exdates_in_month"] += sum(self.month_start <= to_utc(x) < self.month_end
                                                  for x in obj.exdates)
        if obj.overrides:
            self.stats["with_overrides"] += 1
            self.stats["overrides"] += len(obj.overrides)


# ---------------------------------------------------------------- self-check

def parsed_object(path: str) -> CalendarObject:
    """The CalendarObject read back from a file with python3-icalendar (independent of the model)."""
    import icalendar

    def value(prop):
        v = prop.dt
        tzid = prop.params.get("TZID")
        if tzid:
            return v.replace(tzinfo=None).replace(tzinfo=ZoneInfo(str(tzid)))
        if isinstance(v, dt.datetime):
            if v.tzinfo is None:
                raise ValueError(f"{path}: floating DATE-TIME, the generator writes none")
            return v.astimezone(UTC)
        return v

    def values(prop):
        out = []
        for p in prop if isinstance(prop, list) else [prop]:
            tzid = p.params.get("TZID")
            for d in p.dts:
                v = d.dt
                if tzid:
                    v = v.replace(tzinfo=None).replace(tzinfo=ZoneInfo(str(tzid)))
                elif isinstance(v, dt.datetime):
                    v = v.astimezone(UTC)
                out.append(v)
        return out

    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    masters, overrides, uids, tzids = [], [], set(), set()
    for comp in cal.walk():
        if comp.name == "VTIMEZONE":
            tzids.add(str(comp["TZID"]))
        if comp.name != "VEVENT":
            continue
        uids.add(str(comp["UID"]))
        start = value(comp["DTSTART"])
        if "TZID" in comp["DTSTART"].params and str(comp["DTSTART"].params["TZID"]) not in tzids:
            raise ValueError(f"{path}: TZID {comp['DTSTART'].params['TZID']} without VTIMEZONE")
        end = value(comp["DTEND"]) if "DTEND" in comp else None
        dur = comp["DURATION"].dt if "DURATION" in comp else None
        if "RECURRENCE-ID" in comp:
            overrides.append(Override(start, end, dur, recurrence_id=value(comp["RECURRENCE-ID"])))
        else:
            masters.append((Instance(start, end, dur), comp))
    if len(uids) != 1 or len(masters) != 1:
        raise ValueError(f"{path}: {len(uids)} UIDs and {len(masters)} masters (want 1 and 1)")
    inst, comp = masters[0]
    rrule = comp["RRULE"].to_ical().decode() if "RRULE" in comp else None
    exdates = values(comp["EXDATE"]) if "EXDATE" in comp else []
    obj = CalendarObject(inst, rrule, exdates, overrides)
    for o in overrides:
        if not is_real_instance(obj, o.recurrence_id):
            raise ValueError(f"{path}: RECURRENCE-ID {o.recurrence_id} is not an instance of the series")
    for x in exdates:
        if not is_real_instance(obj, x):
            raise ValueError(f"{path}: EXDATE {x} is not an instance of the series")
    return obj


def check_vtimezones():
    """Every VTIMEZONE gives zoneinfo's UTC offset, hour by hour around each change 2025-2028."""
    import io
    from dateutil import tz
    for name, text in VTIMEZONES.items():
        ical_tz = tz.tzical(io.StringIO(text)).get(name)
        zi = ZoneInfo(name)
        t = dt.datetime(2025, 1, 1, tzinfo=UTC)
        while t < dt.datetime(2029, 1, 1, tzinfo=UTC):
            # Compare on UTC instants: dateutil's tzical maps a UTC instant via fromutc.
            a = t.astimezone(zi).utcoffset()
            b = t.astimezone(ical_tz).utcoffset()
            if a != b:
                raise ValueError(f"VTIMEZONE {name}: offset {b} at {t}, tz database says {a}")
            t += dt.timedelta(hours=1)


def self_check(out: str, manifest: dict, model: dict):
    check_vtimezones()
    q = manifest["query"]
    start = dt.datetime.strptime(q["start"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    end = dt.datetime.strptime(q["end"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    expected = set(q["expected_hrefs"])
    got, instances = set(), 0
    for entry in manifest["objects"]:
        obj = parsed_object(os.path.join(out, "events", entry["href"]))
        n = instances_in_range(obj, start, end)
        instances += n
        if n:
            got.add(entry["href"])
        if n != model[entry["href"]]:
            raise ValueError(f"{entry['href']}: {n} instances in range from the file, {model[entry['href']]} from the model")
    if got != expected or instances != q["expected_instances"]:
        raise ValueError(f"self-check: files give {len(got)} matches / {instances} instances, "
                         f"model {len(expected)} / {q['expected_instances']}")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", required=True)
    ap.add_argument("--month", default="2026-10", help="month of the calendar-query (YYYY-MM)")
    ap.add_argument("--recurring-share", type=float, default=0.10)
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()

    month = dt.datetime.strptime(args.month, "%Y-%m").date()
    gen = Generator(args.seed, month)
    n_rec = round(args.events * args.recurring_share)
    kinds = ["recurring"] * n_rec + ["single"] * (args.events - n_rec)
    gen.rng.shuffle(kinds)
    events = [gen.recurring() if k == "recurring" else gen.single() for k in kinds]

    os.makedirs(os.path.join(args.out, "events"), exist_ok=True)
    objects, model, expected, instances, floating_sensitive = [], {}, [], 0, 0
    for ev in events:
        href = f"{ev['uid']}.ics"
        text = ev["text"] = gen.render(ev)
        with open(os.path.join(args.out, "events", href), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        obj = ev["object"]
        n = instances_in_range(obj, gen.month_start, gen.month_end)
        model[href] = n
        instances += n
        if n:
            expected.append(href)
        # Would the answer change if floating (all-day) times were read in UTC-12 or UTC+14?
        for off in (dt.timedelta(hours=-12), dt.timedelta(hours=14)):
            if bool(instances_in_range(obj, gen.month_start, gen.month_end, off)) != bool(n):
                floating_sensitive += 1
                break
        objects.append({"href": href, "bytes": len(text.encode("utf-8")), "recurring": obj.rrule is not None})

    pick = random.Random(args.seed + 1)
    hrefs = [o["href"] for o in objects]
    sizes = sorted(o["bytes"] for o in objects)
    median = sizes[len(sizes) // 2]
    typical = [o["href"] for o in objects if not o["recurring"] and abs(o["bytes"] - median) < 200]
    manifest = {
        "generator": "bench/caldav/generate_events.py",
        "seed": args.seed,
        "events": args.events,
        "bytes_total": sum(sizes),
        "bytes_median": median,
        "stats": gen.stats,
        "query": {"start": gen.month_start.strftime("%Y%m%dT%H%M%SZ"),
                  "end": gen.month_end.strftime("%Y%m%dT%H%M%SZ"),
                  "expected_count": len(expected), "expected_instances": instances,
                  "floating_sensitive": floating_sensitive,
                  "expected_hrefs": sorted(expected)},
        "multiget_hrefs": pick.sample(hrefs, min(100, len(hrefs))),
        "sync_change_hrefs": pick.sample(hrefs, min(60, len(hrefs))),
        "get_href": pick.choice(typical or hrefs),
        "objects": objects,
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    if not args.no_check:
        self_check(args.out, manifest, model)
    s = gen.stats
    print(f"generate_events: {args.events} objects ({s['recurring']} recurring: {s['with_exdate']} with "
          f"EXDATEs, {s['with_overrides']} with {s['overrides']} overrides, {s['overrides_into_month']} moved "
          f"into / {s['overrides_out_of_month']} out of the query month; {s['all_day']} all-day), "
          f"{sum(sizes) / 1e6:.1f} MB; query {args.month}: {len(expected)} objects, {instances} instances"
          f"{'' if args.no_check else '; self-check passed'}", file=sys.stderr)


if __name__ == "__main__":
    main()
