"""The bench's table on the terminal: every figure, and whether each target is met."""


def _met(flag) -> str:
    return "met" if flag else "NOT met"


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_report(results: dict) -> None:
    m = results["machine"]
    print(f"\nMachine: {m['cores']} cores, Python {m['python']}, {m['platform']}, load average "
          f"{m.get('load_average_at_start')} at start and {m.get('load_average_at_end')} at end; {results['date']}"
          f"{' (QUICK: rough figures)' if results.get('quick') else ''}; bench took {results['seconds']} s")

    pairs = [(key, label) for key, label in (
        ("turn_vs_echo", "kept connector clients (the bot as it runs)"),
        ("turn_vs_echo_unfixed", "a connector and token client made every turn (botbuilder as it comes)"))
        if key in results]
    if pairs:
        t = results[pairs[0][0]]
        print(f"\n1. Turn against the floor ({t['rounds']} alternating rounds; {t['client']}; the floor is the "
              "samples' echo bot with a turn counter in ConversationState, same adapter, handler and storage)")
        rows = []
        for key, label in pairs:
            t = results[key]
            rows.append([label, "bot (directory question)", t["bot"]["p50_ms"], t["bot"]["p99_ms"],
                         t.get("bot_cpu_ms_per_turn", "-"), t["turn_vs_echo_p50_ratio"], t["turn_vs_echo_p99_ratio"],
                         f"{t.get('connections_for_replies', '-')} for {t.get('replies', '-')}"])
            rows.append(["", "echo bot (floor)", t["echo"]["p50_ms"], t["echo"]["p99_ms"],
                         t.get("echo_cpu_ms_per_turn", "-"), "", "", ""])
        print(_table(["clients", "server", "p50 ms", "p99 ms", "CPU ms/turn", "p50 ratio", "p99 ratio",
                      "connections for replies"], rows))
        t = results[pairs[0][0]]
        print(f"turn_vs_echo_p50_ratio {t['turn_vs_echo_p50_ratio']}; target <= {t['target_p50_ratio']}: {_met(t['met'])}")

    if "concurrency" in results:
        c = results["concurrency"]
        print(f"\n2. Concurrent conversations ({c['turns_per_conversation']} turns each: {c['mix']})")
        rows = [[level, r["turns"], r["turns_per_second"], r["all"]["p50_ms"], r["all"]["p99_ms"],
                 r["lookups"]["p99_ms"], r["writes"]["p99_ms"]] for level, r in c["levels"].items()]
        print(_table(["conversations", "turns", "turns/s", "p50 ms", "p99 ms", "lookup p99", "write p99"], rows))
        print(f"target p99 <= {c['target_p99_ms_at_50']} ms at 50 conversations: back to back {_met(c['met'])}"
              + (f", paced {_met(c['met_paced'])}" if "met_paced" in c else ""))

    if "lookup" in results:
        lk = results["lookup"]
        print(f"\n3. School lookup: {lk['queries']} noisy queries over {lk['schools']} schools, "
              f"{lk['us_per_lookup']} µs per lookup")
        rows = [["all", lk["all"]["n"], lk["all"]["top1_accuracy"], lk["all"]["ambiguity_rate"],
                 lk["all"]["wrong_rate"], lk["all"]["not_found_rate"]]]
        rows += [[kind, r["n"], r["top1_accuracy"], r["ambiguity_rate"], r["wrong_rate"], r["not_found_rate"]]
                 for kind, r in lk["by_kind"].items()]
        print(_table(["queries", "n", "top-1", "ambiguous", "wrong", "not found"], rows))

    if "lookup_turn" in results:
        lt = results["lookup_turn"]
        print(f"\n3b. Lookup turn in the bot, {lt['turns']} turns on each list")
        print(_table(["school list", "p50 ms", "p90 ms", "p99 ms"],
                     [[name, lt[key]["p50_ms"], lt[key]["p90_ms"], lt[key]["p99_ms"]]
                      for name, key in (("whole county (539)", "county_539"), ("2010 starter (84)", "starter_84"))]))

    if "growth" in results:
        g = results["growth"]
        print(f"\n4. Growth ({g['records']}), p50 ms")
        rows = []
        for size, r in g["sizes"].items():
            s, t = r["storage"], r["turns"]
            rows.append([size, f"{r['file_bytes'] / 1e6:.1f} MB", s["save_meeting"]["p50_ms"],
                         s["update_action"]["p50_ms"], s["claim_nudge"]["p50_ms"], s["meetings_for"]["p50_ms"],
                         s["open_actions"]["p50_ms"], s.get("state_write", {}).get("p50_ms", "-"),
                         s.get("state_read", {}).get("p50_ms", "-"),
                         t["lookup_turn"]["p50_ms"], t["lookup_turn"]["p99_ms"], t["correction_turn"]["p50_ms"],
                         t["minutes_turn"]["p50_ms"], t["minutes_save_turn"]["p50_ms"], t["echo_turn"]["p50_ms"]])
        print(_table(["records", "tables", "save mtg", "update act", "nudge sent", "meetings_for", "open_actions",
                      "state write", "state read", "lookup turn", "(p99)", "correction", "minutes", "minutes save", "echo turn"], rows))
        print("growth 100 -> largest (p50): " + ", ".join(
            f"{k} x{v} ({_met(g['met'][k])})" for k, v in g["growth_p50"].items())
            + f"; target <= x{g['target_growth']}")

    if "nudge_scan" in results:
        n = results["nudge_scan"]
        print("\n5. Nudge scan")
        if not n.get("measured"):
            print(f"not measured: {n['why']}")
        else:
            print(f"{n['deadlines']:,} deadlines x {n['subscribers']:,} subscribers: first scan {n['first_scan_ms']} ms "
                  f"({n['nudges_due_first_scan']:,} nudges due, {n['us_per_deadline_x_subscriber']} µs per "
                  f"deadline x subscriber); steady state {n['steady_scan_ms']} ms "
                  f"({n['nudges_due_when_all_sent']} due, all already sent); {n['timing']} of {n['repeats']}")

    if "load" in results:
        ld = results["load"]
        print(f"\n6. Load: {ld['conversations']} conversations, replies through a stand-in Bot Connector ({ld['mix']})")
        rows = []
        for stored, r in ld["stored"].items():
            b = r["back_to_back"]
            rows.append([stored, "back to back", "bot", b["turns"], b["turns_per_second"], b["all"]["p50_ms"],
                         b["all"]["p99_ms"], b["cpu_ms_per_turn"], "", ""])
            for rate, p in r["paced"].items():
                for who in ("bot", "echo"):
                    q = p[who]
                    disk = q.get("disk_fsync") or {}
                    rows.append([stored, f"paced {rate}/s", who, q["messages"], "", q["all"]["p50_ms"],
                                 q["all"]["p99_ms"], q["cpu_ms_per_turn"], p["p99_vs_echo"] if who == "bot" else "",
                                 f"{disk.get('p99_ms')} / {disk.get('max_ms')}" if disk else ""])
        print(_table(["stored", "load", "server", "turns", "turns/s", "p50 ms", "p99 ms", "CPU ms/turn",
                      "p99 vs echo", "disk fsync p99 / max ms"], rows))
        tg = ld["targets"]
        print(f"targets: >= {tg['turns_per_second_back_to_back']} turns/s back to back; p99 vs echo "
              + ", ".join(f"<= {v}x at {k}" for k, v in tg["p99_vs_echo"].items())
              + f" ({tg['at_the_largest']} at the most stored): "
              + ", ".join(f"{k} {_met(v)}" for k, v in ld["met"].items()))

    if "turn_vs_echo_p50_ratio" in results:
        print(f"\nturn_vs_echo_p50_ratio = {results['turn_vs_echo_p50_ratio']}")
