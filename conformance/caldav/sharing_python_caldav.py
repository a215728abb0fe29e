#!/usr/bin/python3
"""sharing_python_caldav.py CALBRIDGE [--work-dir DIR]: issue 6 "python3-caldav as two users"
against a live `calbridge serve` (127.0.0.1, port 0, its own temporary store).

alice (python3-caldav) makes `work` and `private` and puts an event in each; the CLI shares
`work` read-write with bob and `private` read with carol (`calbridge share CAL --with USER
--access ... --user alice`). Then, each user with his own caldav.DAVClient:
  - bob's principal.calendars() (through his calendar home) lists the shared `work` at his mount
    /dav/calendars/bob/shared-alice-work/, not `private`; he reads alice's event, saves a new
    one and edits hers, and alice sees both;
  - carol's lists `private` only; she reads its event; save_event raises caldav's
    AuthorizationError (python3-caldav 0.11 davclient.request raises it on 403) and creates
    nothing;
  - a grantee's write racing the owner's: alice (her path) and bob (his mount) PUT the same
    object with the same If-Match at the same moment: exactly one 204 and one 412, and the
    loser's re-read shows the winner's body and ETag (RFC 9110 13.1.1), in several rounds;
  - `calbridge unshare work --with bob --user alice`: the calendar leaves bob's list and his
    mount answers 404.
Prints `ok`/`FAIL` lines and `sharing-python-caldav: N passed, M failed`; exit 1 on failure.
"""
import argparse
import os
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from davcheck import Checks  # noqa: E402
from gateway import Gateway, RawClient, stop_and_finish  # noqa: E402

import caldav  # noqa: E402  (Debian python3-caldav, /usr/bin/python3)
from caldav.lib import error as caldav_error  # noqa: E402

WORK = "/dav/calendars/alice/work/"
PRIVATE = "/dav/calendars/alice/private/"
BOB_MOUNT = "/dav/calendars/bob/shared-alice-work/"
CAROL_MOUNT = "/dav/calendars/carol/shared-alice-private/"
RACE_ROUNDS = 5


def ics(uid, summary, start="20260310T090000Z"):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//sharing test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDURATION:PT1H\r\n"
            f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def path_of(obj):
    return str(obj.url.path) if hasattr(obj.url, "path") else str(obj.url)


def summaries(calendar):
    out = {}
    for ev in calendar.events():
        ev.load()
        comp = ev.icalendar_instance.walk("VEVENT")[0]
        out[str(comp.get("UID"))] = str(comp.get("SUMMARY"))
    return out


def calendar_paths(principal):
    return sorted(path_of(c) for c in principal.calendars())


def mounted_calendar(checks, who, principal, mount, shared, not_shared):
    """The calendar `principal` lists at `mount` (alice's `shared` one), or None; checks that the
    list holds it and nothing of alice's `not_shared` calendar."""
    calendars = principal.calendars()
    paths = sorted(path_of(c) for c in calendars)
    checks.check(f"{who}: principal.calendars() lists {shared} at the mount", mount in paths, f"{paths}")
    checks.check(f"{who}: principal.calendars() lists nothing of alice's {not_shared}",
                 not any(not_shared in p for p in paths), f"{paths}")
    found = next((c for c in calendars if path_of(c) == mount), None)
    if found is None:
        checks.check(f"{who}: the shared calendar is usable", False, f"not listed; the rest of {who}'s steps skipped")
    return found


