#!/usr/bin/python3
"""permission_matrix.py CALBRIDGE [--work-dir DIR]: issue 6 "Done when" — the permission matrix
against a live `calbridge serve` (127.0.0.1, port 0, its own temporary store).

Roles on alice's calendar `work` (event e1.ics):
  owner       alice, at /dav/calendars/alice/work/
  read-write  bob,   direct grant,                 at his mount /dav/calendars/bob/shared-alice-work/
  read        carol, direct grant,                 at /dav/calendars/carol/shared-alice-work/
  freebusy    dave,  through the GROUP `fbviewers` at /dav/calendars/dave/shared-alice-work/
  none        eve,   no grant,                     at alice's path (she has no mount)
  anonymous   no credentials, at alice's path; with a `calbridge token issue` .ics URL (and a
              revoked one, which must answer 404)
Every cell of the table in issue 6 ("Expected status per cell") is asserted: the status, and
  - 403: a DAV:error body with DAV:need-privileges naming a resource under the URL the role used
    and a privilege the operation needs (RFC 3744 7.1.1, Appendix B);
  - 207: every href under the role's own path (grantees: their mount), the expected members;
    freebusy: no members, no calendar-data; free-busy-query: FREEBUSY of e1 without its content;
  - 401: a WWW-Authenticate challenge (RFC 9110 11.6.1).
Destructive cells that succeed (owner and read-write DELETE and MOVE) act on a fresh object
alice PUTs into `work` just before (victim-*.ics), so e1.ics itself stays to prove that every
refused write changed nothing; refused ones act on e1.ics. Extra checks beyond the table: the
CalendarServer sharing properties, current-user-privilege-set per role, the owner's path used by
a grantee, DELETE/MKCALENDAR of a mount, forged multiget hrefs and percent-encoded path tricks
(eve towards alice, carol towards alice's unshared calendar `secret`), and a leak check over
every body any role was ever sent. alice's data is compared (ETags, displayname, sync-token,
home listing) before and after the refused writes, and at the end.

Prints the matrix (operation x role, expected/actual), the extra checks, `ok`/`FAIL` lines and
`permission-matrix: N passed, M failed`; exit 1 on any failure. The work dir (serve.log, the
store) is kept when a check failed.
"""
import argparse
import os
import re
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from davcheck import Checks  # noqa: E402
from gateway import Gateway, RawClient, stop_and_finish  # noqa: E402

D, C, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
NS = {"d": D, "c": C, "cs": CS}
ROLES = ["owner", "read-write", "read", "freebusy", "none", "anonymous"]
USER_OF = {"owner": "alice", "read-write": "bob", "read": "carol", "freebusy": "dave", "none": "eve",
           "anonymous": None}
GROUP = "fbviewers"
WORK = "/dav/calendars/alice/work/"
SECRET = "/dav/calendars/alice/secret/"
E1_UID = "matrix-e1@calbridge.test"
E1_SUMMARY = "ALICE-SECRET-e1-summary"
S1_SUMMARY = "ALICE-SECRET-s1-unshared"
# RFC 3744 3: the privilege names (leaves) and the aggregates calbridge may report.
LEAVES = {"read", "write-properties", "write-content", "bind", "unbind", "read-current-user-privilege-set",
          "read-free-busy"}
AGGREGATES = {"all": LEAVES, "write": {"write-properties", "write-content", "bind", "unbind"}}
# issue6.md "Privileges": the set each role holds on the calendar collection itself.
PRIVS_ON_CALENDAR = {
    "owner": LEAVES,
    "read-write": {"read", "write-content", "bind", "unbind", "read-free-busy", "read-current-user-privilege-set"},
    "read": {"read", "read-free-busy", "read-current-user-privilege-set"},
    "freebusy": {"read-free-busy", "read-current-user-privilege-set"},
}

# The table of issue6.md, row by row: operation -> expected status per role (None: "-").
TABLE = [
    ("PROPFIND own home Depth 1", [207, 207, 207, 207, 207, 401]),
    ("PROPFIND calendar Depth 1", [207, 207, 207, 207, 404, 401]),
    ("GET e1.ics", [200, 200, 200, 403, 404, 401]),
    ("PUT new object", [201, 201, 403, 403, 404, 401]),
    ("DELETE e1.ics", [204, 204, 403, 403, 404, 401]),
    ("MOVE e1.ics to own calendar", [201, 201, 403, 403, 404, 401]),
    ("PROPPATCH calendar displayname", [207, 403, 403, 403, 404, 401]),
    ("MKCALENDAR /dav/calendars/alice/new/", [201, 404, 404, 404, 404, 401]),
    ("calendar-query", [207, 207, 207, 403, 404, 401]),
    ("calendar-multiget", [207, 207, 207, 403, 404, 401]),
    ("sync-collection", [207, 207, 207, 403, 404, 401]),
    ("free-busy-query", [200, 200, 200, 200, 404, 401]),
    ("GET calendar (.ics of whole calendar)", [200, 200, 200, 403, 404, 401]),
    ("GET /ics/<token>.ics", [None, None, None, None, None, 200]),
]
# Privileges a 403 may name for each operation (RFC 3744 Appendix B; DAV:write and DAV:all are
# aggregates containing them).
NEEDED = {
    "GET e1.ics": {"read", "all"},
    "PUT new object": {"bind", "write-content", "write", "all"},
    "DELETE e1.ics": {"unbind", "write", "all"},
    # MOVE: unbind on the source's parent, bind on the destination's; a MOVE into another
    # collection also discloses the content there, as COPY does, which needs read on the source.
    "MOVE e1.ics to own calendar": {"unbind", "bind", "read", "write", "all"},
    "PROPPATCH calendar displayname": {"write-properties", "write", "all"},
    "calendar-query": {"read", "all"},
    "calendar-multiget": {"read", "all"},
    "sync-collection": {"read", "all"},
    "free-busy-query": {"read-free-busy", "read", "all"},
    "GET calendar (.ics of whole calendar)": {"read", "all"},
}


def ics(uid, summary, start="20260310T090000Z", end="20260310T100000Z", extra=""):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//permission matrix//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{summary}\r\n"
            f"DESCRIPTION:private notes of {summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")


def propfind_body(*props):
    return ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"><d:prop>'
            + "".join(f"<{p}/>" for p in props) + "</d:prop></d:propfind>")


