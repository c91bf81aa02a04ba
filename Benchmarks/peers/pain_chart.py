"""matplotlib peer of `relief bench-chart`: the same session pain chart, REPEAT times.
Usage: python pain_chart.py pdf|png REPEAT OUTDIR"""
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

PRE = [7, 7, 6.5, 6, 6, 5, 5.5, 4.5, 4, 4, 3.5, 3]
POST = [4, 3.5, 3.5, 3, 3, 2.5, 3, 2, 2, 1.5, 1.5, 1]
DAY = [1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39]


def draw(path):
    fig, ax = plt.subplots(figsize=(480 / 72, 260 / 72), dpi=144)
    ax.vlines(DAY, POST, PRE, color="#99a3ad", linewidth=2)
    ax.scatter(DAY, PRE, color="#D55E00", s=20, label="before session", zorder=3)
    ax.scatter(DAY, POST, color="#0072B2", s=20, label="after session", zorder=3)
    ax.axhline(PRE[0], color="#5f6b76", linestyle="--", linewidth=0.8)
    ax.axhline(PRE[0] * 0.7, color="#009E73", linestyle="--", linewidth=0.8)
    ax.set_ylim(0, 10)
    ax.set_title("Pain before and after each session", loc="left", fontsize=11)
    ax.legend(loc="upper right", fontsize=8)
    fig.savefig(path)
    plt.close(fig)


fmt, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(repeat):
    draw(f"{out}/mpl-{i}.{fmt}")
