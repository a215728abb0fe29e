#!/usr/bin/python3
"""Checks .ics files with the Python `icalendar` library (Debian's python3-icalendar).

Run with Debian's interpreter: /usr/bin/python3 python_icalendar_check.py FILE.ics...

icalendar is lenient by design: a value it cannot parse inside a VEVENT is dropped and
recorded in `component.errors` instead of raising. This checker makes it strict: every
such recorded error is a failure, and the RFC 5545 rules below are checked on what it
parsed. Each failure names the file and the component (kind and UID).

Checks (RFC 5545 sections):
  3.1     lines end in CRLF, are at most 75 octets, folding never splits a UTF-8 character;
          the file is UTF-8 (3.1.4)
  3.4     the file is exactly one VCALENDAR; 3.6: it has at least one calendar component
  3.7.3/3.7.4  PRODID and VERSION:2.0 exactly once
  3.6.1   every VEVENT has exactly one UID and DTSTAMP, and a DTSTART (no METHOD);
          not both DTEND and DURATION
  3.8.2.4 DTSTART is a DATE or DATE-TIME (icalendar would accept "2021080" as a TIME)
  3.8.7.2 DTSTAMP is a UTC DATE-TIME
  3.8.2.2 DTEND has DTSTART's value type and is later than DTSTART
  3.3.10  RRULE has FREQ; not both COUNT and UNTIL; UNTIL has DTSTART's value type and is
          UTC when DTSTART has a TZID or is UTC
  3.8.4.4 RECURRENCE-ID has the value type of the master's DTSTART
  3.8.4.7 one master per UID in a file, one override per UID + RECURRENCE-ID
  3.2.19  every TZID parameter has a VTIMEZONE with that TZID in the file

Exit status: 0 no errors, 1 errors, 2 usage error (no files given).
"""
import sys
from datetime import date, datetime, timedelta

try:
    from icalendar import Calendar
    import icalendar
except ImportError as e:  # pragma: no cover - environment problem, reported loudly
    print(f"python-icalendar: ERROR cannot import icalendar ({e}); run with /usr/bin/python3 "
          "and install python3-icalendar", file=sys.stderr)
    sys.exit(2)

MAX_LINE_OCTETS = 75  # RFC 5545 3.1
DATE_TIME_PROPS = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE",
                   "DTSTAMP", "CREATED", "LAST-MODIFIED")


