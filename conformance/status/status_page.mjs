// The status page as a person sees it (issue 6 item 6, "Done when: status page in Chromium").
//
// node status_page.mjs CALBRIDGE FIXTURE_OST ARTIFACT_DIR
//
// A real conflict, made the way the product makes them: bob's import of the fixture OST gives a
// holiday's text; alice, through CalDAV, makes the calendar the holidays folder imports into and
// puts that holiday there with her own SUMMARY; then `calbridge import` of the OST for alice finds
// the UID with different content (conflict "created-locally-differs-from-source": her version
// stays, the file's is kept aside). In headless Chromium (Debian's /usr/bin/chromium through
// playwright-core) alice, an admin, logs in with HTTP Basic, sees the imported calendars, bob's
// too, and the conflict with both SUMMARYs; she clicks "Keep the other version"; a plain CalDAV
// GET then returns the file's version and the page lists no open conflict. bob, not an admin,
// sees only his own calendars. Screenshots go to ARTIFACT_DIR; their paths are printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [calbridgeArg, ostArg, artifactArg] = process.argv.slice(2);
if (!calbridgeArg || !ostArg || !artifactArg) {
  console.error('usage: node status_page.mjs CALBRIDGE FIXTURE_OST ARTIFACT_DIR');
  process.exit(2);
}
const calbridge = resolve(calbridgeArg);
const ost = resolve(ostArg);
const artifacts = resolve(artifactArg);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const HOLIDAYS = 'calendar-united-states-holidays';
const users = { alice: 'alice-secret-1', bob: 'bob-secret-2' };

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
  return ok;
}
function fail(what) {
  throw new Error(what);
}

const dir = mkdtempSync(join(tmpdir(), 'calbridge-status-'));
mkdirSync(artifacts, { recursive: true });
writeFileSync(join(dir, 'calbridge.toml'),
  '[server]\nbind = "127.0.0.1"\nport = 0\nadmins = ["alice"]\n[store]\npath = "store.db"\n' +
  '[log]\nlevel = "info"\naccess_log = false\n');

function cb(args, input) {
  const r = spawnSync(calbridge, ['--config', join(dir, 'calbridge.toml'), ...args],
    { input, encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) fail(`calbridge ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

async function startServe() {
  const child = spawn(calbridge, ['--config', join(dir, 'calbridge.toml'), 'serve'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no URL from calbridge serve in 15 s\n${log}`)), 15000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^calbridge: serving (https?:\/\/[^/]+)\/dav\/$/.exec(line);
      m ? res(m[1]) : rej(new Error(`unexpected first line: ${line}\n${log}`));
    });
    child.once('exit', (code) => rej(new Error(`calbridge serve exited (${code})\n${log}`)));
  });
  return { child, url, log: () => log };
}

function basic(user) {
  return 'Basic ' + Buffer.from(`${user}:${users[user]}`).toString('base64');
}
async function dav(base, user, method, path, { body, headers = {} } = {}) {
  const r = await fetch(base + path, { method, body, headers: { Authorization: basic(user), ...headers } });
  return { status: r.status, text: await r.text(), headers: r.headers };
}
function summaryOf(ics) {
  const m = /^SUMMARY(?:;[^:\r\n]*)?:(.*)$/m.exec(ics.replace(/\r\n[ \t]/g, ''));
  return m ? m[1].trim() : null;
}

