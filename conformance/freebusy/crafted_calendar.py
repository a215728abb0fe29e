"""A calendar with what the fixture PST/OST files lack: recurring series with exceptions.

PUT over CalDAV into a calendar whose CALDAV:calendar-timezone is Europe/Berlin, so floating
values and all-day dates are read there (RFC 4791 7.10). Every object is in August 2021 (the
month the fixture's recurring events fall in) and/or around the DST changes of autumn 2021
(Europe/Berlin Oct 31, America/New_York Nov 7).
"""

BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
DTSTART:19810329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
END:VTIMEZONE
"""

NEW_YORK = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
END:STANDARD
END:VTIMEZONE
"""

CALENDAR_TIMEZONE = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//calbridge conformance//EN\n" + BERLIN + "END:VCALENDAR\n"


def _vevent(uid, lines):
    return f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20210701T000000Z\n{lines}END:VEVENT\n"


def _object(zones, components):
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//calbridge conformance//EN\n" + "".join(zones) + components + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n")


def _berlin(day, start, end):
    return (f"DTSTART;TZID=Europe/Berlin:2021{day}T{start}\n"
            f"DTEND;TZID=Europe/Berlin:2021{day}T{end}\n")


def _rid_berlin(day):
    return f"RECURRENCE-ID;TZID=Europe/Berlin:2021{day}T090000\n"


