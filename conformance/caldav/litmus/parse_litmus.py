#!/usr/bin/python3
"""parse_litmus.py SUITE OUTPUT_FILE EXIT_CODE

Turns the console output of one litmus 0.13 test program into one line per test and a
summary; exit 0 only if every test of the suite ran and passed.

litmus prints "\\r N. name...... " before a test and rewrites the line with the result:
`pass`, `pass (with N warning(s))`, `FAIL (reason, possibly over several lines)`, `SKIPPED`,
or `WARNING: text` followed by a line `   ...... pass/FAIL`. A SKIPPED test (its
prerequisite failed) is reported as skipped, never as passed. The parsed counts are
checked against litmus's own "<- summary" line, and tests after an abort (litmus stops a
suite when `begin` fails) are counted as not run, so a parse that loses tests fails.
"""
import re
import sys

# Number of tests of each litmus 0.13 program (indices 0..N-1), to count tests never run.
EXPECTED_TESTS = {"basic": 16, "copymove": 13, "props": 30, "http": 4, "locks": 41}

TEST_LINE = re.compile(r"^\s*(\d+)\.\s(\S+?)\.*\s+(.*)$")
CONTINUATION = re.compile(r"^\s+\.{3,}\s+(.*)$")
SUMMARY = re.compile(r"^<- summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed")


def parse(text):
    tests = []          # dicts: index, name, result (pass/FAIL/SKIPPED), detail, warnings
    current = None
    summary = None
    for raw in text.split("\n"):  # not splitlines(): it also splits at litmus's \r
        line = raw.split("\r")[-1].rstrip() if "\r" in raw else raw.rstrip()
        m = SUMMARY.match(line)
        if m:
            summary = tuple(int(x) for x in m.groups()[1:])
            current = None
            continue
        if line.startswith(("->", "<-", "See debug.log")):
            current = None
            continue
        m = TEST_LINE.match(line)
        if m and not CONTINUATION.match(line):
            current = {"index": int(m.group(1)), "name": m.group(2), "result": None,
                       "detail": "", "warnings": []}
            tests.append(current)
            apply_result(current, m.group(3))
            continue
        if current is None:
            continue
        m = CONTINUATION.match(line)
        if m:
            apply_result(current, m.group(1))
        elif current["result"] == "FAIL" or current["result"] is None and current["warnings"]:
            # more lines of a FAIL reason or of a WARNING text
            if current["result"] == "FAIL":
                current["detail"] += " " + line.strip()
            else:
                current["warnings"][-1] += " " + line.strip()
    return tests, summary


def apply_result(test, text):
    text = text.strip()
    if text.startswith("WARNING:"):
        test["warnings"].append(text[len("WARNING:"):].strip())
    elif text.startswith("pass"):
        test["result"] = "pass"
    elif text.startswith("FAIL"):
        test["result"] = "FAIL"
        test["detail"] = text[len("FAIL"):].strip()
    elif text.startswith("SKIPPED"):
        test["result"] = "SKIPPED"
    elif text:
        test["result"] = "FAIL"
        test["detail"] = f"unrecognised litmus result {text!r}"


def main():
    suite, path, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8", errors="replace", newline="") as f:  # keep the \r
        tests, summary = parse(f.read())
    counts = {"pass": 0, "FAIL": 0, "SKIPPED": 0}
    warnings = 0
    for t in tests:
        result = t["result"] or "FAIL"
        if t["result"] is None:
            t["detail"] = "no result printed (litmus crashed or timed out?)"
        counts[result] += 1
        warnings += len(t["warnings"])
        label = {"pass": "pass", "FAIL": "FAIL", "SKIPPED": "SKIPPED"}[result]
        print(f"litmus {suite}: {t['index']:2d}. {t['name']} {label}"
              + (f" {t['detail']}" if t["detail"] else ""))
        for w in t["warnings"]:
            print(f"litmus {suite}: {t['index']:2d}. {t['name']} WARNING: {w}")
    problems = []
    expected = EXPECTED_TESTS.get(suite)
    not_run = 0
    if expected is not None:
        not_run = max(0, expected - len(tests))
        if len(tests) > expected:
            problems.append(f"{len(tests)} tests parsed, litmus 0.13 has {expected}: update EXPECTED_TESTS")
    if summary is None:
        problems.append("litmus printed no summary line")
    else:
        run, passed, failed = summary
        # litmus counts neither SKIPPED tests nor, in "run", the skipped ones.
        if (passed, failed) != (counts["pass"], counts["FAIL"]):
            problems.append(f"parsed {counts['pass']} passed/{counts['FAIL']} failed but litmus says "
                            f"{passed}/{failed}: parser out of step with litmus output")
    if rc not in (0,) and counts["FAIL"] == 0 and not problems:
        problems.append(f"litmus exited {rc} with no failed test parsed")
    for p in problems:
        print(f"litmus {suite}: HARNESS PROBLEM: {p}")
    ok = counts["FAIL"] == 0 and counts["SKIPPED"] == 0 and not_run == 0 and not problems and rc == 0
    print(f"litmus {suite}: {'PASS' if ok else 'FAIL'}: {len(tests)} run, {counts['pass']} passed, "
          f"{counts['FAIL']} failed, {counts['SKIPPED']} skipped, {not_run} not run, "
          f"{warnings} warning(s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