let serve;
let browser;
const shots = [];
try {
  // --- the store: two users, bob with the whole OST, alice with its Calendar folder ---
  for (const [user, password] of Object.entries(users))
    cb(['user', 'add', user, '--email', `${user}@example.com`, '--password-stdin'], password + '\n');
  cb(['import', ost, '--user', 'bob']);
  cb(['import', ost, '--user', 'alice', '--folder', 'Calendar']);
  cb(['share', '/dav/calendars/alice/calendar/', '--with', 'bob', '--access', 'read']);
  serve = await startServe();
  const base = serve.url;

  // --- alice makes, over CalDAV, the calendar the holidays folder imports into, with one holiday
  //     of her own: the UID of one of bob's imported holidays, her own SUMMARY ---
  const listing = await dav(base, 'bob', 'PROPFIND', `/dav/calendars/bob/${HOLIDAYS}/`,
    { headers: { Depth: '1', 'Content-Type': 'application/xml' } });
  if (listing.status !== 207) fail(`PROPFIND bob's holidays: ${listing.status}`);
  const href = [...listing.text.matchAll(/<(?:[A-Za-z]+:)?href>([^<]+\.ics)<\//g)].map((m) => m[1]).sort()[0];
  if (!href) fail('no object in bob\'s imported holidays');
  const original = await dav(base, 'bob', 'GET', href);
  const fileSummary = summaryOf(original.text);
  if (original.status !== 200 || !fileSummary) fail(`GET ${href}: ${original.status}`);
  const mine = original.text.replace(/^SUMMARY([^:\r\n]*):(.*)$/m, 'SUMMARY$1:Edited by alice: $2');
  const aliceSummary = summaryOf(mine);
  check(aliceSummary !== fileSummary, `alice's version differs: "${aliceSummary}" vs "${fileSummary}"`);
  const mk = await dav(base, 'alice', 'MKCALENDAR', `/dav/calendars/alice/${HOLIDAYS}/`);
  if (mk.status !== 201) fail(`MKCALENDAR: ${mk.status} ${mk.text}`);
  const objectPath = `/dav/calendars/alice/${HOLIDAYS}/mine.ics`;
  const put = await dav(base, 'alice', 'PUT', objectPath,
    { body: mine, headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' } });
  if (put.status !== 201) fail(`PUT ${objectPath}: ${put.status} ${put.text}`);

  // --- the import finds her object: one conflict, her version stays ---
  const imported = cb(['import', ost, '--user', 'alice']);
  check(/Total: .* 1 conflicts/.test(imported), 'the import of the whole OST for alice records 1 conflict');
  check(summaryOf((await dav(base, 'alice', 'GET', objectPath)).text) === aliceSummary,
    'after the import, the calendar still holds alice\'s version');

  // --- the page in Chromium ---
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  // Without credentials: the Basic challenge (a headless page with no credentials to give
  // aborts the navigation with net::ERR_INVALID_AUTH_CREDENTIALS, so ask through the context).
  const anonymous = await browser.newContext();
  const refused = await anonymous.request.get(`${base}/status/`);
  check(refused.status() === 401 && /^Basic /.test(refused.headers()['www-authenticate'] || ''),
    `without credentials: ${refused.status()} with WWW-Authenticate: ${refused.headers()['www-authenticate']}`);
  await anonymous.close();

  const alice = await browser.newContext({
    httpCredentials: { username: 'alice', password: users.alice }, viewport: { width: 1400, height: 900 },
  });
  const page = await alice.newPage();
  const response = await page.goto(`${base}/status/`);
  check(response.status() === 200, `alice's status page: ${response.status()}`);
  const calendarsText = await page.locator('#calendars + table').innerText();
  for (const path of ['/dav/calendars/alice/calendar/', `/dav/calendars/alice/${HOLIDAYS}/`,
    '/dav/calendars/bob/calendar/', `/dav/calendars/bob/${HOLIDAYS}/`])
    check(calendarsText.includes(path), `an admin sees the calendar ${path}`);
  check((await page.locator('#imports + table').innerText()).includes(ost), 'the import source names the OST file');
  const sharesText = await page.locator('#shares + table').innerText();
  check(/\/dav\/calendars\/alice\/calendar\/\s+bob\s+read/.test(sharesText), 'the shares list alice\'s calendar, bob, read');
  const conflicts = page.locator('div.conflict');
  check(await conflicts.count() === 1, `one open conflict shown (${await conflicts.count()})`);
  const conflictText = await conflicts.first().innerText();
  check(conflictText.includes(aliceSummary) && conflictText.includes(fileSummary),
    'the conflict shows both SUMMARYs');
  check(conflictText.includes('created-locally-differs-from-source'), 'the conflict names its kind');
  shots.push(join(artifacts, '1-alice-open-conflict.png'));
  await page.screenshot({ path: shots.at(-1), fullPage: true });

  await Promise.all([
    page.waitForURL(/\/status\/\?resolved=\d+&kept=other/),
    conflicts.first().getByRole('button', { name: 'Keep the other version' }).click(),
  ]);
  check(await page.locator('div.conflict').count() === 0, 'after "Keep the other version": no conflict on the page');
  check((await page.locator('#conflicts + p').innerText()).includes('No open conflicts'), 'the page says so');
  check((await page.locator('p.notice').innerText()).includes('resolved'), 'a notice confirms it');
  shots.push(join(artifacts, '2-alice-resolved.png'));
  await page.screenshot({ path: shots.at(-1), fullPage: true });

  const after = await dav(base, 'alice', 'GET', objectPath);
  check(after.status === 200 && summaryOf(after.text) === fileSummary,
    `CalDAV GET ${objectPath} holds the file's version ("${summaryOf(after.text)}")`);

  // A forged cross-site post is refused even with alice's credentials in the browser.
  const forged = await alice.request.post(`${base}/status/conflicts/1`,
    { form: { action: 'keep-this', csrf: 'x' }, headers: { Origin: 'https://evil.example' } });
  check(forged.status() === 403, `a POST from another origin: ${forged.status()}`);
  await alice.close();

  const bob = await browser.newContext({ httpCredentials: { username: 'bob', password: users.bob } });
  const bobPage = await bob.newPage();
  await bobPage.goto(`${base}/status/`);
  const bobText = await bobPage.locator('#calendars + table').innerText();
  check(bobText.includes('/dav/calendars/bob/calendar/') && !bobText.includes(`/dav/calendars/alice/${HOLIDAYS}/`),
    'bob (not an admin) sees his calendars and not alice\'s own');
  check(/\/dav\/calendars\/alice\/calendar\/.*shared by alice: read/.test(bobText),
    'bob sees the calendar alice shares with him, marked as shared');
  check(bobText.includes('/dav/calendars/bob/shared-alice-calendar/'), 'with the mount path his clients use');
  const bobImports = await bobPage.locator('#imports + table').innerText();
  check(bobImports.includes('/dav/calendars/bob/') && !bobImports.includes('/dav/calendars/alice/'),
    'bob sees his import sources and none of alice\'s');
  shots.push(join(artifacts, '3-bob.png'));
  await bobPage.screenshot({ path: shots.at(-1), fullPage: true });
  await bob.close();
} catch (e) {
  failures++;
  console.error(`FAIL ${e.stack || e}`);
  if (serve) console.error(serve.log());
} finally {
  if (browser) await browser.close();
  if (serve && serve.child.exitCode === null) {
    const exited = new Promise((res) => serve.child.once('exit', res));
    serve.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((res) => setTimeout(res, 5000))]);
  }
  rmSync(dir, { recursive: true, force: true });
}
for (const s of shots) console.log(`screenshot: ${s}`);
console.log(failures ? `status page: ${failures} failure(s)` : 'status page: all checks passed');
process.exit(failures ? 1 : 0);