def race(checks, gw, alice_raw, bob_raw, rnd):
    """alice and bob PUT one object with the same If-Match at once: one 204, one 412."""
    name = f"race-{rnd}.ics"
    uid = f"race-{rnd}@calbridge.test"
    r = alice_raw.request("PUT", WORK + name, ics(uid, "race base"),
                          {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
    etag = r.headers.get("etag")
    if r.status != 201 or not etag:
        checks.check(f"race {rnd}: alice creates the object", False, f"{r.status}, ETag {etag!r}")
        return
    bodies = {"alice": ics(uid, f"race {rnd} won by alice"), "bob": ics(uid, f"race {rnd} won by bob")}
    paths = {"alice": WORK + name, "bob": BOB_MOUNT + name}
    clients = {"alice": alice_raw, "bob": bob_raw}
    barrier = threading.Barrier(2)
    results = {}

    def put(who):
        barrier.wait()
        results[who] = clients[who].request("PUT", paths[who], bodies[who],
                                            {"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag})

    threads = [threading.Thread(target=put, args=(w,)) for w in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted((results[w].status, w) for w in results)
    ok = [s for s, _ in statuses] == [204, 412]
    checks.check(f"race {rnd}: same If-Match from owner and grantee -> exactly one 204 and one 412", ok,
                 f"got {statuses}")
    if not ok:
        return
    winner = next(w for s, w in statuses if s == 204)
    loser = next(w for s, w in statuses if s == 412)
    checks.info(f"race {rnd}: {winner} won")
    again = clients[loser].request("GET", paths[loser])
    checks.check(f"race {rnd}: the loser ({loser}) re-reads the winner's ({winner}) body",
                 again.status == 200 and f"won by {winner}" in again.text(),
                 f"{again.status}: {again.text()[:200]!r}")
    checks.equal(f"race {rnd}: the loser's re-read ETag is the winner's", again.headers.get("etag"),
                 results[winner].headers.get("etag"))
    # The loser may now write with the fresh ETag (a 412 is a retry hint, not a lock-out).
    retry = clients[loser].request("PUT", paths[loser], bodies[loser],
                                   {"Content-Type": "text/calendar; charset=utf-8",
                                    "If-Match": again.headers.get("etag", "")})
    checks.equal(f"race {rnd}: the loser's retry with the re-read ETag", retry.status, 204)


def scenario(checks, gw):
    url = gw.url
    alice = caldav.DAVClient(url=url, username="alice", password=gw.passwords["alice"])
    bob = caldav.DAVClient(url=url, username="bob", password=gw.passwords["bob"])
    carol = caldav.DAVClient(url=url, username="carol", password=gw.passwords["carol"])
    a_principal = alice.principal()
    work = a_principal.make_calendar(name="Work", cal_id="work")
    private = a_principal.make_calendar(name="Private", cal_id="private")
    checks.equal("alice: make_calendar work", path_of(work), WORK)
    checks.equal("alice: make_calendar private", path_of(private), PRIVATE)
    work.save_event(ics("a1@calbridge.test", "alice's planning"))
    private.save_event(ics("p1@calbridge.test", "alice's dentist"))

    for args in (["share", "work", "--with", "bob", "--access", "read-write", "--user", "alice"],
                 ["share", "private", "--with", "carol", "--access", "read", "--user", "alice"]):
        r = gw.cli(*args)
        checks.check(f"calbridge {' '.join(args)}", r.returncode == 0,
                     f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-400:]}")

    # bob: the shared calendar through his own home.
    b_work = mounted_calendar(checks, "bob", bob.principal(), BOB_MOUNT, "work", "private")
    if b_work is not None:
        checks.equal("bob: the shared calendar's display name", b_work.get_display_name(), "Work")
        checks.equal("bob: reads alice's event", summaries(b_work).get("a1@calbridge.test"), "alice's planning")
        checks.step("bob: save_event on the shared calendar", b_work.save_event,
                    ics("b1@calbridge.test", "bob's review", "20260311T130000Z"))
        ev = checks.step("bob: event_by_uid(a1)", b_work.event_by_uid, "a1@calbridge.test")
        if ev is not None:
            checks.check("bob: the event's URL is under his mount", path_of(ev).startswith(BOB_MOUNT), path_of(ev))
            ev.data = ev.data.replace("SUMMARY:alice's planning", "SUMMARY:planning, edited by bob")
            checks.step("bob: edits alice's event (save)", ev.save)
        seen = summaries(work)
        checks.equal("alice sees bob's new event", seen.get("b1@calbridge.test"), "bob's review")
        checks.equal("alice sees bob's edit of her event", seen.get("a1@calbridge.test"), "planning, edited by bob")

    # carol: read only.
    c_private = mounted_calendar(checks, "carol", carol.principal(), CAROL_MOUNT, "private", "work")
    if c_private is not None:
        checks.equal("carol: reads alice's event", summaries(c_private).get("p1@calbridge.test"), "alice's dentist")
        raised = None
        try:
            c_private.save_event(ics("c1@calbridge.test", "carol was here"))
        except Exception as e:  # noqa: BLE001 - which class is the check
            raised = e
        checks.check("carol: save_event raises caldav's AuthorizationError (403)",
                     isinstance(raised, caldav_error.AuthorizationError),
                     f"raised {type(raised).__name__ if raised else 'nothing'}: {raised}")
        checks.check("carol: her refused event is nowhere", "c1@calbridge.test" not in summaries(private),
                     f"{sorted(summaries(private))}")
        ev = next(iter(c_private.events()), None)
        if ev is not None:
            raised = None
            try:
                ev.delete()
            except Exception as e:  # noqa: BLE001
                raised = e
            checks.check("carol: delete raises caldav's AuthorizationError (403)",
                         isinstance(raised, caldav_error.AuthorizationError),
                         f"raised {type(raised).__name__ if raised else 'nothing'}: {raised}")
            checks.equal("carol: alice's event survived the refused delete",
                         summaries(private).get("p1@calbridge.test"), "alice's dentist")

    # Owner and grantee racing with the same If-Match.
    log = []
    alice_raw = RawClient(gw.origin, "alice", gw.passwords["alice"], "alice", log)
    bob_raw = RawClient(gw.origin, "bob", gw.passwords["bob"], "bob", log)
    for rnd in range(RACE_ROUNDS):
        race(checks, gw, alice_raw, bob_raw, rnd)

    # unshare: gone from bob's list, his mount 404.
    r = gw.cli("unshare", "work", "--with", "bob", "--user", "alice")
    checks.check("calbridge unshare work --with bob --user alice", r.returncode == 0,
                 f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-400:]}")
    b_cals = calendar_paths(bob.principal())
    checks.check("bob: after unshare, principal.calendars() no longer lists work", BOB_MOUNT not in b_cals,
                 f"{b_cals}")
    r = bob_raw.request("PROPFIND", BOB_MOUNT, None, {"Depth": "0"})
    checks.equal("bob: after unshare, his mount answers 404", r.status, 404)
    r = bob_raw.request("GET", WORK + "race-0.ics")
    checks.equal("bob: after unshare, alice's path answers 404", r.status, 404)
    checks.check("carol still has private after bob's unshare", CAROL_MOUNT in calendar_paths(carol.principal()))
    checks.equal("alice still has her events after the unshare", summaries(work).get("b1@calbridge.test"),
                 "bob's review")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("calbridge")
    ap.add_argument("--work-dir")
    args = ap.parse_args()
    work = args.work_dir or tempfile.mkdtemp(prefix="calbridge-sharing.")
    checks = Checks("sharing-python-caldav")
    gw = Gateway(os.path.abspath(args.calbridge), work, ["alice", "bob", "carol"])
    try:
        gw.start()
        scenario(checks, gw)
    except Exception as e:  # noqa: BLE001 - a harness or client error is a failure with its reason
        import traceback
        traceback.print_exc()
        checks.check("the run completed", False, f"{type(e).__name__}: {e}")
    finally:
        status = stop_and_finish(gw, checks, work, args.work_dir, "sharing-python-caldav")
    return status


if __name__ == "__main__":
    sys.exit(main())
