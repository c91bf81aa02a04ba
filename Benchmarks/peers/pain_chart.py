"""matplotlib peer of `relief bench-chart`: the same session pain chart, REPEAT times.

Same data (12 sessions over 39 days, baseline 7), size (480 x 260 pt) and PNG scale
(2x: 144 dpi) as `relief bench-chart`; dumbbells before (circle) -> after (diamond),
the baseline and 30%-better lines with their labels, y axis 0-10 with its title,
dated x axis, title and legend. Each chart is a new figure (as Relief builds a new
scene each time). The interpreter start-up and matplotlib import (~0.5 s) are part
of the time, as Relief's process start-up is part of its time.

Usage: python pain_chart.py pdf|png REPEAT OUTDIR"""
import datetime, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

PRE = [7, 7, 6.5, 6, 6, 5, 5.5, 4.5, 4, 4, 3.5, 3]
POST = [4, 3.5, 3.5, 3, 3, 2.5, 3, 2, 2, 1.5, 1.5, 1]
DAY = [datetime.date(1970, 1, 1) + datetime.timedelta(days=20_362 + d) for d in (1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39)]
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8})


def draw(path):
    fig, ax = plt.subplots(figsize=(480 / 72, 260 / 72), dpi=144)
    ax.vlines(DAY, POST, PRE, color="#8C959F", linewidth=1.5)
    ax.scatter(DAY, PRE, color="#D55E00", marker="o", s=20, label="Before → after session", zorder=3)
    ax.scatter(DAY, POST, color="#0072B2", marker="D", s=18, zorder=3)
    ax.axhline(PRE[0], color="#8C959F", dashes=(4, 2.5), linewidth=0.9)
    ax.axhline(PRE[0] * 0.7, color="#8C959F", dashes=(1.2, 2), linewidth=0.9)
    ax.text(1.0, PRE[0], "Baseline 7", transform=ax.get_yaxis_transform(), ha="right", va="bottom", fontsize=7, color="#5F6B76")
    ax.text(1.0, PRE[0] * 0.7, "30% better (4.9)", transform=ax.get_yaxis_transform(), ha="right", va="bottom", fontsize=7, color="#5F6B76")
    ax.set_ylim(0, 10)
    ax.set_ylabel("Pain (0–10)  ↓ better")
    ax.set_title("Pain before and after each session", loc="left", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


fmt, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(repeat):
    draw(f"{out}/mpl-{i}.{fmt}")
