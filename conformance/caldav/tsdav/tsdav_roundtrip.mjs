// tsdav (npm, pinned in conformance/package.json) round trip against a CalDAV server.
//
// Reads CALDAV_URL, CALDAV_USER, CALDAV_PASSWORD and optional CALDAV_CALENDAR from the
// environment (lib/options.sh). Each step is a named check printed as `ok NAME` or
// `FAIL NAME: why`; ends with `tsdav: N passed, M failed` and exits 1 on any failure.
//
// createDAVClient (Basic auth; tsdav's own discovery: /.well-known/caldav,
// current-user-principal, calendar-home-set), makeCalendar (RFC 4791 5.3.1) unless a calendar
// is given, fetchCalendars, createCalendarObject, fetchCalendarObjects (calendar-query,
// with and without time-range, and multiget), updateCalendarObject (If-Match),
// deleteCalendarObject, isCollectionDirty (getctag), syncCollection (RFC 6578) initial and
// after changes, smartCollectionSyncDetailed.
import { createDAVClient } from 'tsdav';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.log(`tsdav: FAIL: ${name} is not set`); process.exit(2); }
  return v;
};
const run = Math.random().toString(16).slice(2, 10);
let passed = 0;
const failed = [];

function check(name, cond, detail = '') {
  if (cond) { passed++; console.log(`ok ${name}`); } else { failed.push(name); console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`); }
  return Boolean(cond);
}
async function step(name, fn) {
  try { const r = await fn(); passed++; console.log(`ok ${name}`); return r; } catch (e) {
    failed.push(name); console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`); return undefined;
  }
}
const pathOf = (u) => decodeURIComponent(new URL(u, env('CALDAV_URL')).pathname);
const ics = (uid, summary, day) => [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calbridge//conformance tsdav//EN', 'BEGIN:VEVENT',
  `UID:${uid}`, 'DTSTAMP:20250101T000000Z', `DTSTART:202508${String(day).padStart(2, '0')}T100000Z`,
  `DTEND:202508${String(day).padStart(2, '0')}T110000Z`, `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const responseOk = async (name, promise, statuses) => {
  const r = await step(name, () => promise);
  if (r) check(`${name}: status ${statuses.join('/')}`, statuses.includes(r.status), `got ${r.status} ${r.statusText}`);
  return r;
};

async function main() {
  const client = await step('createDAVClient with Basic auth (discovery)', () => createDAVClient({
    serverUrl: env('CALDAV_URL'),
    credentials: { username: env('CALDAV_USER'), password: env('CALDAV_PASSWORD') },
    authMethod: 'Basic',
    defaultAccountType: 'caldav',
  }));
  if (!client) return;
  // The client keeps its discovered account private; createAccount runs the same discovery
  // (serviceDiscovery → fetchPrincipalUrl → fetchHomeUrl) and returns it.
  const account = await step('createAccount (principal and home discovery)', () => client.createAccount({
    account: { serverUrl: env('CALDAV_URL'), accountType: 'caldav' } }));
  if (!account) return;
  check('account has principalUrl and homeUrl', account && account.principalUrl && account.homeUrl, JSON.stringify({ principalUrl: account?.principalUrl, homeUrl: account?.homeUrl }));
  console.log(`info principal ${account?.principalUrl} home ${account?.homeUrl}`);

  let calendarUrl = process.env.CALDAV_CALENDAR ? new URL(process.env.CALDAV_CALENDAR, env('CALDAV_URL')).href : '';
  let created = false;
  if (!calendarUrl) {
    calendarUrl = new URL(`tsdav-${run}/`, account.homeUrl).href;
    const res = await step('makeCalendar', () => client.makeCalendar({
      url: calendarUrl, props: { 'd:displayname': `tsdav conformance ${run}` } }));
    created = check('makeCalendar answered 201', res && res[0] && res[0].status === 201, JSON.stringify(res && res[0] && { status: res[0].status }));
    if (!created) return;
  }
  console.log(`info calendar ${calendarUrl}`);
  try {
    await objects(client, calendarUrl);
  } finally {
    if (created) {
      const del = await step('delete the test calendar', () => client.deleteObject({ url: calendarUrl }));
      if (del) check('calendar DELETE answered 2xx', del.ok, `${del.status}`);
    }
  }
}

async function findCalendar(client, calendarUrl) {
  const calendars = await step('fetchCalendars', () => client.fetchCalendars());
  if (!calendars) return undefined;
  console.log(`info ${calendars.length} calendar(s): ${calendars.map((c) => c.url).join(', ')}`);
  const cal = calendars.find((c) => pathOf(c.url) === pathOf(calendarUrl));
  check('fetchCalendars lists the test calendar', cal, calendars.map((c) => c.url).join(', '));
  return cal;
}

async function objects(client, calendarUrl) {
  let cal = await findCalendar(client, calendarUrl);
  if (!cal) return;
  check('calendar has a displayName', typeof cal.displayName === 'string' && cal.displayName.length > 0, JSON.stringify(cal.displayName));
  check('calendar components include VEVENT', (cal.components || []).includes('VEVENT'), JSON.stringify(cal.components));
  check('calendar has a sync-token (RFC 6578 4)', typeof cal.syncToken === 'string' && cal.syncToken.length > 0, JSON.stringify(cal.syncToken));
  check('calendar has a getctag', cal.ctag !== undefined && cal.ctag !== null && String(cal.ctag).length > 0, JSON.stringify(cal.ctag));
  check('calendar reports include syncCollection (supported-report-set)', (cal.reports || []).includes('syncCollection'), JSON.stringify(cal.reports));

  const a = `tsdav-a-${run}`, b = `tsdav-b-${run}`, c = `tsdav-c-${run}`;
  await responseOk('createCalendarObject A', client.createCalendarObject({ calendar: cal, filename: `${a}.ics`, iCalString: ics(a, 'A', 4) }), [201]);
  await responseOk('createCalendarObject B', client.createCalendarObject({ calendar: cal, filename: `${b}.ics`, iCalString: ics(b, 'B', 5) }), [201]);
  const dup = await step('createCalendarObject A again (If-None-Match: *)', () => client.createCalendarObject({ calendar: cal, filename: `${a}.ics`, iCalString: ics(a, 'A dup', 4) }));
  if (dup) check('re-creating A is refused with 412 (RFC 7232 3.2)', dup.status === 412, `got ${dup.status}`);

  const all = await step('fetchCalendarObjects (all)', () => client.fetchCalendarObjects({ calendar: cal }));
  const byPath = new Map((all || []).map((o) => [pathOf(o.url), o]));
  const objA = [...byPath.values()].find((o) => String(o.data || '').includes(`UID:${a}`));
  check('fetchCalendarObjects returns A with its data', objA, [...byPath.keys()].join(', '));
  check('fetchCalendarObjects returns B', [...byPath.values()].some((o) => String(o.data || '').includes(`UID:${b}`)));
  check('A has an etag', objA && objA.etag, JSON.stringify(objA && objA.etag));

  const inRange = await step('fetchCalendarObjects with timeRange (A only)', () => client.fetchCalendarObjects({
    calendar: cal, timeRange: { start: '2025-08-04T09:00:00Z', end: '2025-08-04T12:00:00Z' } }));
  if (inRange) {
    const uids = inRange.map((o) => (String(o.data || '').match(/^UID:(.*?)\r?$/m) || [])[1]).filter((u) => u === a || u === b);
    check('timeRange on A\'s day returns A and not B', uids.length === 1 && uids[0] === a, JSON.stringify(uids));
  }
  if (objA) {
    const mg = await step('fetchCalendarObjects with objectUrls (calendar-multiget)', () => client.fetchCalendarObjects({ calendar: cal, objectUrls: [objA.url] }));
    if (mg) check('multiget returns exactly A', mg.length === 1 && String(mg[0].data).includes(`UID:${a}`), JSON.stringify(mg.map((o) => o.url)));
  }

  // syncCollection initial (no token): every object and a new token.
  const initial = await step('syncCollection initial (no sync-token)', () => client.syncCollection({ url: cal.url, props: { 'd:getetag': {} }, syncLevel: 1 }));
  const token1 = initial && initial[0] && initial[0].raw && initial[0].raw.multistatus && initial[0].raw.multistatus.syncToken;
  check('initial syncCollection returned a sync-token', typeof token1 === 'string' && token1.length > 0, JSON.stringify(token1));
  const initialPaths = (initial || []).filter((r) => r.href).map((r) => pathOf(r.href));
  check('initial syncCollection lists A and B', objA && initialPaths.includes(pathOf(objA.url)) && initialPaths.some((p) => p.endsWith(`${b}.ics`)), JSON.stringify(initialPaths));

  // Changes: update A, create C, delete B.
  if (objA) {
    const upd = await responseOk('updateCalendarObject A (If-Match)', client.updateCalendarObject({
      calendarObject: { url: objA.url, data: ics(a, 'A updated', 4), etag: objA.etag } }), [200, 204]);
    const stale = await step('updateCalendarObject A with the old etag', () => client.updateCalendarObject({
      calendarObject: { url: objA.url, data: ics(a, 'A stale', 4), etag: objA.etag } }));
    if (upd && stale) check('update with a stale etag is refused with 412', stale.status === 412, `got ${stale.status}`);
  }
  await responseOk('createCalendarObject C', client.createCalendarObject({ calendar: cal, filename: `${c}.ics`, iCalString: ics(c, 'C', 6) }), [201]);
  const objB = [...byPath.values()].find((o) => String(o.data || '').includes(`UID:${b}`));
  if (objB) await responseOk('deleteCalendarObject B', client.deleteCalendarObject({ calendarObject: { url: objB.url, etag: objB.etag } }), [200, 204]);

  const dirty = await step('isCollectionDirty (getctag)', () => client.isCollectionDirty({ collection: cal }));
  if (dirty) check('collection is dirty after changes (ctag changed)', dirty.isDirty === true, JSON.stringify(dirty));

  const after = await step('fetchCalendarObjects after changes', () => client.fetchCalendarObjects({ calendar: cal }));
  if (after) {
    const datas = after.map((o) => String(o.data || ''));
    check('A shows the update', datas.some((d) => d.includes(`UID:${a}`) && d.includes('SUMMARY:A updated')));
    check('B is gone', !datas.some((d) => d.includes(`UID:${b}`)));
    check('C is there', datas.some((d) => d.includes(`UID:${c}`)));
  }

  if (token1) {
    const delta = await step('syncCollection with the initial token', () => client.syncCollection({ url: cal.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: token1 }));
    if (delta) {
      const items = delta.filter((r) => r.href && pathOf(r.href) !== pathOf(cal.url));
      const got = items.map((r) => `${pathOf(r.href).split('/').pop()}:${r.status === 404 ? 'deleted' : 'changed'}`).sort();
      const want = [`${a}.ics:changed`, `${b}.ics:deleted`, `${c}.ics:changed`].sort();
      check('delta lists exactly A changed, B deleted (404), C new', JSON.stringify(got) === JSON.stringify(want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      const token2 = delta[0] && delta[0].raw && delta[0].raw.multistatus && delta[0].raw.multistatus.syncToken;
      check('delta returned a new sync-token', token2 && token2 !== token1, `${token1} -> ${token2}`);
      if (token2) {
        const none = await step('syncCollection with the newest token', () => client.syncCollection({ url: cal.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: token2 }));
        if (none) {
          const left = none.filter((r) => r.href && pathOf(r.href) !== pathOf(cal.url));
          check('nothing changed since the newest token', left.length === 0, JSON.stringify(left.map((r) => r.href)));
        }
      }
    }
  }

  // How applications use it: smartCollectionSyncDetailed from the earlier state.
  const before = { ...cal, syncToken: token1, objects: all || [], objectMultiGet: client.calendarMultiGet };
  const smart = await step('smartCollectionSyncDetailed (webdav)', () => client.smartCollectionSyncDetailed({ collection: before, method: 'webdav', detailedResult: true }));
  if (smart) {
    const names = (l) => (l || []).map((o) => pathOf(o.url).split('/').pop()).sort();
    check('smart sync: created C', JSON.stringify(names(smart.objects.created)) === JSON.stringify([`${c}.ics`]), JSON.stringify(names(smart.objects.created)));
    check('smart sync: updated A', JSON.stringify(names(smart.objects.updated)) === JSON.stringify([`${a}.ics`]), JSON.stringify(names(smart.objects.updated)));
    check('smart sync: deleted B', JSON.stringify(names(smart.objects.deleted)) === JSON.stringify([`${b}.ics`]), JSON.stringify(names(smart.objects.deleted)));
  }

  // Clean up what we created.
  const rest = await client.fetchCalendarObjects({ calendar: cal });
  for (const o of rest.filter((x) => /UID:tsdav-[ac]-/.test(String(x.data)) && String(x.data).includes(run))) {
    await responseOk(`deleteCalendarObject ${pathOf(o.url).split('/').pop()}`, client.deleteCalendarObject({ calendarObject: { url: o.url, etag: o.etag } }), [200, 204]);
  }
}

try { await main(); } catch (e) { failed.push('unexpected exception'); console.log(`FAIL unexpected exception: ${e && e.stack}`); }
console.log(`tsdav: ${passed} passed, ${failed.length} failed${failed.length ? ` (${failed.join(', ')})` : ''}`);
process.exit(failed.length ? 1 : 0);
