"""The bench itself works: it talks to the real bot over HTTP and writes its results.

Behaviour only: no figure here is compared with a target (timings belong to `make bench`).
"""

import json

from bench.__main__ import main
from bench.noisy_queries import KINDS, noisy_queries
from knowledge.directory import load_directory


def test_every_noisy_query_names_a_real_school_and_a_known_kind():
    directory = load_directory()
    queries = noisy_queries(list(directory.schools.values()))
    assert {q.school_id for q in queries} == set(directory.schools)
    assert {q.kind for q in queries} <= set(KINDS)
    assert noisy_queries(list(directory.schools.values())) == queries      # the same every run
    assert any(q.text == "perins school" for q in queries)


def test_quick_bench_answers_over_http_and_writes_the_headline_figure(tmp_path, capsys):
    out = tmp_path / "latest.json"
    assert main(["--quick", "--only", "turn_vs_echo,lookup", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["turn_vs_echo_p50_ratio"] > 0
    assert results["turn_vs_echo"]["bot"]["n"] == results["turn_vs_echo"]["echo"]["n"] == 40
    assert results["turn_vs_echo_unfixed_p50_ratio"] > 0        # botbuilder as it comes, side by side
    # Kept clients post every reply over a few connections; botbuilder alone opens one per reply.
    assert results["turn_vs_echo"]["connections_for_replies"] < results["turn_vs_echo"]["replies"] / 4
    assert results["turn_vs_echo_unfixed"]["connections_for_replies"] > results["turn_vs_echo_unfixed"]["replies"] / 2
    assert 0 <= results["lookup"]["all"]["top1_accuracy"] <= 1
    assert "turn_vs_echo_p50_ratio" in capsys.readouterr().out


def test_quick_load_posts_every_reply_to_the_stand_in_connector_and_reports_the_floor(tmp_path, capsys):
    out = tmp_path / "latest.json"
    assert main(["--quick", "--only", "load", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    [(stored, row)] = results["load"]["stored"].items()
    assert row["stored_conversations"] >= int(stored)
    assert row["back_to_back"]["turns"] == 50 and row["back_to_back"]["cpu_ms_per_turn"] > 0
    for rate in ("20", "50"):
        assert row["paced"][rate]["bot"]["messages"] == row["paced"][rate]["echo"]["messages"] == 20
        assert row["paced"][rate]["p99_vs_echo"] > 0
        for who in ("bot", "echo"):        # the disk's own fsyncs, measured beside each paced run
            assert row["paced"][rate][who]["disk_fsync"]["n"] > 0
    # Every turn's replies went through the connector, on a few kept-alive connections.
    assert row["replies"] >= 50 + 4 * 20
    assert row["connections_for_replies"] < row["replies"] / 4
    assert "p99 vs echo" in capsys.readouterr().out
