#!/usr/bin/env node
// icaljs_check: parses calbridge's .ics files with ical.js (Mozilla's parser, used by
// Thunderbird and many web clients), expands every recurring series, and compares what a
// client would show with the facts Outlook stored (`calbridge info FILE --json`).
//
// usage: node icaljs_check.mjs --facts FACTS.json [--root DIR] FILE.ics...
//   --root DIR  the export directory: DIR/Calendar/Holidays.ics is matched with the facts
//               folder "Calendar/Holidays" first, then by UID across all folders.
//
// Per file: its VTIMEZONEs are registered with ICAL.TimezoneService (after a reset, so
// files do not lend each other zones). Per VEVENT master (with its RECURRENCE-ID overrides
// passed to ICAL.Event as exceptions) it checks:
//   - SUMMARY == subject; DATE vs DATE-TIME matches all_day (MS-OXCICAL 2.1.3.1.1.20.8);
//   - DTSTART / DTEND instants == start_whole_utc / end_whole_utc (all-day: the local dates);
//   - recurring (RFC 5545 3.8.5.3, MS-OXOCAL 2.2.1.44.1):
//       RRULE present iff Outlook's item recurs; one RRULE;
//       every occurrence that is not a modified exception starts at the same local
//         hour:minute as the first, in the item's own time zone (so DST is followed), and
//         that time equals StartTimeOffset;
//       end_type "count": RRULE occurrences == OccurrenceCount;
//       end_type "date" (and "count" when end_date is given): the local date of the last
//         RRULE occurrence == EndDate; "never": no COUNT/UNTIL, expands for 2 years;
//       deleted_dates (which in the blob also list the original dates of modified
//         instances, MS-OXOCAL 2.2.1.44.1) are absent and were occurrences of the rule;
//         every other rule occurrence is present;
//       each override's RECURRENCE-ID is an occurrence of the rule and not also an EXDATE,
//         ical.js applies it, and the overrides' local start dates == modified_dates
//         (ModifiedInstanceDates hold the exception's new date, MS-OXOCAL 3.1.4.6);
//   - every facts item is found in some file, and every VEVENT has a facts item.
// Local times are computed from each instant with the platform's IANA database (Intl), an
// implementation independent of the VTIMEZONE in the file; a zone Intl does not know is
// converted with the file's VTIMEZONE instead.
//
// Exit status: 0 no failures, 1 failures, 2 usage error or unreadable facts.
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';

const NEVER_BOUND_MS = 2 * 366 * 24 * 3600 * 1000;  // "never" series: expand two years
const MAX_OCCURRENCES = 20000;                        // guard against runaway expansions
const MAX_SAME_PROBLEM = 3;                           // per event, per kind of problem

const ICALJS_VERSION = JSON.parse(fs.readFileSync(
  new URL('../node_modules/ical.js/package.json', import.meta.url), 'utf8')).version;

// ---------------------------------------------------------------------------------------
// Arguments and facts

function usage(message) {
  if (message) console.error(`icaljs_check: ${message}`);
  console.error('usage: node icaljs_check.mjs --facts FACTS.json [--root DIR] FILE.ics...');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { facts: null, root: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--facts') args.facts = argv[++i];
    else if (argv[i] === '--root') args.root = argv[++i];
    else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
    else args.files.push(argv[i]);
  }
  if (!args.facts) usage('--facts is required');
  if (args.files.length === 0) usage('no .ics files given');
  return args;
}

function loadFacts(file) {
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    usage(`cannot read facts ${file}: ${e.message}`);
  }
  if (!json || !Array.isArray(json.folders)) usage(`facts ${file}: no "folders" array`);
  const folders = new Map();  // path -> Map(uid -> [entry])
  const byUid = new Map();    // uid -> [entry]
  const entries = [];
  for (const folder of json.folders) {
    if (typeof folder.path !== 'string' || !Array.isArray(folder.items)) {
      usage(`facts ${file}: a folder without "path" or "items"`);
    }
    const uids = new Map();
    folders.set(folder.path, uids);
    for (const item of folder.items) {
      for (const key of ['start_whole_utc', 'end_whole_utc']) {
        if (item[key] != null && Number.isNaN(Date.parse(item[key]))) {
          usage(`facts ${file}: ${folder.path} item ${item.uid}: ${key} "${item[key]}" is not a date-time`);
        }
      }
      const entry = { folder: folder.path, item, matched: false };
      entries.push(entry);
      const uid = item.uid ?? '';
      if (!uids.has(uid)) uids.set(uid, []);
      uids.get(uid).push(entry);
      if (!byUid.has(uid)) byUid.set(uid, []);
      byUid.get(uid).push(entry);
    }
  }
  return { folders, byUid, entries };
}