HOME_PROPS = propfind_body("d:resourcetype", "d:displayname", "d:owner", "d:current-user-privilege-set",
                           "cs:shared-url", "cs:invite")
CAL_PROPS = propfind_body("d:resourcetype", "d:displayname", "d:owner", "d:current-user-privilege-set",
                          "d:getetag", "d:sync-token", "cs:getctag", "c:calendar-data")
QUERY = ('<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
         'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
         '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
         '<c:time-range start="20260301T000000Z" end="20260401T000000Z"/></c:comp-filter></c:comp-filter>'
         '</c:filter></c:calendar-query>')
FREEBUSY = ('<?xml version="1.0" encoding="utf-8"?><c:free-busy-query xmlns:c="urn:ietf:params:xml:ns:caldav">'
            '<c:time-range start="20260301T000000Z" end="20260401T000000Z"/></c:free-busy-query>')
SYNC = ('<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/>'
        '<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>')
PROPPATCH = ('<?xml version="1.0" encoding="utf-8"?><d:propertyupdate xmlns:d="DAV:"><d:set><d:prop>'
             '<d:displayname>{}</d:displayname></d:prop></d:set></d:propertyupdate>')
MKCALENDAR = ('<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" '
              'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>new</d:displayname>'
              '</d:prop></d:set></c:mkcalendar>')


def multiget(*hrefs):
    return ('<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
            + "".join(f"<d:href>{h}</d:href>" for h in hrefs) + "</c:calendar-multiget>")


class Multistatus:
    """A parsed 207: responses[href_path] = {"status": status of the response element or None,
    "props": {tag: element with a 2xx propstat}, "denied": {tag: status}}."""

    def __init__(self, body):
        self.root = ET.fromstring(body)
        if self.root.tag != f"{{{D}}}multistatus":
            raise ValueError(f"root is {self.root.tag}, not DAV:multistatus")
        self.responses = {}
        self.raw_hrefs = []
        for resp in self.root.findall("d:response", NS):
            for href_el in resp.findall("d:href", NS):
                raw = (href_el.text or "").strip()
                self.raw_hrefs.append(raw)
                path = urllib.parse.unquote(urllib.parse.urlsplit(raw).path)
                entry = self.responses.setdefault(path, {"status": None, "props": {}, "denied": {}})
                entry["status"] = resp.findtext("d:status", None, NS)
                for ps in resp.findall("d:propstat", NS):
                    st = ps.findtext("d:status", "", NS)
                    for prop in ps.find("d:prop", NS) if ps.find("d:prop", NS) is not None else []:
                        if " 2" in st:
                            entry["props"][prop.tag] = prop
                        else:
                            entry["denied"][prop.tag] = st

    def sync_token(self):
        return (self.root.findtext("d:sync-token", "", NS) or "").strip()


def privileges_of(el):
    """Leaf privilege names in a DAV:current-user-privilege-set element (aggregates expanded)."""
    out = set()
    for priv in el.findall("d:privilege", NS):
        for child in priv:
            name = child.tag.split("}")[1]
            out |= AGGREGATES.get(name, {name})
    return out


class Matrix:
    def __init__(self, checks):
        self.checks = checks
        self.cells = {}          # (operation, role) -> (expected, actual, problems)
        self.extra = []          # (what, expected, actual, problems)

    def record(self, op, role, expected, actual, problems):
        self.cells[(op, role)] = (expected, actual, problems)
        self.checks.check(f"{op} [{role}]", actual == expected and not problems,
                          f"expected {expected}, got {actual}" + ("; " + "; ".join(problems) if problems else ""))

    def record_extra(self, what, expected, actual, problems=()):
        problems = list(problems)
        ok = (actual in expected if isinstance(expected, tuple) else actual == expected) and not problems
        self.extra.append((what, expected, actual, problems))
        self.checks.check(what, ok, f"expected {expected}, got {actual}" + ("; " + "; ".join(problems) if problems else ""))

    def print_table(self):
        width0 = max(len(op) for op, _ in TABLE)
        header = ["operation".ljust(width0)] + [r.center(15) for r in ROLES]
        lines = [" | ".join(header), "-+-".join("-" * len(h) for h in header)]
        notes = []
        for op, exp_row in TABLE:
            row = [op.ljust(width0)]
            for role, exp in zip(ROLES, exp_row):
                if exp is None:
                    row.append("-".center(15))
                    continue
                expected, actual, problems = self.cells.get((op, role), (exp, "not run", ["not run"]))
                mark = " FAIL" if actual != expected else " BODY" if problems else ""
                row.append(f"{expected}/{actual}{mark}".center(15))
                if problems or actual != expected:
                    notes.append(f"  {op} [{role}]: expected {expected}, got {actual}"
                                 + ("; " + "; ".join(problems) if problems else ""))
            lines.append(" | ".join(row))
        print("\nPermission matrix (expected/actual status; FAIL: other status, BODY: right status, wrong body),\n"
              "alice's calendar `work`; grantees at their mount /dav/calendars/<grantee>/shared-alice-work/:")
        print("\n".join(lines))
        if notes:
            print("Cells that fail:")
            print("\n".join(notes))
        print("\nExtra checks (expected/actual):")
        for what, expected, actual, problems in self.extra:
            exp = "|".join(map(str, expected)) if isinstance(expected, tuple) else str(expected)
            ok = (actual in expected if isinstance(expected, tuple) else actual == expected) and not problems
            print(f"  {'ok  ' if ok else 'FAIL'} {exp}/{actual}  {what}" + ("" if ok or not problems else
                                                                         "  (" + "; ".join(problems) + ")"))
        print(flush=True)


