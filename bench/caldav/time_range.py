"""Which calendar objects a CalDAV time-range query must return (RFC 4791 9.9), computed
independently of any server: the expected answer the benchmark checks the servers against.

An object is the master VEVENT (DTSTART, DTEND or DURATION or neither, RRULE, EXDATEs) plus
its RECURRENCE-ID overrides (RFC 5545 3.8.4.4), all in one calendar object resource. It
matches a time range when any of its instances overlaps the range:
  - instances come from the RRULE (RFC 5545 3.8.5.3, expanded with dateutil.rrule in the
    DTSTART's own time zone, so wall-clock times stay fixed across DST changes),
  - minus the EXDATEs (RFC 5545 3.8.5.1),
  - an override replaces the instance its RECURRENCE-ID names, with its own start and end
    (so an override can move an instance into or out of the range).
Overlap follows the table of RFC 4791 9.9 for VEVENT. Floating values (all-day DATEs) are
taken as UTC, which is what RFC 4791 9.9 does when the calendar has no
CALDAV:calendar-timezone and what Radicale does; the generator counts the matches that
would change under another interpretation (see `floating_sensitive`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Optional, Union

from dateutil import rrule as du_rrule

UTC = dt.timezone.utc
Value = Union[dt.date, dt.datetime]  # date: all-day; aware datetime: TZID or UTC


@dataclasses.dataclass
class Instance:
    start: Value
    end: Optional[Value] = None            # DTEND (exclusive)
    duration: Optional[dt.timedelta] = None  # DURATION, when there is no DTEND


@dataclasses.dataclass
class Override(Instance):
    recurrence_id: Value = None  # the original start of the instance it replaces


@dataclasses.dataclass
class CalendarObject:
    master: Instance
    rrule: Optional[str] = None            # the RRULE value, e.g. "FREQ=WEEKLY;BYDAY=MO"
    exdates: list = dataclasses.field(default_factory=list)
    overrides: list = dataclasses.field(default_factory=list)


def is_date(v: Value) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def to_utc(v: Value, floating_offset: dt.timedelta = dt.timedelta(0)) -> dt.datetime:
    """A DATE is floating midnight: UTC, shifted by floating_offset when asked."""
    if is_date(v):
        return dt.datetime(v.year, v.month, v.day, tzinfo=UTC) - floating_offset
    return v.astimezone(UTC)


def _effective_end(inst: Instance, start: Value) -> Optional[Value]:
    if inst.end is not None:
        return inst.end
    if inst.duration is not None:
        return start + inst.duration
    return None


def instance_overlaps(start: Value, end: Optional[Value], duration_given: bool,
                      range_start: dt.datetime, range_end: dt.datetime,
                      floating_offset: dt.timedelta = dt.timedelta(0)) -> bool:
    """RFC 4791 9.9, VEVENT table. `end` is DTEND, or DTSTART+DURATION, or None."""
    s = to_utc(start, floating_offset)
    if end is None:
        if is_date(start):  # DATE without DTEND/DURATION: one day
            return range_start < s + dt.timedelta(days=1) and range_end > s
        return range_start <= s and range_end > s  # instantaneous
    e = to_utc(end, floating_offset)
    if duration_given and e == s:  # DURATION of zero
        return range_start <= s and range_end > s
    return range_start < e and range_end > s


def rrule_instances(obj: CalendarObject, after: dt.datetime, before: dt.datetime):
    """Instance starts of the RRULE between after and before (UTC bounds, inclusive)."""
    start = obj.master.start
    if is_date(start):
        # All-day series expand as naive midnights; UNTIL is a DATE (RFC 5545 3.3.10).
        dtstart = dt.datetime(start.year, start.month, start.day)
        rule = du_rrule.rrulestr(obj.rrule, dtstart=dtstart)
        a, b = after.replace(tzinfo=None), before.replace(tzinfo=None)
        return [x.date() for x in rule.between(a, b, inc=True)]
    rule = du_rrule.rrulestr(obj.rrule, dtstart=start)
    return rule.between(after.astimezone(start.tzinfo), before.astimezone(start.tzinfo), inc=True)


def _same_instant(a: Value, b: Value) -> bool:
    if is_date(a) or is_date(b):
        return is_date(a) and is_date(b) and a == b
    return a == b  # aware datetimes compare as instants


def instances_in_range(obj: CalendarObject, range_start: dt.datetime, range_end: dt.datetime,
                       floating_offset: dt.timedelta = dt.timedelta(0)) -> int:
    """Number of instances of the object (overrides included) that overlap the range."""
    m = obj.master
    count = 0
    if obj.rrule is None:
        end = _effective_end(m, m.start)
        return int(instance_overlaps(m.start, end, m.end is None and m.duration is not None,
                                     range_start, range_end, floating_offset))
    # The longest instance bounds how far before the range an overlapping instance can start.
    longest = dt.timedelta(days=1)
    if m.end is not None:
        longest = max(longest, to_utc(m.end) - to_utc(m.start))
    elif m.duration is not None:
        longest = max(longest, m.duration)
    margin = longest + dt.timedelta(days=2)
    for start in rrule_instances(obj, range_start - margin, range_end + dt.timedelta(days=2)):
        if any(_same_instant(start, x) for x in obj.exdates):
            continue
        if any(_same_instant(start, o.recurrence_id) for o in obj.overrides):
            continue
        end = None
        if m.end is not None:
            end = start + (m.end - m.start)  # same nominal length as the master
        elif m.duration is not None:
            end = start + m.duration
        count += instance_overlaps(start, end, m.end is None and m.duration is not None,
                                   range_start, range_end, floating_offset)
    for o in obj.overrides:
        end = _effective_end(o, o.start)
        count += instance_overlaps(o.start, end, o.end is None and o.duration is not None,
                                   range_start, range_end, floating_offset)
    return count


def is_real_instance(obj: CalendarObject, when: Value) -> bool:
    """Whether `when` is an instance start the RRULE generates (for RECURRENCE-ID/EXDATE)."""
    lo = to_utc(when) - dt.timedelta(days=1)
    hi = to_utc(when) + dt.timedelta(days=1)
    return any(_same_instant(x, when) for x in rrule_instances(obj, lo, hi))
