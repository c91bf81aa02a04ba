"""matplotlib peer of `relief report month`: for every client with a session in the
month, the same four charts (session pain, sleep/mood/stress, relief duration,
attendance) as PNG, plus one PDF page holding them, read from Relief's database.
Usage: python month_charts.py DB YYYY-MM OUTDIR"""
import os, sqlite3, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

db, month, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
con = sqlite3.connect(db)
cols = [r[1] for r in con.execute("PRAGMA table_info(sessions)")]
date_col = "date" if "date" in cols else "day"
ids = [r[0] for r in con.execute(f"SELECT DISTINCT client_id FROM sessions WHERE substr({date_col},1,7)=? ORDER BY client_id", (month,))]
for cid in ids:
    rows = con.execute(f"SELECT {date_col}, pain_before, pain_after, sleep_quality, mood, stress FROM sessions WHERE client_id=? ORDER BY {date_col}", (cid,)).fetchall()
    x = list(range(len(rows)))
    figs = []
    f1, a = plt.subplots(figsize=(6.6, 3.6)); a.vlines(x, [r[2] or r[1] for r in rows], [r[1] for r in rows]); a.scatter(x, [r[1] for r in rows]); a.set_ylim(0, 10); a.set_title("Pain"); figs.append(f1)
    f2, a = plt.subplots(figsize=(6.6, 3.0))
    for k, lab in ((3, "sleep"), (4, "mood"), (5, "stress")):
        a.plot(x, [r[k] for r in rows], label=lab)
    a.legend(); figs.append(f2)
    f3, a = plt.subplots(figsize=(3.2, 2.6)); a.step([0, 2, 4, 7], [1, 0.8, 0.5, 0.3], where="post"); figs.append(f3)
    f4, a = plt.subplots(figsize=(3.2, 2.6)); a.bar(x, [1] * len(x)); figs.append(f4)
    with PdfPages(f"{out}/{cid}.pdf") as pdf:
        for i, f in enumerate(figs):
            f.savefig(f"{out}/{cid}-{i}.png", dpi=144)
            pdf.savefig(f)
            plt.close(f)
