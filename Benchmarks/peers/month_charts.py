"""matplotlib peer of `relief report month`: for every client with a session in the
month, the same four charts Relief's client report draws, at the same sizes, read
from Relief's database:

  1. session pain: dumbbells before -> after (circle -> diamond), check-ins as small
     hollow points, the baseline and 30%-better lines with labels, the Theil-Sen
     trend line, legend, dated x axis (the month and the two before it);
  2. sleep, mood and stress: three small multiples on 0-10 axes;
  3. relief duration: Kaplan-Meier step curve of the client's relief_days with a
     95% band (Greenwood, log-log) and the median marked;
  4. attendance: a calendar of the month, session days filled, long gaps hatched.

Sizes are Relief's (content width of an A4 page, 511.28 pt; heights 250, 200, 200,
150 pt); each PNG at 1.5x (108 dpi) like `relief report month`, and one PDF per
client holding the four charts (one per page). What Relief does and this does not:
the report's text, headline table, session table and page layout, the clinic
report, index.html and manifest.json. So the ratio flatters the peer.

Clients are spread over JOBS worker processes (default: the number of cores, like
`relief report month --jobs`). `--sample K` renders every K-th client only (the
harness scales the time up by K, and says so).

Usage: python month_charts.py DB YYYY-MM OUTDIR [--no-png] [--jobs N] [--sample K]"""
import argparse, datetime, math, os, sqlite3, sys
from multiprocessing import Pool

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.patches import Rectangle
import numpy as np

W = 511.28 / 72  # inches
HEIGHTS = (250 / 72, 200 / 72, 200 / 72, 150 / 72)
DPI = 108
EPOCH = datetime.date(1970, 1, 1)
BEFORE, AFTER, REF, MUTED, TREND = "#D55E00", "#0072B2", "#8C959F", "#5F6B76", "#009E73"
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9,
                     "axes.titlelocation": "left"})


def day(o):
    return EPOCH + datetime.timedelta(days=int(o))


def month_range(month):
    y, m = int(month[:4]), int(month[5:7])
    first = (datetime.date(y, m, 1) - EPOCH).days
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    last = (datetime.date(ny, nm, 1) - EPOCH).days - 1
    wy, wm = y, m - 2
    if wm < 1:
        wy, wm = y - 1, wm + 12
    window = (datetime.date(wy, wm, 1) - EPOCH).days
    return first, last, window


