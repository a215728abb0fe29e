#!/usr/bin/env node
// icaljs_busy: the busy periods of calendars, derived with ical.js (Mozilla's iCalendar library)
// independently of calbridge, for comparison with calbridge's CALDAV:free-busy-query REPORT
// (RFC 4791 7.10) and its aggregated /freebusy/<user>.vfb (freebusy_vs_icaljs.py).
//
// usage: node icaljs_busy.mjs MANIFEST.json > BUSY.json
//   MANIFEST: {"windows": [{"name": "2021-08", "start": "20210801T000000Z", "end": "..."}],
//              "calendars": [{"name": "...", "ics": "FILE.ics", "timezone": "ZONE.ics" | null}]}
//   "timezone" holds the calendar's CALDAV:calendar-timezone (a VCALENDAR with one VTIMEZONE):
//   floating DATE-TIMEs and DATEs are read in it (RFC 4791 7.10), else as UTC.
//
// Per calendar file: its VTIMEZONEs are registered with ICAL.TimezoneService; VEVENTs are
// grouped by UID into a master and its RECURRENCE-ID overrides, given to ICAL.Event as
// exceptions. ical.js does the expansion (RRULE, RDATE, EXDATE: Event.iterator()), relates each
// occurrence to its override (Event.getOccurrenceDetails: direct overrides, and the start shift
// of RANGE=THISANDFUTURE ones), and converts zoned times to UTC. This script adds the rules
// RFC 5545 states and ical.js 2.2.1 does not apply itself:
//   - end of an occurrence: "the same exact duration" DTEND - DTSTART of the master (RFC 5545
//     3.8.5.3; ical.js turns it into a Duration of days and adds those as nominal days, an hour
//     off across a DST change), DURATION with nominal days/weeks and exact hours/minutes/seconds
//     (3.3.6), a DATE without DTEND/DURATION lasts one day (3.6.1);
//   - an override whose RECURRENCE-ID is no occurrence of the series (ical.js never visits it) is
//     an instance of its own, as calbridge documents it (caldav/calendar/instance_iterator.h)
//     and sabre/vobject does; counted as "orphans";
//   - an instance is busy unless TRANSP:TRANSPARENT, STATUS:CANCELLED or
//     X-MICROSOFT-CDO-BUSYSTATUS:FREE; FBTYPE BUSY-UNAVAILABLE for busy status OOF,
//     BUSY-TENTATIVE for TENTATIVE or STATUS:TENTATIVE, else BUSY (RFC 4791 7.10, MS-OXCICAL
//     2.1.3.1.1.20.33), judged on the component ical.js names for the occurrence (the override,
//     the THISANDFUTURE override, or the master);
//   - periods are clipped to the window and merged per FBTYPE (overlapping or adjacent).
// Prints JSON: per window, per calendar its periods and counts, and the merge over all.
import fs from 'node:fs';
import ICAL from 'ical.js';

const MAX_STEPS = 200000;   // occurrences examined per series
const DAY = 86400;

function usage(message) {
  if (message) console.error(`icaljs_busy: ${message}`);
  console.error('usage: node icaljs_busy.mjs MANIFEST.json');
  process.exit(2);
}

