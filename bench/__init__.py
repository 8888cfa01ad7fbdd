"""Benchmarks: `python -m bench` (or `make bench`) measures the real bot on loopback and writes
bench/results/latest.json. See bench/__main__.py for what is measured and how."""