// ---------------------------------------------------------------------------------------
// Time helpers

const formatters = new Map();

function intlFormatter(tzid) {
  if (!formatters.has(tzid)) {
    let f = null;
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tzid, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit',
      });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
    formatters.set(tzid, f);
  }
  return formatters.get(tzid);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

// Local date ("YYYY-MM-DD") and time ("HH:MM") of an instant in zone tzid.
function localParts(ms, tzid) {
  const f = intlFormatter(tzid || 'UTC');
  if (f) {
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, hm: `${p.hour}:${p.minute}` };
  }
  const zone = ICAL.TimezoneService.get(tzid);
  if (!zone) throw new Error(`time zone "${tzid}" is neither an IANA zone nor a VTIMEZONE in the file`);
  const t = ICAL.Time.fromJSDate(new Date(ms), true).convertToZone(zone);
  return { date: `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`, hm: `${pad(t.hour)}:${pad(t.minute)}` };
}

const instantMs = (t) => t.toUnixTime() * 1000;
const dateOnly = (t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
const localDateOf = (t, tzid) => (t.isDate ? dateOnly(t) : localParts(instantMs(t), tzid).date);
// A key that identifies an occurrence: the date for all-day series, the instant otherwise.
const occurrenceKey = (t) => (t.isDate ? dateOnly(t) : String(instantMs(t)));
const isFloating = (t) => !t.isDate && (!t.zone || t.zone.tzid === 'floating');

// RFC 5545 3.3.4 / 3.3.5: ical.js silently rolls over out-of-range fields (hour 25 becomes
// 01:00 the next day), so the raw text it kept in jCal is checked.
const RAW_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?$/;
function rawTimeProblems(component) {
  const problems = [];
  for (const prop of component.getAllProperties()) {
    if (!['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate', 'dtstamp'].includes(prop.name)) continue;
    const type = prop.jCal[2];
    if (type !== 'date' && type !== 'date-time') continue;
    for (const raw of prop.jCal.slice(3)) {
      const m = typeof raw === 'string' ? RAW_TIME.exec(raw) : null;
      const [y, mo, d, h = 0, mi = 0, s = 0] = m ? m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) : [];
      const days = m ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
      if (!m || mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 60) {
        problems.push(`${prop.name.toUpperCase()} value "${raw}" is not a valid ${type.toUpperCase()} (RFC 5545 3.3.4, 3.3.5)`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Checks

class Problems {
  constructor() { this.list = []; this.kinds = new Map(); }
  add(kind, message) {
    const n = (this.kinds.get(kind) ?? 0) + 1;
    this.kinds.set(kind, n);
    if (n <= MAX_SAME_PROBLEM) this.list.push(message);
    else if (n === MAX_SAME_PROBLEM + 1) this.list.push(`(more "${kind}" problems not shown)`);
  }
  get empty() { return this.list.length === 0; }
}

function timeZoneOf(master, fact) {
  if (fact.tzid) return fact.tzid;
  const dtstart = master.getFirstProperty('dtstart');
  const tzid = dtstart?.getParameter('tzid');
  if (tzid) return tzid;
  return 'UTC';
}

function checkStartEnd(ev, fact, tz, problems) {
  const start = ev.startDate;
  const end = ev.endDate;
  if (!start) { problems.add('dtstart', 'no DTSTART'); return; }
  const tzidParam = ev.component.getFirstProperty('dtstart').getParameter('tzid');
  if (isFloating(start)) {
    problems.add('zone', tzidParam
      ? `DTSTART TZID=${tzidParam} does not resolve to a VTIMEZONE in the file (RFC 5545 3.2.19)`
      : 'DTSTART is floating (no TZID and not UTC) but Outlook stored an instant');
  }
  if (fact.all_day) {
    if (!start.isDate) problems.add('allday', `all-day item but DTSTART is a DATE-TIME (${start}), expected VALUE=DATE`);
    if (end && !end.isDate) problems.add('allday', `all-day item but DTEND is a DATE-TIME (${end}), expected VALUE=DATE`);
    const wantStart = localParts(Date.parse(fact.start_whole_utc), tz).date;
    const wantEnd = localParts(Date.parse(fact.end_whole_utc), tz).date;
    if (localDateOf(start, tz) !== wantStart) {
      problems.add('start', `DTSTART date ${localDateOf(start, tz)} != ${wantStart} (start_whole_utc ${fact.start_whole_utc} in ${tz})`);
    }
    if (end && localDateOf(end, tz) !== wantEnd) {
      problems.add('end', `DTEND date ${localDateOf(end, tz)} != ${wantEnd} (end_whole_utc ${fact.end_whole_utc} in ${tz})`);
    }
    return;
  }
  if (start.isDate) problems.add('allday', `timed item but DTSTART is a DATE (${start})`);
  const wantStart = Date.parse(fact.start_whole_utc);
  const wantEnd = Date.parse(fact.end_whole_utc);
  if (instantMs(start) !== wantStart) {
    problems.add('start', `DTSTART ${start} ${tzidParam ?? ''} is ${new Date(instantMs(start)).toISOString()}, start_whole_utc is ${fact.start_whole_utc}`);
  }
  if (end && instantMs(end) !== wantEnd) {
    problems.add('end', `DTEND ${end} is ${new Date(instantMs(end)).toISOString()}, end_whole_utc is ${fact.end_whole_utc}`);
  }
}

// Occurrences of the RRULE alone (no EXDATE, no overrides), up to boundMs for open series.
function expandRule(rule, dtstart, boundMs, problems) {
  const raw = [];
  const it = rule.iterator(dtstart);
  for (let t = it.next(); t; t = it.next()) {
    if (boundMs !== null && instantMs(t) > boundMs) break;
    raw.push(t.clone());
    if (raw.length > MAX_OCCURRENCES) {
      problems.add('expand', `RRULE expands to more than ${MAX_OCCURRENCES} occurrences`);
      break;
    }
  }
  return raw;
}

// What a client shows: RRULE minus EXDATE, with overrides applied.
function expandEvent(ev, boundMs, problems) {
  const shown = [];
  const it = ev.iterator();
  for (let t = it.next(); t; t = it.next()) {
    if (boundMs !== null && instantMs(t) > boundMs) break;
    const details = ev.getOccurrenceDetails(t);
    shown.push({ rid: t.clone(), start: details.startDate, exception: details.item !== ev });
    if (shown.length > MAX_OCCURRENCES) {
      problems.add('expand', `series expands to more than ${MAX_OCCURRENCES} occurrences`);
      break;
    }
  }
  return shown;
}

function checkRecurrence(ev, overrides, fact, tz, problems, info) {
  const master = ev.component;
  const rec = fact.recurrence;
  const rrules = master.getAllProperties('rrule');
  if (!rec) {
    if (rrules.length || master.hasProperty('rdate')) problems.add('rrule', 'has RRULE/RDATE but the Outlook item does not recur');
    if (overrides.length) problems.add('rrule', `${overrides.length} RECURRENCE-ID overrides of a non-recurring item`);
    return false;
  }
  if (rrules.length === 0) { problems.add('rrule', 'the Outlook item recurs but the VEVENT has no RRULE'); return false; }
  if (rrules.length > 1) problems.add('rrule', `${rrules.length} RRULEs (RFC 5545 3.8.5.3: SHOULD NOT occur more than once)`);
  if (master.hasProperty('rdate')) problems.add('rrule', 'RDATE present: an Outlook pattern is one RRULE plus EXDATEs and overrides');
  const rule = rrules[0].getFirstValue();
  const dtstart = ev.startDate;
  const endType = rec.end_type;

  if (endType === 'never' && (rule.count || rule.until)) {
    problems.add('end', `end_type "never" but RRULE has ${rule.count ? `COUNT=${rule.count}` : `UNTIL=${rule.until}`}`);
  }
  if (endType === 'count' && rule.count !== rec.occurrence_count) {
    problems.add('count', `RRULE COUNT=${rule.count ?? '(none)'}, OccurrenceCount is ${rec.occurrence_count}`);
  }
  if (endType === 'date' && !rule.until) problems.add('end', 'end_type "date" but RRULE has no UNTIL');

  // Expansion bound: finite rules run to their end; open ones for two years, stretched to
  // cover every deleted or modified date Outlook lists.
  let boundMs = null;
  if (!rule.count && !rule.until) {
    boundMs = instantMs(dtstart) + NEVER_BOUND_MS;
    for (const d of [...(rec.deleted_dates ?? []), ...(rec.modified_dates ?? [])]) {
      boundMs = Math.max(boundMs, Date.parse(`${d}T00:00:00Z`) + 2 * 86400000);
    }
  }

  const raw = expandRule(rule, dtstart, boundMs, problems);
  if (raw.length === 0) { problems.add('expand', 'RRULE yields no occurrence'); return true; }
  if (raw[0].compare(dtstart) !== 0) problems.add('start', `first RRULE occurrence ${raw[0]} != DTSTART ${dtstart}`);
  const last = raw[raw.length - 1];

  if (endType === 'count' && raw.length !== rec.occurrence_count) {
    problems.add('count', `RRULE yields ${raw.length} occurrences, OccurrenceCount is ${rec.occurrence_count}`);
  }
  if ((endType === 'date' || endType === 'count') && rec.end_date) {
    const lastDate = localDateOf(last, tz);
    if (lastDate !== rec.end_date) {
      problems.add('end', `last occurrence is on ${lastDate} (${last}), EndDate is ${rec.end_date}`);
    }
  }

  const first = dtstart.isDate ? null : localParts(instantMs(dtstart), tz).hm;
  if (first && rec.start_time_offset_minutes != null && !fact.all_day) {
    const [h, m] = first.split(':').map(Number);
    if (h * 60 + m !== rec.start_time_offset_minutes) {
      problems.add('offset', `first occurrence starts at ${first} in ${tz}, StartTimeOffset is ${rec.start_time_offset_minutes} min`);
    }
  }

  const shown = expandEvent(ev, boundMs, problems);
  for (const occ of shown) {
    if (occ.exception) continue;
    if (occ.start.isDate !== dtstart.isDate) {
      problems.add('type', `occurrence ${occ.rid} has a different value type from DTSTART`);
    } else if (first) {
      const hm = localParts(instantMs(occ.start), tz).hm;
      if (hm !== first) {
        problems.add('local-time', `occurrence ${occ.rid} (${new Date(instantMs(occ.start)).toISOString()}) starts at ${hm} in ${tz}, the first at ${first}: local time not kept across DST`);
      }
    }
  }

  // Overrides (modified instances).
  const rawKeys = new Set(raw.map(occurrenceKey));
  const exdateKeys = new Set();
  for (const p of master.getAllProperties('exdate')) for (const v of p.getValues()) exdateKeys.add(occurrenceKey(v));
  const overrideOriginalDates = [];
  const overrideNewDates = [];
  for (const o of overrides) {
    const oev = new ICAL.Event(o);
    const rid = oev.recurrenceId;
    overrideOriginalDates.push(localDateOf(rid, tz));
    overrideNewDates.push(localDateOf(oev.startDate, tz));
    if (!rawKeys.has(occurrenceKey(rid)) && (boundMs === null || instantMs(rid) <= boundMs)) {
      problems.add('override', `RECURRENCE-ID ${rid} is not an occurrence of the RRULE (RFC 5545 3.8.4.4)`);
    }
    if (exdateKeys.has(occurrenceKey(rid))) {
      problems.add('override', `RECURRENCE-ID ${rid} is also an EXDATE: the modified instance would be hidden`);
    }
  }
  const appliedKeys = new Set(shown.filter((o) => o.exception).map((o) => occurrenceKey(o.rid)));
  for (const o of overrides) {
    const rid = new ICAL.Event(o).recurrenceId;
    if (rawKeys.has(occurrenceKey(rid)) && !appliedKeys.has(occurrenceKey(rid)) && !exdateKeys.has(occurrenceKey(rid))) {
      problems.add('override', `ical.js did not apply the override for ${rid} (RECURRENCE-ID does not match the occurrence's time or zone)`);
    }
  }
  const modified = rec.modified_dates ?? [];
  const sortedUnique = (a) => [...new Set(a)].sort();
  if (overrides.length !== modified.length
      || JSON.stringify(sortedUnique(overrideNewDates)) !== JSON.stringify(sortedUnique(modified))) {
    problems.add('modified', `overrides start on [${overrideNewDates.sort().join(', ')}], ModifiedInstanceDates are [${[...modified].sort().join(', ')}]`);
  }

  // Deleted instances: the blob lists modified instances' original dates too.
  const deleted = (rec.deleted_dates ?? []).filter((d) => !overrideOriginalDates.includes(d));
  const rawDates = new Set(raw.map((t) => localDateOf(t, tz)));
  const shownDates = new Set(shown.map((o) => localDateOf(o.rid, tz)));
  for (const d of deleted) {
    if (!rawDates.has(d)) problems.add('deleted', `deleted date ${d} is not an occurrence of the RRULE`);
    else if (shownDates.has(d)) problems.add('deleted', `deleted date ${d} still occurs (EXDATE missing or does not match the occurrence time)`);
  }
  const deletedSet = new Set(deleted);
  const shownKeys = new Set(shown.map((o) => occurrenceKey(o.rid)));
  for (const t of raw) {
    if (!deletedSet.has(localDateOf(t, tz)) && !shownKeys.has(occurrenceKey(t))) {
      problems.add('missing', `occurrence ${t} is hidden but Outlook did not delete it (stray EXDATE?)`);
    }
  }

  info.push(`recurring end=${endType} rule=${raw.length}${boundMs !== null ? ' (2y bound)' : ''} shown=${shown.length}`
    + ` deleted=${deleted.length} modified=${overrides.length} local=${first ?? 'all-day'} ${tz}`);
  return true;
}

// ---------------------------------------------------------------------------------------
// Files

class Run {
  constructor(facts, root) {
    this.facts = facts;
    this.root = root;
    this.files = 0;
    this.events = 0;
    this.recurring = 0;
    this.failures = 0;
  }

  fail(where, message) {
    this.failures++;
    console.log(`FAIL ${where}: ${message}`);
  }

  folderOf(file) {
    if (!this.root) return null;
    const rel = path.relative(this.root, file).split(path.sep).join('/');
    return rel.replace(/\.ics$/i, '');
  }

  findFact(folder, uid, start) {
    const inFolder = folder !== null ? this.facts.folders.get(folder)?.get(uid) : undefined;
    const candidates = inFolder ?? this.facts.byUid.get(uid) ?? [];
    const unmatched = candidates.filter((e) => !e.matched);
    const pool = unmatched.length ? unmatched : candidates;
    const sameStart = pool.find((e) => start !== null && Date.parse(e.item.start_whole_utc) === start);
    const entry = sameStart ?? pool[0];
    if (entry) entry.matched = true;
    return entry?.item ?? null;
  }

  checkFile(file) {
    this.files++;
    const name = this.root ? path.relative(this.root, file) : file;
    let cal;
    try {
      const jcal = ICAL.parse(fs.readFileSync(file, 'utf8'));
      if (Array.isArray(jcal[0])) {  // ICAL.parse returns a list when there are several
        this.fail(name, `${jcal.length} top-level components; a calbridge .ics holds exactly one VCALENDAR (RFC 5545 3.4)`);
        return;
      }
      cal = new ICAL.Component(jcal);
    } catch (e) {
      this.fail(name, `ical.js cannot parse it: ${e.name}: ${e.message}`);
      return;
    }
    if (cal.name !== 'vcalendar') { this.fail(name, `top level is ${cal.name}, not VCALENDAR`); return; }

    ICAL.TimezoneService.reset();
    for (const vtz of cal.getAllSubcomponents('vtimezone')) {
      try {
        ICAL.TimezoneService.register(vtz);
      } catch (e) {
        this.fail(name, `VTIMEZONE ${vtz.getFirstPropertyValue('tzid')}: ical.js rejects it: ${e.message}`);
      }
    }

    const folder = this.folderOf(file);
    if (folder !== null && !this.facts.folders.has(folder)) {
      console.log(`note ${name}: no facts folder "${folder}"; matching its events by UID in all folders`);
    }

    const vevents = cal.getAllSubcomponents('vevent');
    this.events += vevents.length;
    const masters = [];
    const overridesByUid = new Map();
    for (const v of vevents) {
      const uid = v.getFirstPropertyValue('uid') ?? '';
      if (v.hasProperty('recurrence-id')) {
        if (!overridesByUid.has(uid)) overridesByUid.set(uid, []);
        overridesByUid.get(uid).push(v);
      } else {
        masters.push(v);
      }
    }
    const masterUids = new Set(masters.map((m) => m.getFirstPropertyValue('uid') ?? ''));
    for (const [uid, list] of overridesByUid) {
      if (!masterUids.has(uid)) this.fail(`${name} ${uid}`, `${list.length} RECURRENCE-ID override(s) without a master VEVENT in the file`);
    }
    for (const master of masters) this.checkMaster(name, folder, master, overridesByUid.get(master.getFirstPropertyValue('uid') ?? '') ?? []);
  }

  checkMaster(name, folder, master, overrides) {
    const uid = master.getFirstPropertyValue('uid');
    const summary = master.getFirstPropertyValue('summary') ?? '';
    const where = `${name} ${uid ?? '(no UID)'} "${summary}"`;
    const problems = new Problems();
    const info = [];
    for (const c of [master, ...overrides]) for (const p of rawTimeProblems(c)) problems.add('raw', p);
    if (!uid) problems.add('uid', 'VEVENT has no UID (RFC 5545 3.6.1)');

    let start = null;
    try { start = instantMs(master.getFirstPropertyValue('dtstart')); } catch { /* reported below */ }
    const fact = this.findFact(folder, uid ?? '', start);
    if (!master.hasProperty('dtstart')) {
      problems.add('dtstart', 'VEVENT has no DTSTART (RFC 5545 3.6.1)');
    } else if (!fact) {
      problems.add('facts', `no Outlook item with UID ${uid ?? '(none)'} in the facts${folder !== null ? ` (folder "${folder}" or any other)` : ''}`);
    } else {
      try {
        const ev = new ICAL.Event(master, { exceptions: overrides, strictExceptions: true });
        const tz = timeZoneOf(master, fact);
        if ((fact.subject ?? '') !== summary) problems.add('subject', `SUMMARY "${summary}" != subject "${fact.subject ?? ''}"`);
        checkStartEnd(ev, fact, tz, problems);
        if (checkRecurrence(ev, overrides, fact, tz, problems, info)) this.recurring++;
        if (!fact.recurrence) info.push(`single ${fact.all_day ? 'all-day' : 'timed'} ${tz}`);
      } catch (e) {
        problems.add('error', `ical.js error: ${e.message}`);
      }
    }
    if (problems.empty) {
      console.log(`ok   ${where}: ${info.join('; ')}`);
    } else {
      for (const p of problems.list) this.fail(where, p);
    }
  }

  checkAllFactsMatched() {
    for (const e of this.facts.entries) {
      if (!e.matched) {
        this.fail(`facts ${e.folder}`, `item ${e.item.uid} "${e.item.subject ?? ''}" has no VEVENT in the exported files`);
      }
    }
  }
}

const args = parseArgs(process.argv.slice(2));
const run = new Run(loadFacts(args.facts), args.root);
console.log(`info ical.js ${ICALJS_VERSION}, facts ${args.facts}`);
for (const file of args.files) run.checkFile(file);
run.checkAllFactsMatched();
console.log(`ical.js: ${run.files} files, ${run.events} events, ${run.recurring} recurring checked, ${run.failures} failures`);
process.exit(run.failures === 0 ? 0 : 1);
