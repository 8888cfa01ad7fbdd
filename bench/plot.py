"""docs/latency_vs_records.png: turn and storage latency against stored records (log-log)."""

from pathlib import Path


def plot_growth(growth: dict, path: Path, baseline: dict | None = None) -> Path | None:
    """Draw the growth results (and, dashed, a baseline's lookup turn and save_meeting);
    returns the file, or None when matplotlib is not installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    sizes = sorted(int(s) for s in growth["sizes"])
    rows = [growth["sizes"][str(s)] for s in sizes]
    lines = {
        "lookup turn (HTTP, p50)": [r["turns"]["lookup_turn"]["p50_ms"] for r in rows],
        "correction turn (HTTP, p50)": [r["turns"]["correction_turn"]["p50_ms"] for r in rows],
        "minutes 'save' turn (HTTP, p50)": [r["turns"]["minutes_save_turn"]["p50_ms"] for r in rows],
        "echo bot floor (HTTP, p50)": [r["turns"]["echo_turn"]["p50_ms"] for r in rows],
        "save_meeting (storage, p50)": [r["storage"]["save_meeting"]["p50_ms"] for r in rows],
        "open_actions (storage, p50)": [r["storage"]["open_actions"]["p50_ms"] for r in rows],
    }
    figure, axes = plt.subplots(figsize=(8, 5))
    colours = {}
    for label, values in lines.items():
        [line] = axes.plot(sizes, values, marker="o", label=label)
        colours[label] = line.get_color()
    if baseline:
        old = sorted(int(s) for s in baseline["sizes"])
        old_rows = [baseline["sizes"][str(s)] for s in old]
        axes.plot(old, [r["turns"]["lookup_turn"]["p50_ms"] for r in old_rows], "--", marker="x",
                  color=colours["lookup turn (HTTP, p50)"], label="lookup turn, before: all tables in one file")
        axes.plot(old, [r["storage"]["save_meeting"]["p50_ms"] for r in old_rows], "--", marker="x",
                  color=colours["save_meeting (storage, p50)"], label="save_meeting, before: all tables in one file")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("stored meetings (each with 2 actions) + as many nudge ledger records")
    axes.set_ylabel("latency, ms (log scale)")
    axes.set_title(growth.get("title", "Latency against stored records"))
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
