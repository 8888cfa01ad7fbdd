"""`make bench` leaves the tree as it was: results go to a git-ignored folder unless the published
figures are asked for (`--publish`, `make bench PUBLISH=1`), and only a full run may publish."""

import json
import subprocess

import pytest

import bench.__main__ as bench
from bench.__main__ import main


def git(*args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=bench.ROOT, capture_output=True, text=True)


def test_a_run_writes_to_an_ignored_folder_and_publishing_to_the_tracked_figures():
    assert git("check-ignore", "-q", str(bench.RESULTS)).returncode == 0
    assert git("check-ignore", "-q", str(bench.PLOT)).returncode == 0
    tracked = git("ls-files", str(bench.PUBLISHED), str(bench.PUBLISHED_PLOT)).stdout.split()
    assert tracked == ["bench/results/latest.json", "docs/latency_vs_records.png"]


@pytest.mark.parametrize("publish", [False, True])
def test_the_results_go_where_asked(tmp_path, monkeypatch, publish):
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "local" / "latest.json")
    monkeypatch.setattr(bench, "PUBLISHED", tmp_path / "published" / "latest.json")
    monkeypatch.setattr(bench, "run", lambda only, quick: {"nudge_scan": {"first_scan_s": 0.5}, "quick": quick})
    monkeypatch.setattr(bench, "print_report", lambda results: None)
    assert main(["--publish"] if publish else ["--quick", "--only", "nudge_scan"]) == 0
    written = tmp_path / ("published" if publish else "local") / "latest.json"
    assert json.loads(written.read_text())["nudge_scan"] == {"first_scan_s": 0.5}
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("*.json")] == [written.relative_to(tmp_path)]


@pytest.mark.parametrize("argv", [["--publish", "--quick"], ["--publish", "--only", "lookup"]])
def test_only_a_full_run_may_replace_the_published_figures(argv, capsys):
    before = bench.PUBLISHED.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "--publish replaces the published figures, so it needs the full bench" in capsys.readouterr().err
    assert bench.PUBLISHED.read_bytes() == before
