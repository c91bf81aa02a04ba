# Appendix A of expected-outcomes.md, verbatim except that pandas is replaced by a plain CSV writer
import numpy as np, csv, sys
rng = np.random.default_rng(20261124)
sizes = {"T1": 12, "T2": 18, "T3": 25, "T4": 30, "T5": 40, "T6": 55}
tilt = {"T1": (0.7, 0.5, 7.0), "T2": (0.5, 0.3, 6.5), "T3": (0.4, 0.2, 6.0),
        "T4": (0.3, 0.1, 5.5), "T5": (0.4, 0.2, 6.0), "T6": (0.5, 0.25, 6.2)}
u_true = {"T1": 0.35, "T2": -0.30, "T3": 0.10, "T4": 0.0, "T5": -0.15, "T6": 0.05}
seg_eff = {"office": 0.0, "athlete": 0.4, "older": -0.5, "headache": -0.2}
rows, cid = [], 0
for t, n in sizes.items():
    pc, po, mb = tilt[t]
    for _ in range(n):
        cid += 1
        chronic = int(rng.random() < pc)
        seg = "older" if rng.random() < po else rng.choice(["office", "athlete", "headache"], p=[0.5, 0.25, 0.25])
        base = int(np.clip(np.rint(rng.normal(mb, 1.5)), 3, 10))
        att = float(np.round(np.clip(rng.normal(2.5, 0.9), 0.5, 6.0), 2))
        lp = -0.2 + 0.25*(base-6) - 0.8*chronic + seg_eff[seg] + 0.3*(att-2.5) + u_true[t]
        improved = int(rng.random() < 1/(1+np.exp(-lp)))
        pct = float(np.round(100*(0.15 + 0.25*improved + 0.02*(base-6) - 0.05*chronic + 0.03*u_true[t] + rng.normal(0, 0.15)), 1))
        rows.append(dict(client=f"C{cid:04d}", therapist=t, baseline=base, chronic=chronic, segment=str(seg),
                         attendance=att, improved=improved, pct_change=pct))
fold = (np.arange(len(rows)) * 7919) % 5
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(list(rows[0].keys()) + ["fold"])
for r, f in zip(rows, fold):
    w.writerow(list(r.values()) + [int(f)])