function parseUtc(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) usage(`not a UTC date-time: ${text}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
}

export function formatUtc(seconds) {
  return new Date(seconds * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function isFloating(t) {
  return t.isDate || !t.zone || t.zone === ICAL.Timezone.localTimezone || t.zone.tzid === 'floating';
}

// UTC seconds of a time; floating values and dates in the calendar's zone (or UTC).
function unixOf(t, floatingZone) {
  if (!isFloating(t)) return t.toUnixTime();
  const local = new ICAL.Time({
    year: t.year, month: t.month, day: t.day,
    hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second,
    isDate: false,
  }, floatingZone ?? ICAL.Timezone.utcTimezone);
  return local.toUnixTime();
}

// t + n nominal days (the same local time n days later, RFC 5545 3.3.6), as UTC seconds.
function plusDays(t, days, floatingZone) {
  const moved = t.clone();
  moved.adjust(days, 0, 0, 0);
  return unixOf(moved, floatingZone);
}

function durationEnd(start, duration, floatingZone) {
  const sign = duration.isNegative ? -1 : 1;
  const days = sign * (duration.weeks * 7 + duration.days);
  const exact = sign * (duration.hours * 3600 + duration.minutes * 60 + duration.seconds);
  return (days ? plusDays(start, days, floatingZone) : unixOf(start, floatingZone)) + exact;
}

function dayDiff(a, b) {
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / 86400000);
}

// End of an instance starting at `start` whose length comes from component `c` (its own
// DTEND/DURATION); `exactFrom` set: DTEND - DTSTART of c applied as an exact length (a series
// occurrence), else c's own DTEND is the end (an override).
function instanceEnd(c, start, floatingZone, exactFrom) {
  const dtstart = c.getFirstPropertyValue('dtstart');
  const dtend = c.getFirstPropertyValue('dtend');
  const duration = c.getFirstPropertyValue('duration');
  const startUnix = unixOf(start, floatingZone);
  if (dtend) {
    if (!exactFrom) return unixOf(dtend, floatingZone);
    if (dtstart.isDate && dtend.isDate) return plusDays(start, dayDiff(dtend, dtstart), floatingZone);
    return startUnix + (unixOf(dtend, floatingZone) - unixOf(dtstart, floatingZone));
  }
  if (duration) return durationEnd(start, duration, floatingZone);
  if (start.isDate) return plusDays(start, 1, floatingZone);
  return startUnix;
}

function busyType(c) {
  const transp = String(c.getFirstPropertyValue('transp') ?? '').toUpperCase();
  if (transp === 'TRANSPARENT') return null;
  const status = String(c.getFirstPropertyValue('status') ?? '').toUpperCase();
  if (status === 'CANCELLED') return null;
  const ms = String(c.getFirstPropertyValue('x-microsoft-cdo-busystatus') ?? '').toUpperCase();
  if (ms === 'FREE') return null;
  if (ms === 'OOF') return 'BUSY-UNAVAILABLE';
  if (ms === 'TENTATIVE' || status === 'TENTATIVE') return 'BUSY-TENTATIVE';
  return 'BUSY';
}

export function mergePeriods(periods) {
  const order = { 'BUSY': 0, 'BUSY-TENTATIVE': 1, 'BUSY-UNAVAILABLE': 2 };
  const sorted = [...periods].sort((a, b) => order[a.type] - order[b.type] || a.start - b.start || a.end - b.end);
  const out = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.type === p.type && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

// Every instance of one master and its overrides: {start, end, component, kind}.
function expandSeries(master, overrides, floatingZone, stopAt, counts) {
  const event = new ICAL.Event(master, { exceptions: overrides, strictExceptions: false });
  const instances = [];
  if (!event.isRecurring()) {
    const start = event.startDate;
    instances.push({ start: unixOf(start, floatingZone), end: instanceEnd(master, start, floatingZone, false), component: master, kind: 'single' });
    // Overrides of a master that does not recur: each its own instance (orphans).
    for (const o of overrides) {
      const s = new ICAL.Event(o).startDate;
      instances.push({ start: unixOf(s, floatingZone), end: instanceEnd(o, s, floatingZone, false), component: o, kind: 'orphan' });
      counts.orphans++;
    }
    return instances;
  }
  const used = new Set();
  const iterator = event.iterator();
  let steps = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (++steps > MAX_STEPS) throw new Error(`${master.getFirstPropertyValue('uid')}: more than ${MAX_STEPS} occurrences`);
    if (unixOf(next, floatingZone) > stopAt) break;
    const details = event.getOccurrenceDetails(next);
    const item = details.item;
    if (item === event) {
      instances.push({ start: unixOf(next, floatingZone), end: instanceEnd(master, next, floatingZone, true), component: master, kind: 'occurrence' });
    } else if (item.modifiesFuture() && item.recurrenceId.compare(next) !== 0 &&
               item.recurrenceId.convertToZone(ICAL.Timezone.utcTimezone).compare(next.convertToZone(ICAL.Timezone.utcTimezone)) !== 0) {
      // After a RANGE=THISANDFUTURE override: ical.js's shifted start, the override's length.
      instances.push({ start: unixOf(details.startDate, floatingZone), end: instanceEnd(item.component, details.startDate, floatingZone, true), component: item.component, kind: 'this-and-future' });
    } else {
      used.add(item.component);
      instances.push({ start: unixOf(details.startDate, floatingZone), end: instanceEnd(item.component, details.startDate, floatingZone, false), component: item.component, kind: 'override' });
    }
  }
  for (const o of overrides) {
    if (used.has(o)) continue;
    const s = new ICAL.Event(o).startDate;
    instances.push({ start: unixOf(s, floatingZone), end: instanceEnd(o, s, floatingZone, false), component: o, kind: 'orphan' });
    counts.orphans++;
  }
  return instances;
}

function loadZone(file) {
  if (!file) return null;
  const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')));
  const vtz = cal.name === 'vtimezone' ? cal : cal.getFirstSubcomponent('vtimezone');
  if (!vtz) throw new Error(`${file}: no VTIMEZONE`);
  return new ICAL.Timezone(vtz);
}

function calendarBusy(calendar, windows) {
  const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(calendar.ics, 'utf8')));
  ICAL.TimezoneService.reset();
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const floatingZone = loadZone(calendar.timezone);
  const vevents = cal.getAllSubcomponents('vevent');
  const counts = { events: vevents.length, masters: 0, overrides: 0, orphans: 0, vfreebusy: cal.getAllSubcomponents('vfreebusy').length };
  const masters = [];
  const overridesByUid = new Map();
  for (const v of vevents) {
    const uid = v.getFirstPropertyValue('uid') ?? '';
    if (v.hasProperty('recurrence-id')) {
      counts.overrides++;
      if (!overridesByUid.has(uid)) overridesByUid.set(uid, []);
      overridesByUid.get(uid).push(v);
    } else {
      masters.push(v);
    }
  }
  counts.masters = masters.length;
  const lastEnd = Math.max(...windows.map((w) => w.end));
  const instances = [];
  for (const master of masters) {
    const overrides = overridesByUid.get(master.getFirstPropertyValue('uid') ?? '') ?? [];
    overridesByUid.delete(master.getFirstPropertyValue('uid') ?? '');
    // Expand to past the last window and past every RECURRENCE-ID (an override may move an
    // instance from far away into a window), with slack for shifted instances.
    let stopAt = lastEnd + 40 * DAY;
    for (const o of overrides) stopAt = Math.max(stopAt, unixOf(o.getFirstPropertyValue('recurrence-id'), floatingZone) + 2 * DAY);
    instances.push(...expandSeries(master, overrides, floatingZone, stopAt, counts));
  }
  for (const list of overridesByUid.values()) {   // overrides without any master
    for (const o of list) {
      const s = new ICAL.Event(o).startDate;
      instances.push({ start: unixOf(s, floatingZone), end: instanceEnd(o, s, floatingZone, false), component: o, kind: 'orphan' });
      counts.orphans++;
    }
  }
  const result = {};
  for (const w of windows) {
    const inWindow = instances.filter((i) => i.start < w.end && i.end > w.start);
    const periods = [];
    const kinds = {};
    for (const i of inWindow) {
      kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
      const type = busyType(i.component);
      if (!type) continue;
      const start = Math.max(i.start, w.start);
      const end = Math.min(i.end, w.end);
      if (end > start) periods.push({ type, start, end });
    }
    result[w.name] = {
      instances: inWindow.length,
      busy_instances: periods.length,
      kinds,
      merged: mergePeriods(periods),
    };
  }
  return { counts, windows: result };
}

function main() {
  const [manifestFile] = process.argv.slice(2);
  if (!manifestFile) usage('no manifest');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const windows = manifest.windows.map((w) => ({ name: w.name, start: parseUtc(w.start), end: parseUtc(w.end) }));
  const out = { icaljs: JSON.parse(fs.readFileSync(new URL('../node_modules/ical.js/package.json', import.meta.url), 'utf8')).version, calendars: {}, aggregate: {} };
  const all = {};
  for (const calendar of manifest.calendars) {
    const busy = calendarBusy(calendar, windows);
    out.calendars[calendar.name] = { counts: busy.counts, windows: {} };
    for (const w of windows) {
      const r = busy.windows[w.name];
      out.calendars[calendar.name].windows[w.name] = {
        instances: r.instances, busy_instances: r.busy_instances, kinds: r.kinds,
        periods: r.merged.map((p) => `${p.type} ${formatUtc(p.start)}/${formatUtc(p.end)}`),
      };
      (all[w.name] ??= []).push(...r.merged);
    }
  }
  for (const w of windows)
    out.aggregate[w.name] = mergePeriods(all[w.name] ?? []).map((p) => `${p.type} ${formatUtc(p.start)}/${formatUtc(p.end)}`);
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main();
