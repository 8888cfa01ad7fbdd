"""Benchmarks: `python -m bench` (or `make bench`) measures the real bot on loopback and writes
bench/results/local/ (git-ignored); `--publish` (`make bench PUBLISH=1`) replaces the published
bench/results/latest.json and docs/latency_vs_records.png. See bench/__main__.py for what is
measured and how."""
