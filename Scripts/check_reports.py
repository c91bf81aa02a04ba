#!/usr/bin/env python3
"""Checks freshly rendered sample reports against the committed Reports/.

For every report in the manifest: the PDF opens (pdfinfo) with the expected page
count and metadata; its text (pdftotext) shows the client's name and the headline
numbers, which must equal `relief analyze --json`; every PNG has the expected size
and matches the committed one within a small pixel tolerance (`relief compare-images`).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import argparse, json, math, os, subprocess, sys, unicodedata

failures, passed = [], 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


BIDI_CONTROLS = dict.fromkeys(list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)) + [0x200E, 0x200F])


def norm(s):
    return " ".join(unicodedata.normalize("NFKC", s).translate(BIDI_CONTROLS).split())


def fmt(v):
    # Relief rounds half away from zero (Swift's .rounded()), not half to even as Python's round().
    r = math.floor(v * 10 + 0.5) / 10
    return str(int(r)) if r == int(r) else f"{r:.1f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relief", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--actual", required=True)
    ap.add_argument("--month", required=True)
    ap.add_argument("--tolerance", default="0.002")
    a = ap.parse_args()
    exp_dir = os.path.join(a.expected, a.month)
    act_dir = os.path.join(a.actual, a.month) if os.path.isdir(os.path.join(a.actual, a.month)) else a.actual
    if not os.path.isdir(exp_dir):
        exp_dir = a.expected
    with open(os.path.join(exp_dir, "manifest.json")) as f:
        expected = json.load(f)
    with open(os.path.join(act_dir, "manifest.json")) as f:
        actual = json.load(f)
    exp_files = sorted(r["pdf"] for r in expected["reports"])
    act_files = sorted(r["pdf"] for r in actual["reports"])
    check(exp_files == act_files, f"the same reports as committed ({len(act_files)} rendered, {len(exp_files)} committed)")
    by_pdf = {r["pdf"]: r for r in expected["reports"]}
    for r in actual["reports"]:
        pdf = os.path.join(act_dir, r["pdf"])
        info = run(["pdfinfo", pdf])
        check(info.returncode == 0, f"{r['pdf']}: pdfinfo opens it")
        fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
        pages = int(fields.get("Pages", "0").strip() or 0)
        check(pages == r["pages"], f"{r['pdf']}: {pages} pages, manifest says {r['pages']}")
        if r["kind"] == "client":
            check(2 <= pages <= 4, f"{r['pdf']}: a client report is 2–4 pages (has {pages})")
        else:
            # 3–6 pages, plus up to 2 when a case-mix model passes its check (funnel plots and readings).
            check(3 <= pages <= 8, f"{r['pdf']}: the clinic report is 3–8 pages (has {pages})")
        check(r["name"] in fields.get("Title", ""), f"{r['pdf']}: PDF title names {r['name']!r}")
        check(fields.get("Creator", "").strip().startswith("Relief"), f"{r['pdf']}: creator is Relief")
        text = norm(run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout)
        name = norm(r["name"])
        rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name)
        # pdftotext splits right-to-left words where a letter does not join the next
        # (e.g. after alef), so for RTL names compare with spaces removed.
        check(name in text or (rtl and name.replace(" ", "") in text.replace(" ", "")),
              f"{r['pdf']}: the text shows the name {r['name']!r}")
        if r["kind"] == "client" and r.get("clientID"):
            an = run([a.relief, "analyze", "--client", r["clientID"], "--month", a.month, "--db", a.db, "--json"])
            check(an.returncode == 0, f"{r['pdf']}: relief analyze --client runs")
            if an.returncode == 0:
                j = json.loads(an.stdout)
                check(j["sessions"] == r["headline"].get("sessions"), f"{r['pdf']}: sessions equal analyze --json ({j['sessions']} vs {r['headline'].get('sessions')})")
                cur = j["pain"]["current"]
                check(cur == r["headline"].get("painCurrent"), f"{r['pdf']}: current pain equals analyze --json")
                if cur is not None:
                    check(f"{fmt(cur)} / 10" in text, f"{r['pdf']}: the text shows current pain {fmt(cur)} / 10")
        exp = by_pdf.get(r["pdf"])
        for img in r["images"]:
            path = os.path.join(act_dir, img["file"])
            with open(path, "rb") as f:
                head = f.read(24)
            w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            check(head[:8] == b"\x89PNG\r\n\x1a\n" and (w, h) == (img["width"], img["height"]),
                  f"{img['file']}: PNG {w}×{h}, manifest says {img['width']}×{img['height']}")
            committed = os.path.join(exp_dir, img["file"])
            if exp and os.path.exists(committed):
                cmp = run([a.relief, "compare-images", committed, path, "--tolerance", a.tolerance,
                           "--diff", path + ".diff.png"])
                check(cmp.returncode == 0, f"{img['file']}: matches the committed image ({cmp.stdout.strip() or cmp.stderr.strip()})")
            else:
                check(False, f"{img['file']}: no committed image to compare with")
    print(f"reports: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