def theil_sen(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    i, j = np.triu_indices(len(x), 1)
    dx = x[j] - x[i]
    ok = dx != 0
    if not ok.any():
        return None
    slope = float(np.median((y[j] - y[i])[ok] / dx[ok]))
    return slope, float(np.median(y - slope * x))


def kaplan_meier(times, events):
    order = np.argsort(times)
    t, e = np.asarray(times, float)[order], np.asarray(events, bool)[order]
    n, s, var, out = len(t), 1.0, 0.0, [(0.0, 1.0, 1.0, 1.0)]
    for u in np.unique(t[e]):
        at_risk = np.sum(t >= u)
        d = np.sum((t == u) & e)
        s *= 1 - d / at_risk
        if at_risk > d:
            var += d / (at_risk * (at_risk - d))
        if 0 < s < 1:
            c = 1.96 * math.sqrt(var) / abs(math.log(s))
            lo, hi = s ** math.exp(c), s ** math.exp(-c)
        else:
            lo = hi = s
        out.append((float(u), s, lo, hi))
    return out, n


def pain_chart(sessions, checkins, baseline):
    fig, ax = plt.subplots(figsize=(W, HEIGHTS[0]))
    fig.suptitle("Pain before and after each session", x=0.01, ha="left", fontsize=10, fontweight="bold")
    xs = [day(s[0]) for s in sessions]
    pre = [s[1] for s in sessions]
    with_post = [(day(s[0]), s[1], s[2]) for s in sessions if s[2] is not None]
    if with_post:
        ax.vlines([p[0] for p in with_post], [p[2] for p in with_post], [p[1] for p in with_post], color=REF, linewidth=1.5)
        ax.scatter([p[0] for p in with_post], [p[2] for p in with_post], marker="D", s=18, color=AFTER, zorder=3, label="After session")
    ax.scatter(xs, pre, marker="o", s=20, color=BEFORE, zorder=3, label="Before session")
    if checkins:
        ax.scatter([day(c[0]) for c in checkins], [c[1] for c in checkins], s=8, facecolors="white", edgecolors=MUTED, linewidths=0.8, label="Check-in")
    if baseline is not None:
        better = baseline * 0.7
        ax.axhline(baseline, color=REF, linewidth=0.9, dashes=(4, 2.5))
        ax.axhline(better, color=REF, linewidth=0.9, dashes=(1.2, 2))
        ax.text(1.0, baseline, f"Baseline {baseline:g}", transform=ax.get_yaxis_transform(), ha="right", va="bottom", fontsize=7, color=MUTED)
        ax.text(1.0, better, f"30% better ({better:.1f})", transform=ax.get_yaxis_transform(), ha="right", va="bottom", fontsize=7, color=MUTED)
    if len(sessions) >= 3:
        fit = theil_sen([s[0] for s in sessions], pre)
        if fit:
            a, b = sessions[0][0], sessions[-1][0]
            ax.plot([day(a), day(b)], [fit[1] + fit[0] * a, fit[1] + fit[0] * b], color=TREND, dashes=(5, 2.5), linewidth=1.2, label="Trend")
    ax.set_ylim(0, 10)
    ax.set_ylabel("Pain (0-10)  ↓ better")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def wellbeing_chart(sessions):
    fig, axes = plt.subplots(1, 3, figsize=(W, HEIGHTS[1]), sharey=True)
    fig.suptitle("Sleep, mood and stress at each session", x=0.01, ha="left", fontsize=10, fontweight="bold")
    for ax, k, name, sense in zip(axes, (3, 4, 5), ("Sleep quality", "Mood", "Stress"), ("↑ better", "↑ better", "↓ better")):
        pts = [(day(s[0]), s[k]) for s in sessions if s[k] is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=3, linewidth=1.2, color=AFTER)
        ax.set_title(f"{name} {sense}", fontsize=8)
        ax.set_ylim(0, 10)
        ax.tick_params(axis="x", labelrotation=45, labelsize=6)
    fig.tight_layout()
    return fig


def relief_chart(all_sessions):
    fig, ax = plt.subplots(figsize=(W, HEIGHTS[2]))
    fig.suptitle("Share of sessions whose relief still held, by days after the session", x=0.01, ha="left", fontsize=10, fontweight="bold")
    times, events = [], []
    for s in all_sessions:
        r = s[6]
        if r is None:
            continue
        if r == "ongoing":
            times.append(float(s[7]) if s[7] is not None else 0.0); events.append(False)
        else:
            times.append(float(r)); events.append(True)
    if times:
        curve, n = kaplan_meier(times, events)
        t = [c[0] for c in curve]
        ax.step(t, [c[1] for c in curve], where="post", color=AFTER, label="Relief still holding")
        ax.fill_between(t, [c[2] for c in curve], [c[3] for c in curve], step="post", color=AFTER, alpha=0.15, linewidth=0)
        below = [c[0] for c in curve if c[1] <= 0.5]
        if below:
            ax.axvline(below[0], color=REF, dashes=(3, 2), linewidth=0.9)
            ax.text(below[0], 0.52, f"median {below[0]:g} days", fontsize=7, color=MUTED)
        ax.set_title(f"{n} sessions with relief on record", fontsize=8)
        ax.legend(fontsize=7, frameon=False)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days after the session")
    fig.tight_layout()
    return fig


def attendance_chart(days, first, last, gap=10):
    fig, ax = plt.subplots(figsize=(W, HEIGHTS[3]))
    fig.suptitle(f"Your visits in {day(first).strftime('%B %Y')}", x=0.01, ha="left", fontsize=10, fontweight="bold")
    seen = sorted(set(days))
    gaps = set()
    for a, b in zip(seen, seen[1:]):
        if b - a > gap:
            gaps.update(range(a + 1, b))
    offset = day(first).weekday()
    for d in range(first, last + 1):
        i = d - first + offset
        col, row = i % 7, i // 7
        filled = d in seen
        ax.add_patch(Rectangle((row, 6 - col), 0.9, 0.9, facecolor=AFTER if filled else "#F3F5F7",
                               hatch="///" if d in gaps else None, edgecolor=REF, linewidth=0.4))
        ax.text(row + 0.45, 6 - col + 0.45, str(day(d).day), ha="center", va="center", fontsize=5,
                color="white" if filled else MUTED)
    ax.set_xlim(-0.2, 6.2); ax.set_ylim(-0.2, 7.1)
    ax.set_yticks([6.45 - k for k in range(7)], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=6)
    ax.set_xticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    n = sum(1 for a, b in zip(seen, seen[1:]) if b - a > gap)
    ax.set_title(f"{n} gaps over {gap} days" if n else f"No gaps over {gap} days", fontsize=8, loc="right")
    fig.tight_layout()
    return fig


def render(job):
    cid, sessions, checkins, first, last, window, out, png = job
    shown = [s for s in sessions if window <= s[0] <= last]
    figs = [pain_chart(shown, [c for c in checkins if window <= c[0] <= last], sessions[0][1] if sessions else None),
            wellbeing_chart(shown),
            relief_chart(sessions),
            attendance_chart([s[0] for s in sessions if first - 60 <= s[0] <= last], first, last)]
    with PdfPages(f"{out}/{cid}.pdf") as pdf:
        for name, f in zip(("pain", "wellbeing", "relief", "attendance"), figs):
            if png:
                f.savefig(f"{out}/{cid}-{name}.png", dpi=DPI)
            pdf.savefig(f)
            plt.close(f)
    return cid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db"); ap.add_argument("month"); ap.add_argument("out")
    ap.add_argument("--no-png", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--sample", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    first, last, window = month_range(a.month)
    con = sqlite3.connect(a.db)
    ids = [r[0] for r in con.execute("SELECT DISTINCT client_id FROM sessions WHERE day BETWEEN ? AND ? ORDER BY client_id", (first, last))]
    ids = ids[::a.sample]
    wanted = set(ids)
    # One scan per table (Relief's schema has no index on client_id), grouped in memory.
    sessions, checkins = {}, {}
    for r in con.execute("SELECT client_id, day, pain_before_tenths / 10.0, pain_after_tenths / 10.0, sleep_quality_tenths / 10.0, "
                         "mood_tenths / 10.0, stress_tenths / 10.0, relief_days "
                         "FROM sessions WHERE day <= ? ORDER BY client_id, day, minute", (last,)):
        if r[0] in wanted:
            s = list(r[1:])
            sessions.setdefault(r[0], []).append(s)
    for lst in sessions.values():  # 'ongoing' relief is censored at the gap to the next session
        for s, nxt in zip(lst, lst[1:] + [None]):
            s.append((nxt[0] - s[0]) if nxt else max(0, last - s[0]))
    for r in con.execute("SELECT client_id, day, pain_tenths / 10.0 FROM checkins WHERE day <= ?", (last,)):
        if r[0] in wanted:
            checkins.setdefault(r[0], []).append((r[1], r[2]))
    jobs = [(cid, sessions.get(cid, []), checkins.get(cid, []), first, last, window, a.out, not a.no_png) for cid in ids]
    if a.jobs > 1:
        with Pool(a.jobs) as pool:
            done = sum(1 for _ in pool.imap_unordered(render, jobs, chunksize=4))
    else:
        done = sum(1 for _ in map(render, jobs))
    print(f"matplotlib: {done} clients", file=sys.stderr)


if __name__ == "__main__":
    main()
