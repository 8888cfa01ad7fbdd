"""python -m bench: every benchmark, a table on the terminal, the results as JSON and a plot of
latency against stored records. Loopback only (127.0.0.1); every loop has a fixed count and every
server process a time limit, so it stops by itself. Turns against the floor and the load test
post replies to a stand-in Bot Connector, as Teams works; the load and growth tests store
thousands of conversations (2,000 and 20,000).

Results go to bench/results/local/ (git-ignored), so a run leaves the tree as it was. Only
--publish replaces the published figures, bench/results/latest.json and docs/latency_vs_records.png
(what the README quotes), and only from a full run.

    python -m bench              everything, into bench/results/local/
    python -m bench --publish    everything, into the published figures
    python -m bench --quick      small counts: checks the bench works, figures are rough
    python -m bench --only turn_vs_echo,load
"""

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import azure_growth, concurrency, growth, load, lookup_quality, lookup_turn, nudge_scan, turn_vs_echo
from .plot import plot_growth
from .report import print_report
from .servers import running_servers

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / "bench" / "results" / "local"                 # git-ignored: any run
RESULTS, PLOT = LOCAL / "latest.json", LOCAL / "latency_vs_records.png"
PUBLISHED = ROOT / "bench" / "results" / "latest.json"        # tracked: --publish only
PUBLISHED_PLOT = ROOT / "docs" / "latency_vs_records.png"
# Growth measured before the database kept one file per table (commit 53131ff), drawn dashed.
BASELINE = ROOT / "bench" / "results" / "growth-one-file-before.json"
ALL = ("turn_vs_echo", "concurrency", "lookup", "lookup_turn", "growth", "azure_growth", "nudge_scan", "load")


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        # Other work on the machine skews every figure: the 1-minute load average says how much.
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def run(only=ALL, quick=False) -> dict:
    results = {"machine": machine(),
               "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # when the bench ran
               "quick": quick}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        if "turn_vs_echo" in only or "concurrency" in only:
            with running_servers(str(Path(folder) / "bot.json")) as urls:
                if "turn_vs_echo" in only:
                    print("1. turn against the echo-bot floor ...", flush=True)
                    results["turn_vs_echo"] = asyncio.run(turn_vs_echo.measure(urls, rounds=40 if quick else 300))
                    results["turn_vs_echo_p50_ratio"] = results["turn_vs_echo"]["turn_vs_echo_p50_ratio"]
                if "concurrency" in only:
                    print("2. concurrent conversations ...", flush=True)
                    results["concurrency"] = asyncio.run(concurrency.measure(
                        urls, turns=10 if quick else 40, levels=(1, 5) if quick else concurrency.LEVELS,
                        paced_turns=5 if quick else 10))
        if "turn_vs_echo" in only:
            print("1b. the same, both servers making a connector client every turn, as botbuilder does ...",
                  flush=True)
            (Path(folder) / "unfixed").mkdir()
            with running_servers(str(Path(folder) / "unfixed" / "bot.json"), keep_clients=False) as urls:
                results["turn_vs_echo_unfixed"] = asyncio.run(
                    turn_vs_echo.measure(urls, rounds=40 if quick else 300))
                results["turn_vs_echo_unfixed_p50_ratio"] = results["turn_vs_echo_unfixed"]["turn_vs_echo_p50_ratio"]
    if "lookup" in only:
        print("3. lookup quality and speed ...", flush=True)
        results["lookup"] = lookup_quality.measure(repeats=1 if quick else 5)
    if "lookup_turn" in only:
        print("3b. the lookup turn, whole county against the 84-school starter list ...", flush=True)
        results["lookup_turn"] = lookup_turn.measure(rounds=1 if quick else 5)
    if "growth" in only:
        print("4. growth with stored records ...", flush=True)
        results["growth"] = growth.measure(sizes=(100, 1_000) if quick else growth.SIZES,
                                           storage_repeats=2 if quick else 8,
                                           lookups=4 if quick else 20, corrections=2 if quick else 4,
                                           minutes_turns=1 if quick else 3)
    if "azure_growth" in only:
        print("4b. growth with stored records on Azure Storage (Azurite) ...", flush=True)
        results["azure_growth"] = azure_growth.measure(sizes=(100, 1_000) if quick else azure_growth.SIZES,
                                                       storage_repeats=3 if quick else azure_growth.STORAGE_REPEATS,
                                                       lookups=4 if quick else 20,
                                                       minutes_turns=1 if quick else azure_growth.MINUTES_TURNS)
    if "nudge_scan" in only:
        print("5. nudge scan ...", flush=True)
        results["nudge_scan"] = nudge_scan.measure()
    if "load" in only:
        print("6. load with stored conversations, replies through a stand-in connector ...", flush=True)
        results["load"] = load.measure(stored=(200,) if quick else load.STORED, quick=quick)
        first = results["load"]["stored"][next(iter(results["load"]["stored"]))]
        results["load_turns_per_second"] = first["back_to_back"]["turns_per_second"]
        for rate, row in first["paced"].items():
            results[f"load_paced_{rate}_p99_vs_echo"] = row["p99_vs_echo"]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts, to check the bench itself")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated, from {', '.join(ALL)}")
    parser.add_argument("--publish", action="store_true",
                        help="replace the published figures (bench/results/latest.json, "
                             "docs/latency_vs_records.png); full runs only")
    parser.add_argument("--out", type=Path, help="where to write the JSON results (default bench/results/local/)")
    parser.add_argument("--plot", type=Path, help="where to draw the growth plot (default bench/results/local/)")
    args = parser.parse_args(argv)
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = set(only) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    if args.publish and (args.quick or set(only) != set(ALL)):
        parser.error("--publish replaces the published figures, so it needs the full bench: no --quick or --only")
    args.out = args.out or (PUBLISHED if args.publish else RESULTS)
    args.plot = args.plot or (PUBLISHED_PLOT if args.publish else PLOT)

    results = run(only, quick=args.quick)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if "growth" in results:
        baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["growth"] if BASELINE.exists() else None
        drawn = plot_growth(results["growth"], args.plot, baseline)
        results["plot"] = str(drawn) if drawn else "not drawn: pip install -e '.[bench]' for matplotlib"
    print_report(results)
    if "azure_growth" in results:
        azure_growth.print_side_by_side(results["azure_growth"], results.get("growth"))
    print(f"\nresults: {args.out}" + (f"\nplot:    {results['plot']}" if "plot" in results else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