class Checker:
    def __init__(self):
        self.errors = 0
        self.files = 0
        self.events = 0

    def error(self, path, where, what):
        self.errors += 1
        print(f"python-icalendar: ERROR {path}: {where}: {what}")

    # ---- raw text (RFC 5545 3.1) ---------------------------------------------------
    def check_lines(self, path, raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.error(path, "file", f"not UTF-8 at byte {e.start} (RFC 5545 3.1.4)")
        if raw and not raw.endswith(b"\r\n"):
            self.error(path, "file", "last line does not end in CRLF (RFC 5545 3.1)")
        for number, line in enumerate(raw.split(b"\r\n")[:-1], start=1):
            if b"\n" in line or b"\r" in line:
                self.error(path, f"line {number}", "bare LF or CR inside a line; lines end in CRLF (RFC 5545 3.1)")
                continue
            if len(line) > MAX_LINE_OCTETS:
                self.error(path, f"line {number}",
                           f"{len(line)} octets, longer than {MAX_LINE_OCTETS}: fold it (RFC 5545 3.1)")
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                self.error(path, f"line {number}", "folding split a UTF-8 character (RFC 5545 3.1)")

    # ---- helpers -------------------------------------------------------------------
    @staticmethod
    def describe(comp):
        uid = comp.get("UID")
        text = comp.name
        if uid is not None:
            text += f" UID={uid}"
        rid = comp.get("RECURRENCE-ID")
        if rid is not None and hasattr(rid, "dt"):
            text += f" RECURRENCE-ID={rid.dt.isoformat()}"
        return text

    @staticmethod
    def values(comp, name):
        """All parsed values of a property that may repeat (EXDATE, RDATE) or not."""
        prop = comp.get(name)
        if prop is None:
            return []
        props = prop if isinstance(prop, list) else [prop]
        out = []
        for p in props:
            if p is None:
                out.append(None)
            elif hasattr(p, "dts"):       # vDDDLists (EXDATE, RDATE)
                out.extend(d.dt for d in p.dts)
            elif hasattr(p, "dt"):
                out.append(p.dt)
            else:
                out.append(p)
        return out

    @staticmethod
    def kind_of(value):
        if isinstance(value, datetime):
            return "DATE-TIME"
        if isinstance(value, date):
            return "DATE"
        return type(value).__name__

    @staticmethod
    def is_utc(value):
        return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() == timedelta(0) \
            and value.tzname() == "UTC"

    def count(self, comp, name):
        """How many times a property occurs; one icalendar could not parse still counts."""
        if name not in comp:
            return 0
        prop = comp[name]
        return len(prop) if isinstance(prop, list) else 1

    # ---- per component -------------------------------------------------------------
    def check_event(self, path, ev, has_method):
        where = self.describe(ev)
        for name in ("UID", "DTSTAMP"):
            n = self.count(ev, name)
            if n != 1:
                self.error(path, where, f"{name} must occur exactly once, found {n} (RFC 5545 3.6.1)")
        if not has_method and self.count(ev, "DTSTART") != 1:
            self.error(path, where, f"DTSTART must occur exactly once, found {self.count(ev, 'DTSTART')} (RFC 5545 3.6.1)")
        if "DTEND" in ev and "DURATION" in ev:
            self.error(path, where, "has both DTEND and DURATION (RFC 5545 3.6.1)")

        for name in DATE_TIME_PROPS:
            for v in self.values(ev, name):
                if not isinstance(v, date):
                    self.error(path, where, f"{name} value {v!r} is not a DATE or DATE-TIME (RFC 5545 3.3.4, 3.3.5)")
        for v in self.values(ev, "DTSTAMP"):
            if isinstance(v, date) and not self.is_utc(v):
                self.error(path, where, f"DTSTAMP {v!r} is not a UTC DATE-TIME (RFC 5545 3.8.7.2)")

        start = self.values(ev, "DTSTART")
        start = start[0] if start and isinstance(start[0], date) else None
        end = self.values(ev, "DTEND")
        end = end[0] if end and isinstance(end[0], date) else None
        if start is not None and end is not None:
            if self.kind_of(start) != self.kind_of(end):
                self.error(path, where, f"DTEND is {self.kind_of(end)} but DTSTART is {self.kind_of(start)} "
                                        "(RFC 5545 3.8.2.2)")
            else:
                try:
                    if not end > start:
                        self.error(path, where, f"DTEND {end.isoformat()} is not later than DTSTART "
                                                f"{start.isoformat()} (RFC 5545 3.8.2.2)")
                except TypeError:  # naive vs aware: a TZID python could not resolve
                    pass

        rrules = ev.get("RRULE")
        for rule in (rrules if isinstance(rrules, list) else [rrules] if rrules is not None else []):
            self.check_rrule(path, where, rule, start)

    def check_rrule(self, path, where, rule, start):
        if "FREQ" not in rule:
            self.error(path, where, "RRULE without FREQ (RFC 5545 3.3.10)")
        if "COUNT" in rule and "UNTIL" in rule:
            self.error(path, where, "RRULE has both COUNT and UNTIL (RFC 5545 3.3.10)")
        for until in rule.get("UNTIL", []):
            if start is None:
                continue
            if self.kind_of(until) != self.kind_of(start):
                self.error(path, where, f"RRULE UNTIL is {self.kind_of(until)} but DTSTART is "
                                        f"{self.kind_of(start)} (RFC 5545 3.3.10)")
            elif isinstance(start, datetime) and start.tzinfo is not None and not self.is_utc(until):
                self.error(path, where, f"RRULE UNTIL {until!r} must be UTC because DTSTART has a TZID "
                                        "or is UTC (RFC 5545 3.3.10)")

    def check_calendar(self, path, cal):
        if cal.name != "VCALENDAR":
            self.error(path, cal.name, "top level is not a VCALENDAR (RFC 5545 3.4)")
            return
        for name in ("PRODID", "VERSION"):
            n = self.count(cal, name)
            if n != 1:
                self.error(path, "VCALENDAR", f"{name} must occur exactly once, found {n} (RFC 5545 3.6)")
        if cal.get("VERSION") is not None and str(cal.get("VERSION")) != "2.0":
            self.error(path, "VCALENDAR", f"VERSION is {cal.get('VERSION')}, expected 2.0 (RFC 5545 3.7.4)")

        for comp in cal.walk():
            for prop, message in comp.errors:
                self.error(path, self.describe(comp), f"icalendar could not parse {prop}: {message}")

        has_method = "METHOD" in cal
        inner = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
        if not inner:
            self.error(path, "VCALENDAR", "no calendar component (RFC 5545 3.6 requires at least one)")

        masters, overrides = {}, {}
        for ev in cal.walk("VEVENT"):
            self.events += 1
            self.check_event(path, ev, has_method)
            uid = str(ev.get("UID"))
            rid = self.values(ev, "RECURRENCE-ID")
            if rid:
                key = (uid, rid[0].isoformat() if isinstance(rid[0], date) else repr(rid[0]))
                if key in overrides:
                    self.error(path, self.describe(ev), "two overrides with the same UID and RECURRENCE-ID "
                                                        "(RFC 5545 3.8.4.4)")
                overrides[key] = ev
            else:
                if uid in masters:
                    self.error(path, self.describe(ev), "two VEVENTs with this UID and no RECURRENCE-ID "
                                                        "(RFC 5545 3.8.4.7)")
                masters[uid] = ev

        for (uid, _), ov in overrides.items():
            master = masters.get(uid)
            if master is None:
                continue  # an override without its master is allowed (RFC 5545 3.8.4.4)
            m_start = self.values(master, "DTSTART")
            rid = self.values(ov, "RECURRENCE-ID")[0]
            if m_start and isinstance(m_start[0], date) and self.kind_of(rid) != self.kind_of(m_start[0]):
                self.error(path, self.describe(ov), f"RECURRENCE-ID is {self.kind_of(rid)} but the master's "
                                                    f"DTSTART is {self.kind_of(m_start[0])} (RFC 5545 3.8.4.4)")

        self.check_tzids(path, cal)

    def check_tzids(self, path, cal):
        defined = set()
        for tz in cal.walk("VTIMEZONE"):
            if "TZID" not in tz:
                self.error(path, "VTIMEZONE", "no TZID (RFC 5545 3.6.5)")
            else:
                defined.add(str(tz["TZID"]))
        for comp in cal.walk():
            if comp.name in ("VTIMEZONE", "STANDARD", "DAYLIGHT"):
                continue
            for name, prop in comp.property_items(recursive=False):
                params = getattr(prop, "params", None)
                tzid = params.get("TZID") if params is not None else None
                if tzid is not None and str(tzid) not in defined:
                    self.error(path, f"{self.describe(comp)} {name}",
                               f"TZID={tzid} has no VTIMEZONE in this file (RFC 5545 3.2.19)")

    def check_file(self, path):
        self.files += 1
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            self.error(path, "file", f"cannot read: {e.strerror}")
            return
        self.check_lines(path, raw)
        try:
            cal = Calendar.from_ical(raw)
        except Exception as e:  # icalendar raises ValueError (and sometimes others) on bad text
            message = str(e)
            if len(message) > 300:
                message = message[:300] + "..."
            self.error(path, "file", f"icalendar cannot parse it: {type(e).__name__}: {message}")
            return
        self.check_calendar(path, cal)


def main(argv):
    if len(argv) < 2:
        print("usage: /usr/bin/python3 python_icalendar_check.py FILE.ics...", file=sys.stderr)
        return 2
    checker = Checker()
    for path in argv[1:]:
        checker.check_file(path)
    print(f"python-icalendar {icalendar.__version__}: {checker.files} files, {checker.events} events, "
          f"{checker.errors} errors")
    return 0 if checker.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