class Run:
    def __init__(self, gw, checks):
        self.gw = gw
        self.checks = checks
        self.matrix = Matrix(checks)
        self.log = []
        self.clients = {}
        for role in ROLES:
            user = USER_OF[role]
            self.clients[role] = RawClient(gw.origin, user, gw.passwords.get(user), role, self.log)
        self.alice = self.clients["owner"]
        self.token_path = None
        self.revoked_path = None
        self.sync_tokens = {}

    # --- paths ---------------------------------------------------------------------------------
    @staticmethod
    def base(role):
        """The calendar URL the role uses: its mount for a grantee, alice's path otherwise."""
        user = USER_OF[role]
        return f"/dav/calendars/{user}/shared-alice-work/" if role in ("read-write", "read", "freebusy") else WORK

    @staticmethod
    def home(role):
        return f"/dav/calendars/{USER_OF[role] or 'alice'}/"

    @staticmethod
    def own_calendar(role):
        return f"/dav/calendars/{USER_OF[role] or 'alice'}/calendar/"

    # --- response checks -----------------------------------------------------------------------
    def need_privileges(self, reply, op, under):
        """[] when the 403 body is a DAV:error with need-privileges naming a resource under the
        path `under` (the URL the requester used) and a privilege op needs (RFC 3744 7.1.1),
        else the problems."""
        try:
            root = ET.fromstring(reply.body)
        except ET.ParseError as e:
            return [f"403 body is not XML ({e}): {reply.body[:120]!r}"]
        if root.tag != f"{{{D}}}error":
            return [f"403 body root is {root.tag}, not DAV:error"]
        np = root.find("d:need-privileges", NS)
        if np is None:
            return [f"403 without DAV:need-privileges: {reply.body[:200]!r}"]
        resources = np.findall("d:resource", NS)
        if not resources:
            return ["DAV:need-privileges names no DAV:resource (RFC 3744 7.1.1: href + privilege)"]
        problems = []
        base = under
        named = []
        for res in resources:
            href = urllib.parse.unquote(urllib.parse.urlsplit(res.findtext("d:href", "", NS).strip()).path)
            privs = [c.tag.split("}")[1] for p in res.findall("d:privilege", NS) for c in p]
            named.append((href, privs))
        if not any(h.startswith(base) for h, _ in named):
            problems.append(f"need-privileges names {[h for h, _ in named]}, none under {base}")
        if not any(set(p) & NEEDED[op] for _, p in named):
            problems.append(f"need-privileges names {[p for _, p in named]}, none of {sorted(NEEDED[op])}")
        # bind and unbind are privileges of the collection that gains or loses the member (RFC 3744
        # 3.9, 3.10; Appendix B: PUT of a new resource needs bind on the parent; the 7.1.1 example
        # names the parent collection for unbind), so the resource named with them is a collection.
        for href, privs in named:
            if set(privs) & {"bind", "unbind"} and not href.endswith("/"):
                problems.append(f"need-privileges names {href} (not a collection) for {privs}: bind/unbind "
                                "belong to the parent collection (RFC 3744 Appendix B, 7.1.1)")
        return problems

    def challenge(self, reply):
        www = reply.headers.get("www-authenticate", "")
        return [] if www.lower().startswith("basic") else [f"401 without a Basic challenge ({www!r})"]

    def hrefs_under(self, ms, base):
        return [f"href {h} not under {base}" for h in ms.responses if not h.startswith(base)]

    def generic(self, reply, op, role):
        """Checks every status needs: 403 body, 401 challenge."""
        if reply.status == 403 and op in NEEDED:
            return self.need_privileges(reply, op, self.base(role))
        if reply.status == 401:
            return self.challenge(reply)
        return []

    # --- setup ---------------------------------------------------------------------------------
    def put_as_alice(self, path, body):
        r = self.alice.request("PUT", path, body, {"Content-Type": "text/calendar; charset=utf-8",
                                                   "If-None-Match": "*"})
        if r.status != 201:
            raise RuntimeError(f"setup: alice PUT {path} answered {r.status}: {r.body[:200]!r}")
        return r

    def target_for(self, role, allowed, kind):
        """e1.ics where the operation must be refused; where it is allowed, a fresh event alice
        PUTs just before, so that e1.ics stays for the other roles."""
        if not allowed:
            return "e1.ics"
        target = f"victim-{role}-{kind}.ics"
        self.put_as_alice(WORK + target, ics(f"victim-{role}-{kind}@calbridge.test", "victim"))
        return target

    def setup(self):
        for path in (WORK, SECRET):
            r = self.alice.request("MKCALENDAR", path, MKCALENDAR.replace(">new<", f">{path.split('/')[-2]}<"))
            if r.status != 201:
                raise RuntimeError(f"setup: MKCALENDAR {path} answered {r.status}: {r.body[:200]!r}")
        self.put_as_alice(WORK + "e1.ics", ics(E1_UID, E1_SUMMARY))
        self.put_as_alice(WORK + "e2.ics", ics("matrix-e2@calbridge.test", "ALICE-SECRET-e2-other",
                                               "20260312T140000Z", "20260312T150000Z"))
        self.put_as_alice(SECRET + "s1.ics", ics("matrix-s1@calbridge.test", S1_SUMMARY))
        steps = [
            ("share work --with bob --access read-write", ["share", "work", "--with", "bob", "--access", "read-write",
                                                           "--user", "alice"]),
            ("share work --with carol --access read", ["share", "work", "--with", "carol", "--access", "read",
                                                       "--user", "alice"]),
            (f"group add {GROUP} dave", ["group", "add", GROUP, "dave"]),
            (f"share work --with {GROUP} --access freebusy", ["share", "work", "--with", GROUP, "--access",
                                                              "freebusy", "--user", "alice"]),
        ]
        for name, args in steps:
            r = self.gw.cli(*args)
            self.checks.check(f"setup: calbridge {name}", r.returncode == 0,
                              f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-400:]}")
        r = self.gw.cli("share", "work", "--with", "nobody", "--access", "read", "--user", "alice")
        self.checks.check("setup: calbridge share with an unknown user fails", r.returncode != 0,
                          f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-300:]}")
        r = self.gw.cli("shares", "--user", "alice")
        out = r.stdout + r.stderr
        print(out.rstrip())
        self.checks.check("setup: calbridge shares --user alice lists work's bob, carol and the group",
                          r.returncode == 0 and "secret" not in out
                          and all(any(re.search(rf"\bwork\b.*\b{who}\b.*\s{access}(\s|$)", line)
                                      for line in out.splitlines())
                                  for who, access in (("bob", "read-write"), ("carol", "read"), (GROUP, "freebusy"))),
                          f"exit {r.returncode}: {out.strip()[-400:]}")
        # Two tokens: one stays live, the other is revoked (by id, as `token issue` says).
        r = self.gw.cli("token", "issue", "work", "--user", "alice")
        if r.returncode != 0:
            raise RuntimeError(f"setup: token issue failed: {r.stdout}{r.stderr}")
        self.token_path = r.stdout.splitlines()[0].strip()
        r = self.gw.cli("token", "issue", "work", "--user", "alice")
        self.revoked_path = r.stdout.splitlines()[0].strip()
        m = re.search(r"calbridge token revoke (\d+)", r.stdout)
        r = self.gw.cli("token", "revoke", m.group(1) if m else "?")
        self.checks.check("setup: calbridge token revoke", r.returncode == 0, (r.stdout + r.stderr).strip())

    # --- alice's data, for the before/after comparison ------------------------------------------
    def snapshot(self):
        r = self.alice.request("PROPFIND", WORK, CAL_PROPS, {"Depth": "1"})
        if r.status != 207:
            raise RuntimeError(f"snapshot: PROPFIND {WORK} as alice answered {r.status}")
        ms = Multistatus(r.body)
        etags = {h: (e["props"].get(f"{{{D}}}getetag").text if f"{{{D}}}getetag" in e["props"] else None)
                 for h, e in ms.responses.items() if h != WORK}
        cal = ms.responses.get(WORK, {"props": {}})["props"]
        text = lambda tag: (cal[tag].text or "").strip() if tag in cal else None  # noqa: E731
        home = self.alice.request("PROPFIND", "/dav/calendars/alice/", HOME_PROPS, {"Depth": "1"})
        members = sorted(Multistatus(home.body).responses) if home.status == 207 else [f"status {home.status}"]
        e1 = self.alice.request("GET", WORK + "e1.ics")
        return {"etags": etags, "displayname": text(f"{{{D}}}displayname"), "sync-token": text(f"{{{D}}}sync-token"),
                "ctag": text(f"{{{CS}}}getctag"), "home": members, "e1": (e1.status, e1.body)}

    def compare(self, name, before, after, keys):
        for key in keys:
            self.checks.check(f"alice's data intact {name}: {key}", before[key] == after[key],
                              f"before {before[key]!r}, after {after[key]!r}")

    # --- the cells -----------------------------------------------------------------------------
    def run_role(self, role):
        c = self.clients[role]
        base = self.base(role)
        exp = {op: row[ROLES.index(role)] for op, row in TABLE}
        user = USER_OF[role]
        mount = f"/dav/calendars/{user}/shared-alice-work/" if role in ("read-write", "read", "freebusy") else None

        # PROPFIND own home Depth 1
        op = "PROPFIND own home Depth 1"
        r = c.request("PROPFIND", self.home(role), HOME_PROPS, {"Depth": "1"})
        problems = self.generic(r, op, role)
        if r.status == 207:
            ms = Multistatus(r.body)
            problems += self.hrefs_under(ms, self.home(role))
            if role == "owner" and WORK not in ms.responses:
                problems.append(f"{WORK} not listed")
            if mount and mount not in ms.responses:
                problems.append(f"mount {mount} not listed (hrefs: {sorted(ms.responses)})")
            if role == "none" and (b"alice" in r.body or any("/shared-" in h for h in ms.responses)):
                problems.append("eve's home mentions alice or lists a shared- mount")
            if mount and mount in ms.responses:
                self.mount_properties(role, ms.responses[mount])
            if role == "owner" and WORK in ms.responses:
                self.owner_properties(ms.responses[WORK])
        self.matrix.record(op, role, exp[op], r.status, problems)

        # PROPFIND calendar Depth 1
        op = "PROPFIND calendar Depth 1"
        r = c.request("PROPFIND", base, CAL_PROPS, {"Depth": "1"})
        problems = self.generic(r, op, role)
        if r.status == 207:
            ms = Multistatus(r.body)
            problems += self.hrefs_under(ms, base)
            members = [h for h in ms.responses if h != base]
            if role == "freebusy":
                if members:
                    problems.append(f"freebusy user sees members {members}")
                props = ms.responses.get(base, {"props": {}})["props"]
                leaked = [t for t in (f"{{{D}}}getetag", f"{{{D}}}sync-token", f"{{{CS}}}getctag",
                                      f"{{{C}}}calendar-data") if t in props]
                if leaked:
                    problems.append(f"freebusy user gets {leaked} on the calendar (issue6: resourcetype, "
                                    "displayname, owner, cups only)")
            elif base + "e1.ics" not in ms.responses:
                problems.append(f"{base}e1.ics not listed (hrefs: {sorted(ms.responses)})")
            if role in PRIVS_ON_CALENDAR and base in ms.responses:
                cups = ms.responses[base]["props"].get(f"{{{D}}}current-user-privilege-set")
                got = privileges_of(cups) if cups is not None else None
                want = PRIVS_ON_CALENDAR[role]
                self.matrix.record_extra(f"current-user-privilege-set on the calendar [{role}]",
                                         " ".join(sorted(want)), " ".join(sorted(got)) if got is not None else "absent")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # GET e1.ics
        op = "GET e1.ics"
        r = c.request("GET", base + "e1.ics")
        problems = self.generic(r, op, role)
        if r.status == 200 and E1_UID.encode() not in r.body:
            problems.append("body is not e1")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # PUT new object
        op = "PUT new object"
        name = f"new-{role}.ics"
        r = c.request("PUT", base + name, ics(f"matrix-new-{role}@calbridge.test", f"written by {role}"),
                      {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        problems = self.generic(r, op, role)
        if r.status == 201:
            loc = r.headers.get("location")
            if loc and not urllib.parse.urlsplit(loc).path.startswith(base):
                problems.append(f"Location {loc} not under {base}")
            seen = self.alice.request("GET", WORK + name)
            if seen.status != 200 or f"matrix-new-{role}".encode() not in seen.body:
                problems.append(f"alice does not see {WORK}{name} ({seen.status})")
        else:
            seen = self.alice.request("GET", WORK + name)
            if seen.status != 404:
                problems.append(f"refused PUT, yet alice GET {WORK}{name} answers {seen.status}")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # DELETE e1.ics (a fresh victim where the delete is allowed)
        op = "DELETE e1.ics"
        allowed = exp[op] == 204
        target = self.target_for(role, allowed, "delete")
        r = c.request("DELETE", base + target)
        problems = self.generic(r, op, role)
        if allowed and r.status == 204 and self.alice.request("GET", WORK + target).status != 404:
            problems.append(f"{WORK}{target} still there for alice after 204")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # MOVE e1.ics to own calendar
        op = "MOVE e1.ics to own calendar"
        target = self.target_for(role, exp[op] == 201, "move")
        dest = self.own_calendar(role) + f"moved-{role}.ics"
        r = c.request("MOVE", base + target, None, {"Destination": self.gw.origin + dest, "Overwrite": "F"})
        problems = self.generic(r, op, role)
        after_src = self.alice.request("GET", WORK + target).status
        dest_owner = self.clients[role] if role != "anonymous" else self.alice
        after_dest = dest_owner.request("GET", dest)
        if r.status == 201:
            if after_src != 404:
                problems.append(f"source {WORK}{target} still answers {after_src} to alice")
            if after_dest.status != 200 or f"victim-{role}-move".encode() not in after_dest.body:
                problems.append(f"destination {dest} answers {after_dest.status}")
        else:
            if after_src != 200:
                problems.append(f"refused MOVE, yet the source answers {after_src} to alice")
            if after_dest.status != 404:
                problems.append(f"refused MOVE, yet {dest} answers {after_dest.status}")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # PROPPATCH calendar displayname
        op = "PROPPATCH calendar displayname"
        r = c.request("PROPPATCH", base, PROPPATCH.format(f"renamed by {role}"))
        problems = self.generic(r, op, role)
        if r.status == 207:
            ms = Multistatus(r.body)
            if f"{{{D}}}displayname" not in ms.responses.get(base, {"props": {}})["props"]:
                problems.append(f"displayname not set: {r.body[:300]!r}")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # MKCALENDAR /dav/calendars/alice/new/
        op = "MKCALENDAR /dav/calendars/alice/new/"
        r = c.request("MKCALENDAR", "/dav/calendars/alice/new/", MKCALENDAR)
        problems = self.generic(r, op, role)
        if r.status != 201 and self.alice.request("PROPFIND", "/dav/calendars/alice/new/", CAL_PROPS,
                                                  {"Depth": "0"}).status != 404:
            problems.append("refused, yet /dav/calendars/alice/new/ exists")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # calendar-query
        op = "calendar-query"
        r = c.request("REPORT", base, QUERY, {"Depth": "1"})
        problems = self.generic(r, op, role) + self.report_content(r, base, role)
        self.matrix.record(op, role, exp[op], r.status, problems)

        # calendar-multiget (e1, plus for grantees a forged href into alice's unshared calendar)
        op = "calendar-multiget"
        r = c.request("REPORT", base, multiget(base + "e1.ics"), {"Depth": "1"})
        problems = self.generic(r, op, role) + self.report_content(r, base, role)
        self.matrix.record(op, role, exp[op], r.status, problems)

        # sync-collection (RFC 6578 3.2: initial, empty token)
        op = "sync-collection"
        r = c.request("REPORT", base, SYNC, {"Depth": "0"})
        problems = self.generic(r, op, role)
        if r.status == 207:
            ms = Multistatus(r.body)
            problems += self.hrefs_under(ms, base)
            if base + "e1.ics" not in ms.responses:
                problems.append(f"{base}e1.ics not in the sync answer")
            if not ms.sync_token():
                problems.append("no DAV:sync-token")
            self.sync_tokens[role] = ms.sync_token()
        self.matrix.record(op, role, exp[op], r.status, problems)

        # free-busy-query
        op = "free-busy-query"
        r = c.request("REPORT", base, FREEBUSY, {"Depth": "1"})
        problems = self.generic(r, op, role)
        if r.status == 200:
            text = r.text().replace("\r\n ", "")
            if "BEGIN:VFREEBUSY" not in text:
                problems.append("no VFREEBUSY")
            if not re.search(r"^FREEBUSY[;:].*20260310T090000Z/(20260310T100000Z|PT1H)", text, re.M):
                problems.append("no FREEBUSY period for e1 (20260310T090000Z/20260310T100000Z)")
            if E1_SUMMARY in text or E1_UID in text:
                problems.append("the free/busy answer carries e1's UID or SUMMARY")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # GET calendar (.ics of whole calendar)
        op = "GET calendar (.ics of whole calendar)"
        r = c.request("GET", base)
        problems = self.generic(r, op, role)
        if r.status == 200 and E1_UID.encode() not in r.body:
            problems.append("the calendar's .ics does not hold e1")
        self.matrix.record(op, role, exp[op], r.status, problems)

        # GET /ics/<token>.ics (anonymous only)
        if role == "anonymous":
            op = "GET /ics/<token>.ics"
            r = c.request("GET", self.token_path)
            problems = [] if r.status != 200 or E1_UID.encode() in r.body else ["the token's .ics does not hold e1"]
            revoked = c.request("GET", self.revoked_path)
            if revoked.status != 404:
                problems.append(f"revoked token answers {revoked.status}, not 404")
            self.matrix.record(op, role, exp[op], r.status, problems)
            self.matrix.record_extra("GET /ics/<revoked token>.ics [anonymous]", 404, revoked.status)

    def report_content(self, r, base, role):
        if r.status != 207:
            return []
        ms = Multistatus(r.body)
        problems = self.hrefs_under(ms, base)
        e1 = ms.responses.get(base + "e1.ics")
        if e1 is None:
            problems.append(f"{base}e1.ics not in the answer (hrefs: {sorted(ms.responses)})")
        else:
            data = e1["props"].get(f"{{{C}}}calendar-data")
            if data is None or E1_UID not in (data.text or ""):
                problems.append("e1 without its calendar-data")
        return problems

    def mount_properties(self, role, entry):
        """issue6.md "CalendarServer sharing properties", the grantee's view of its mount."""
        props = entry["props"]
        rt = props.get(f"{{{D}}}resourcetype")
        kinds = {c.tag for c in rt} if rt is not None else set()
        want = {f"{{{D}}}collection", f"{{{C}}}calendar", f"{{{CS}}}shared"}
        self.matrix.record_extra(f"mount resourcetype collection+calendar+CS:shared [{role}]", True,
                                 want <= kinds, [] if want <= kinds else [f"resourcetype {sorted(kinds)}"])
        su = props.get(f"{{{CS}}}shared-url")
        href = su.findtext("d:href", "", NS).strip() if su is not None else None
        # A freebusy grantee sees resourcetype, displayname, owner and cups only (issue6.md
        # "Privileges"), which leaves CS:shared-url out; when shown, it must be right.
        self.matrix.record_extra(f"mount CS:shared-url [{role}]", (WORK, "absent") if role == "freebusy" else WORK,
                                 urllib.parse.urlsplit(href).path if href else "absent")
        owner = props.get(f"{{{D}}}owner")
        href = owner.findtext("d:href", "", NS).strip() if owner is not None else None
        self.matrix.record_extra(f"mount DAV:owner [{role}]", "/dav/principals/alice/",
                                 urllib.parse.urlsplit(href).path if href else "absent")

    def owner_properties(self, entry):
        """The owner's view: CS:shared-owner, CS:invite with bob (read-write) and carol (read),
        and no freebusy grant (CalendarServer has no such access)."""
        props = entry["props"]
        rt = props.get(f"{{{D}}}resourcetype")
        kinds = {c.tag for c in rt} if rt is not None else set()
        self.matrix.record_extra("owner's calendar resourcetype has CS:shared-owner", True,
                                 f"{{{CS}}}shared-owner" in kinds)
        invite = props.get(f"{{{CS}}}invite")
        got = {}
        if invite is not None:
            for u in invite.findall("cs:user", NS):
                who = " ".join((h.text or "").strip() for h in u.findall("d:href", NS))
                access = u.find("cs:access", NS)
                level = [c.tag.split("}")[1] for c in access] if access is not None else []
                got[who] = level
        summary = sorted(f"{'bob' if 'bob' in w else 'carol' if 'carol' in w else w}:{','.join(a)}"
                         for w, a in got.items())
        self.matrix.record_extra("owner's CS:invite (bob read-write, carol read, no freebusy)",
                                 "bob:read-write carol:read", " ".join(summary) if invite is not None else "absent")

    # --- beyond the table ----------------------------------------------------------------------
    def extras_before_owner(self):
        m = self.matrix
        bob, carol, dave, eve = (self.clients[r] for r in ("read-write", "read", "freebusy", "none"))
        # The owner's path works for a grantee, with the grant's privileges (issue6.md "mount").
        r = carol.request("GET", WORK + "e1.ics")
        m.record_extra("carol GET e1 at alice's path", 200, r.status)
        r = carol.request("PUT", WORK + "carol-owner-path.ics", ics("carol-owner-path@x", "carol"),
                          {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        m.record_extra("carol PUT at alice's path", 403, r.status,
                       self.need_privileges(r, "PUT new object", WORK) if r.status == 403 else [])
        r = dave.request("GET", WORK + "e1.ics")
        m.record_extra("dave GET e1 at alice's path", 403, r.status)
        # Another user's home: 404 even to a grantee; the principal is readable (issue6.md).
        r = bob.request("PROPFIND", "/dav/calendars/alice/", HOME_PROPS, {"Depth": "1"})
        m.record_extra("bob PROPFIND alice's home", 404, r.status)
        r = eve.request("PROPFIND", "/dav/principals/alice/", propfind_body("d:displayname"), {"Depth": "0"})
        m.record_extra("eve PROPFIND alice's principal (readable by every user)", 207, r.status)
        # Nothing of `work` or `secret` for eve, whatever the spelling.
        for path in ("/dav/calendars/eve/shared-alice-work/", "/dav/calendars/eve/shared-alice-work/e1.ics",
                     "/dav/calendars/alice/secret/s1.ics", "/dav/calendars/alice/work/e1.ics"):
            r = eve.request("GET", path)
            m.record_extra(f"eve GET {path}", 404, r.status)
        tricks = ["/dav/calendars/eve/..%2falice/work/", "/dav/calendars/eve/..%2Falice/work/e1.ics",
                  "/dav/calendars/eve/%2e%2e/alice/work/", "/dav/calendars/eve/%2E%2E/alice/work/e1.ics",
                  "/dav/calendars/eve/../alice/work/e1.ics", "/dav/calendars/eve/calendar/../../alice/work/",
                  "/dav/calendars/eve/%2e%2e%2falice%2fwork%2fe1.ics", "/dav/calendars/alice%2fwork/e1.ics",
                  "/dav/calendars/eve/.%2e/alice/work/e1.ics", "/dav/calendars//alice/work/e1.ics",
                  "/dav/calendars/eve/shared-alice-work/..%2f..%2falice/work/e1.ics",
                  "/dav/calendars/%61lice/work/e1.ics", "/dav/calendars/alice/work/%65%31.ics"]
        for path in tricks:
            for method, body, depth in (("GET", None, None), ("PROPFIND", CAL_PROPS, "1")):
                r = eve.request(method, path, body, {"Depth": depth} if depth else None)
                m.record_extra(f"eve {method} {path}", (400, 404), r.status,
                               [] if E1_SUMMARY.encode() not in r.body else ["e1's content in the answer"])
        # Overwriting e1 (PUT to an existing object needs write-content on it, RFC 3744 Appendix B).
        for role in ("read", "freebusy"):
            r = self.clients[role].request("PUT", self.base(role) + "e1.ics", ics(E1_UID, f"overwritten by {role}"),
                                           {"Content-Type": "text/calendar; charset=utf-8"})
            problems = self.need_privileges(r, "PUT new object", self.base(role)) if r.status == 403 else []
            m.record_extra(f"PUT over the existing e1.ics [{role}]", 403, r.status, problems)
        # PROPFIND of e1.ics itself by the freebusy grantee: no ETag, no data (207 with those
        # refused, or 403).
        r = dave.request("PROPFIND", self.base("freebusy") + "e1.ics", CAL_PROPS, {"Depth": "0"})
        problems = []
        if r.status == 207:
            for href, entry in Multistatus(r.body).responses.items():
                shown = [t for t in (f"{{{D}}}getetag", f"{{{C}}}calendar-data", f"{{{D}}}displayname")
                         if t in entry["props"]]
                if shown:
                    problems.append(f"{href} shows {shown}")
        m.record_extra("dave PROPFIND e1.ics: no getetag, no calendar-data", (207, 403), r.status, problems)
        # MOVE of an own event INTO a read mount: bind on the mount is missing (RFC 3744 Appendix B).
        own = self.own_calendar("read") + "carol-own.ics"
        carol.request("PUT", own, ics("carol-own@calbridge.test", "carol's own"),
                      {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        r = carol.request("MOVE", own, None, {"Destination": self.gw.origin + self.base("read") + "carol-own.ics"})
        problems = self.need_privileges(r, "PUT new object", self.base("read")) if r.status == 403 else []
        if carol.request("GET", own).status != 200:
            problems.append(f"{own} gone after the refused MOVE")
        m.record_extra("carol MOVE her own event into her read mount", 403, r.status, problems)
        # ... and into a read-write mount: 201, Location (if any) under the mount, alice sees it.
        own = self.own_calendar("read-write") + "bob-own.ics"
        bob.request("PUT", own, ics("bob-own@calbridge.test", "bob's own"),
                    {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        r = bob.request("MOVE", own, None, {"Destination": self.gw.origin + self.base("read-write") + "bob-own.ics"})
        problems = []
        loc = r.headers.get("location")
        if loc and not urllib.parse.urlsplit(loc).path.startswith(self.base("read-write")):
            problems.append(f"Location {loc} not under {self.base('read-write')}")
        if r.status == 201 and self.alice.request("GET", WORK + "bob-own.ics").status != 200:
            problems.append("alice does not see the moved event")
        m.record_extra("bob MOVE his own event into his read-write mount", 201, r.status, problems)
        # Wrong password: 401, whoever the user.
        for role in ("read-write", "none"):
            wrong = RawClient(self.gw.origin, USER_OF[role], "not-the-password", role, self.log)
            r = wrong.request("GET", self.base(role) + "e1.ics")
            m.record_extra(f"wrong password [{role}]", 401, r.status, self.challenge(r) if r.status == 401 else [])
        # COPY out of the calendar into one's own: read on the source is needed (RFC 3744
        # Appendix B), so a freebusy grantee must not get the content this way.
        for role, expected in (("freebusy", 403), ("none", 404), ("read", 201)):
            dest = self.own_calendar(role) + f"copied-{role}.ics"
            r = self.clients[role].request("COPY", self.base(role) + "e1.ics", None,
                                           {"Destination": self.gw.origin + dest, "Overwrite": "F"})
            problems = []
            if r.status == 403:
                problems = self.need_privileges(r, "GET e1.ics", self.base(role))
            got = self.clients[role].request("GET", dest)
            if expected != 201 and got.status != 404:
                problems.append(f"refused COPY, yet {dest} answers {got.status}")
            if expected == 201 and (got.status != 200 or E1_UID.encode() not in got.body):
                problems.append(f"{dest} answers {got.status} after the COPY")
            m.record_extra(f"COPY e1.ics to own calendar [{role}]", expected, r.status, problems)
        # Depth infinity on a home (RFC 4918 9.1: 207, or 403 propfind-finite-depth): nothing
        # outside the user's own home and mounts, nothing of `secret`.
        for role in ("none", "read"):
            r = self.clients[role].request("PROPFIND", self.home(role), HOME_PROPS, {"Depth": "infinity"})
            problems = []
            if r.status == 207:
                hrefs = list(Multistatus(r.body).responses)
                problems = [f"href {h} outside {self.home(role)}" for h in hrefs if not h.startswith(self.home(role))]
                problems += [f"href {h} names alice's secret" for h in hrefs if "secret" in h]
            m.record_extra(f"PROPFIND own home Depth infinity [{role}]", (207, 403), r.status, problems)
        # Forged hrefs in a multiget eve runs on her own calendar: 404 per href (RFC 4791 7.9).
        forged = [WORK + "e1.ics", "/dav/calendars/eve/shared-alice-work/e1.ics", SECRET + "s1.ics",
                  "/dav/calendars/eve/calendar/..%2f..%2falice/work/e1.ics",
                  "/dav/calendars/eve/calendar/%2e%2e/%2e%2e/alice/work/e1.ics"]
        r = eve.request("REPORT", "/dav/calendars/eve/calendar/", multiget(*forged), {"Depth": "1"})
        self.forged_multiget("eve multiget on her calendar, forged hrefs to alice's objects", r, forged)
        # carol (read on work) towards alice's unshared `secret`, from her mount.
        cm = "/dav/calendars/carol/shared-alice-work/"
        forged = [SECRET + "s1.ics", "/dav/calendars/carol/shared-alice-secret/s1.ics", cm + "..%2fsecret/s1.ics",
                  cm + "%2e%2e/secret/s1.ics"]
        r = carol.request("REPORT", cm, multiget(cm + "e1.ics", *forged), {"Depth": "1"})
        self.forged_multiget("carol multiget on her mount, forged hrefs into alice's secret", r, forged,
                             wanted=cm + "e1.ics")
        for path in (SECRET, "/dav/calendars/carol/shared-alice-secret/", cm + "..%2fsecret/s1.ics",
                     cm + "%2e%2e/secret/s1.ics", cm + "../secret/s1.ics"):
            r = carol.request("GET", path)
            m.record_extra(f"carol GET {path}", (400, 404), r.status,
                           [] if S1_SUMMARY.encode() not in r.body else ["s1's content in the answer"])

    def sync_delta(self, role):
        """After bob's writes: the role's sync-collection from its token of the initial sync
        reports them under its own mount (RFC 6578 3.5)."""
        base = self.base(role)
        token = self.sync_tokens.get(role, "")
        body = SYNC.replace("<d:sync-token/>", f"<d:sync-token>{token}</d:sync-token>")
        r = self.clients[role].request("REPORT", base, body, {"Depth": "0"})
        problems = []
        if r.status == 207:
            ms = Multistatus(r.body)
            problems = self.hrefs_under(ms, base)
            if base + "new-read-write.ics" not in ms.responses:
                problems.append(f"bob's new object missing from the delta ({sorted(ms.responses)})")
            if base + "e1.ics" in ms.responses:
                problems.append("the unchanged e1.ics is in the delta")
            if ms.sync_token() in ("", token):
                problems.append("no new sync-token")
        self.matrix.record_extra(f"sync-collection delta after read-write's writes [{role}]", 207, r.status, problems)

    def forged_multiget(self, what, r, forged, wanted=None):
        problems = []
        if r.status == 207:
            ms = Multistatus(r.body)
            for raw in forged:
                path = urllib.parse.unquote(raw)
                entry = ms.responses.get(path) or ms.responses.get(raw)
                if entry is None:
                    problems.append(f"no response for {raw}")
                elif not (entry["status"] or "").split()[1:2] == ["404"]:
                    problems.append(f"{raw}: {entry['status']!r}, props {sorted(entry['props'])}")
            if wanted and wanted not in ms.responses:
                problems.append(f"{wanted} missing")
            if E1_SUMMARY.encode() in r.body and not wanted:
                problems.append("e1's content in the answer")
            if S1_SUMMARY.encode() in r.body:
                problems.append("s1's content in the answer")
        self.matrix.record_extra(what, 207, r.status, problems)

    def extras_after_owner(self):
        m = self.matrix
        # A mount is no place for collections (issue6.md): it exists, so MKCOL -> 405 (RFC 4918
        # 9.3.1) and MKCALENDAR -> 403 DAV:resource-must-be-null (RFC 4791 5.3.1 precondition; what
        # calbridge answers for any existing resource; issue6.md says 405 for both). After the
        # table: a collection wrongly created would hide the mount from bob's cells.
        bob = self.clients["read-write"]
        r = bob.request("MKCALENDAR", "/dav/calendars/bob/shared-alice-work/", MKCALENDAR)
        problems = [] if r.status != 403 or b"resource-must-be-null" in r.body else [f"body {r.body[:200]!r}"]
        m.record_extra("bob MKCALENDAR on his mount path (DAV:resource-must-be-null)", 403, r.status, problems)
        r = bob.request("MKCOL", "/dav/calendars/bob/shared-alice-work/")
        m.record_extra("bob MKCOL on his mount path", 405, r.status)
        r = bob.request("MKCOL", "/dav/calendars/bob/shared-alice-work/sub/")
        m.record_extra("bob MKCOL inside his mount (a calendar holds no collections)", (403, 405, 409), r.status)
        for role in ("read-write", "read", "freebusy"):
            c = self.clients[role]
            mount = self.base(role)
            r = c.request("DELETE", mount)
            # DELETE of a collection needs unbind on its parent (RFC 3744 Appendix B): the grantee's
            # home, under the mount's path; the privilege named may be unbind (or write/all).
            problems = []
            if r.status == 403:
                problems = self.need_privileges(r, "DELETE e1.ics", self.home(role))
            m.record_extra(f"DELETE of the mount itself [{role}]", 403, r.status, problems)
        # The token URL is read-only (RFC 5545 subscription): no write through it.
        anon = self.clients["anonymous"]
        for method, body in (("PUT", ics(E1_UID, "overwritten through the token")), ("DELETE", None),
                             ("PROPPATCH", PROPPATCH.format("renamed through the token"))):
            r = anon.request(method, self.token_path, body,
                             {"Content-Type": "text/calendar; charset=utf-8"} if method == "PUT" else None)
            m.record_extra(f"anonymous {method} on the token URL", (401, 403, 405), r.status)
        # Group membership is what gives dave his access: out of the group, out of the calendar.
        r = self.gw.cli("group", "remove", GROUP, "dave")
        self.checks.check(f"calbridge group remove {GROUP} dave", r.returncode == 0,
                          f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-300:]}")
        dave = self.clients["freebusy"]
        r = dave.request("REPORT", self.base("freebusy"), FREEBUSY, {"Depth": "1"})
        m.record_extra("dave out of the group: free-busy-query at his old mount", 404, r.status)
        r = dave.request("PROPFIND", self.home("freebusy"), HOME_PROPS, {"Depth": "1"})
        listed = r.status == 207 and self.base("freebusy") in Multistatus(r.body).responses
        m.record_extra("dave out of the group: his home lists no mount", 207, r.status,
                       ["the mount is still listed"] if listed else [])

    def leak_checks(self):
        """Over every exchange of the run: e1's content never reached freebusy, none or anonymous
        except through the live token; s1 (unshared) never reached anybody but alice."""
        e1_leaks, s1_leaks = [], []
        for role, method, path, status, body in self.log:
            if role in ("freebusy", "none", "anonymous") and E1_SUMMARY.encode() in body \
                    and not (role == "anonymous" and path == self.token_path):
                e1_leaks.append(f"{role} {method} {path} -> {status}")
            if role != "owner" and S1_SUMMARY.encode() in body:
                s1_leaks.append(f"{role} {method} {path} -> {status}")
        self.checks.check(f"no e1 content to freebusy/none/anonymous in {len(self.log)} exchanges", not e1_leaks,
                          "; ".join(e1_leaks[:10]))
        self.checks.check("no content of the unshared calendar to anyone but alice", not s1_leaks,
                          "; ".join(s1_leaks[:10]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("calbridge")
    ap.add_argument("--work-dir")
    args = ap.parse_args()
    work = args.work_dir or tempfile.mkdtemp(prefix="calbridge-matrix.")
    checks = Checks("permission-matrix")
    gw = Gateway(os.path.abspath(args.calbridge), work, ["alice", "bob", "carol", "dave", "eve"])
    try:
        gw.start()
        run = Run(gw, checks)
        run.setup()
        before = run.snapshot()
        # Roles that may write nothing first: afterwards alice's calendar must be byte-identical.
        for role in ("none", "anonymous", "freebusy", "read"):
            run.run_role(role)
        after = run.snapshot()
        run.compare("after none, anonymous, freebusy and read", before, after,
                    ["etags", "displayname", "sync-token", "ctag", "home", "e1"])
        run.extras_before_owner()
        run.run_role("read-write")
        after_rw = run.snapshot()
        run.compare("after read-write", before, after_rw, ["displayname", "home", "e1"])
        for href in before["etags"]:
            checks.equal(f"alice's data intact after read-write: {href}", after_rw["etags"].get(href),
                         before["etags"][href])
        checks.check("read-write's new object is in alice's calendar", WORK + "new-read-write.ics" in after_rw["etags"])
        run.sync_delta("read")
        run.run_role("owner")
        run.extras_after_owner()
        final = run.snapshot()
        checks.equal("alice's e1.ics intact at the end (ETag)", final["etags"].get(WORK + "e1.ics"),
                     before["etags"].get(WORK + "e1.ics"))
        checks.equal("alice's e1.ics intact at the end (body)", final["e1"], before["e1"])
        run.leak_checks()
        run.matrix.print_table()
    except Exception as e:  # noqa: BLE001 - a harness error is a failure with its reason
        import traceback
        traceback.print_exc()
        checks.check("the run completed", False, f"{type(e).__name__}: {e}")
        if "run" in locals():
            run.matrix.print_table()
    finally:
        status = stop_and_finish(gw, checks, work, args.work_dir, "permission-matrix")
    return status


if __name__ == "__main__":
    sys.exit(main())