def objects():
    """{resource name: iCalendar text}."""
    out = {}
    # Mondays and Wednesdays 09:00-10:00 Berlin into November (across Oct 31), with every kind
    # of exception.
    standup = _vevent("fb-standup", _berlin("0802", "090000", "100000") +
                      "SUMMARY:Standup\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20211110T235959Z\n"
                      "EXDATE;TZID=Europe/Berlin:20210804T090000\nRDATE;TZID=Europe/Berlin:20210807T090000\n"
                      "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\n")
    overrides = [
        ("0809", _berlin("0809", "140000", "153000") + "SUMMARY:moved within the day\n"),
        ("0811", _berlin("0811", "090000", "100000") + "STATUS:CANCELLED\n"),
        ("0816", _berlin("0816", "090000", "100000") + "TRANSP:TRANSPARENT\n"),
        ("0818", _berlin("0818", "090000", "100000") + "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\n"),
        ("0823", _berlin("0823", "090000", "100000") + "X-MICROSOFT-CDO-BUSYSTATUS:OOF\n"),
        ("0825", _berlin("0825", "090000", "100000") + "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n"),
        ("0830", _berlin("0903", "090000", "100000") + "SUMMARY:moved out of August\n"),
        ("0901", _berlin("0831", "160000", "170000") + "SUMMARY:moved into August\n"),
        ("1101", _berlin("1101", "110000", "120000") + "X-MICROSOFT-CDO-BUSYSTATUS:OOF\n"),
    ]
    standup += "".join(_vevent("fb-standup", _rid_berlin(day) + lines) for day, lines in overrides)
    out["standup.ics"] = _object([BERLIN], standup)

    # All-day, floating: read in the calendar's zone (Berlin midnight = 22:00Z in summer).
    out["trip.ics"] = _object([], _vevent("fb-trip", "DTSTART;VALUE=DATE:20210820\nDTEND;VALUE=DATE:20210821\n"
                                                     "RRULE:FREQ=DAILY;COUNT=5\nEXDATE;VALUE=DATE:20210822\n"
                                                     "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n") +
                              _vevent("fb-trip", "RECURRENCE-ID;VALUE=DATE:20210823\nDTSTART;VALUE=DATE:20210823\n"
                                                 "DTEND;VALUE=DATE:20210824\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\n"))
    # The 25-hour day when Berlin leaves summer time, as a DATE without DTEND (one day).
    out["long-day.ics"] = _object([], _vevent("fb-long-day", "DTSTART;VALUE=DATE:20211031\n"))

    # Floating times, one instance moved and shortened.
    out["evening.ics"] = _object([], _vevent("fb-evening", "DTSTART:20210805T180000\nDURATION:PT2H\n"
                                                           "RRULE:FREQ=WEEKLY;COUNT=4\n") +
                                 _vevent("fb-evening", "RECURRENCE-ID:20210812T180000\nDTSTART:20210812T200000\n"
                                                       "DURATION:PT1H\nSTATUS:TENTATIVE\n"))

    # A free series (TRANSPARENT master) with two busy instances: one override says OPAQUE, the
    # other says nothing about TRANSP (an override inherits nothing: default OPAQUE).
    ny = lambda day, t0, t1: (f"DTSTART;TZID=America/New_York:2021{day}T{t0}\n"  # noqa: E731
                              f"DTEND;TZID=America/New_York:2021{day}T{t1}\n")
    out["lunch.ics"] = _object([NEW_YORK],
                               _vevent("fb-lunch", ny("0802", "120000", "130000") + "RRULE:FREQ=DAILY;COUNT=10\n"
                                                   "TRANSP:TRANSPARENT\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n") +
                               _vevent("fb-lunch", "RECURRENCE-ID;TZID=America/New_York:20210806T120000\n" +
                                       ny("0806", "120000", "130000") + "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\n") +
                               _vevent("fb-lunch", "RECURRENCE-ID;TZID=America/New_York:20210807T120000\n" +
                                       ny("0807", "123000", "133000") + "STATUS:CONFIRMED\n"))

    # RANGE=THISANDFUTURE: from Aug 18 on, an hour later, two hours long, out of office; Aug 20
    # on its own made free.
    out["shift.ics"] = _object([], _vevent("fb-shift", "DTSTART:20210816T070000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=6\n") +
                               _vevent("fb-shift", "RECURRENCE-ID;RANGE=THISANDFUTURE:20210818T070000Z\n"
                                                   "DTSTART:20210818T080000Z\nDURATION:PT2H\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n") +
                               _vevent("fb-shift", "RECURRENCE-ID:20210820T070000Z\nDTSTART:20210820T080000Z\n"
                                                   "DURATION:PT2H\nTRANSP:TRANSPARENT\n"))

    # Single events: cancelled, tentative, overlapping and adjacent (merged), no duration, and
    # two that cross the month's edges (clipped).
    singles = {
        "cancelled": "DTSTART:20210810T100000Z\nDTEND:20210810T110000Z\nSTATUS:CANCELLED\n",
        "tentative": "DTSTART:20210810T103000Z\nDTEND:20210810T120000Z\nSTATUS:TENTATIVE\n",
        "overlap": "DTSTART:20210810T113000Z\nDTEND:20210810T130000Z\n",
        "adjacent": "DTSTART:20210810T130000Z\nDTEND:20210810T140000Z\n",
        "instant": "DTSTART:20210811T100000Z\n",
        "month-start": "DTSTART:20210731T220000Z\nDTEND:20210801T020000Z\n",
        "month-end": "DTSTART:20210831T230000Z\nDTEND:20210901T010000Z\n",
    }
    for name, lines in singles.items():
        out[f"{name}.ics"] = _object([], _vevent(f"fb-{name}", lines))

    # Across DST: a nominal day (DURATION:P1D, 25 hours here) and an exact 25-hour DTEND-DTSTART
    # repeated over New York's change (RFC 5545 3.3.6, 3.8.5.3).
    out["nominal-day.ics"] = _object([BERLIN], _vevent("fb-nominal-day", "DTSTART;TZID=Europe/Berlin:20211030T120000\n"
                                                                         "DURATION:P1D\n"))
    out["exact-hours.ics"] = _object([NEW_YORK], _vevent("fb-exact-hours",
                                                         "DTSTART;TZID=America/New_York:20211106T200000\n"
                                                         "DTEND;TZID=America/New_York:20211107T210000\n"
                                                         "RRULE:FREQ=DAILY;COUNT=2\n"))

    # An override whose RECURRENCE-ID is no occurrence of its series (Thursday of a Tuesday
    # series): an instance of its own.
    out["orphan.ics"] = _object([], _vevent("fb-orphan", "DTSTART:20210803T150000Z\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;COUNT=3\n") +
                                _vevent("fb-orphan", "RECURRENCE-ID:20210805T150000Z\nDTSTART:20210805T160000Z\nDURATION:PT30M\n"))
    return out
