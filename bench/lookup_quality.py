"""3. Lookup quality and speed: `Directory.find_school` on noisy queries made from the school list.

Top-1 accuracy: the lookup found one school and it is the right one. Ambiguity rate: it asked
"which one?" (the bot would then offer a short list; `in_shortlist` says how often the right
school was on it). Wrong: it confidently chose another school. Not found: it offered suggestions.
"""

import time
from collections import defaultdict

from knowledge.directory import load_directory

from .noisy_queries import noisy_queries


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else None


def measure(repeats: int = 5, schools_file=None) -> dict:
    """schools_file: another school list (the old 84-school starter list, to compare)."""
    directory = load_directory(schools_file=schools_file)
    queries = noisy_queries(list(directory.schools.values()))
    outcomes = defaultdict(lambda: defaultdict(int))
    examples = {"wrong": [], "none": [], "ambiguous": []}
    for query in queries:
        match = directory.find_school(query.text)
        if match.status == "found":
            outcome = "right" if match.best.id == query.school_id else "wrong"
        elif match.status == "ambiguous":
            outcome = "ambiguous"
            if any(s.id == query.school_id for s in match.candidates):
                outcomes[query.kind]["in_shortlist"] += 1
                outcomes["all"]["in_shortlist"] += 1
        else:
            outcome = "none"
        outcomes[query.kind][outcome] += 1
        outcomes[query.kind]["n"] += 1
        outcomes["all"][outcome] += 1
        outcomes["all"]["n"] += 1
        if outcome in examples and len(examples[outcome]) < 8:
            examples[outcome].append(query.text)

    started = time.perf_counter()
    for _ in range(repeats):
        for query in queries:
            directory.find_school(query.text)
    us_per_lookup = (time.perf_counter() - started) / (repeats * len(queries)) * 1e6

    def shape(counts):
        n = counts["n"]
        return {"n": n, "top1_accuracy": _rate(counts["right"], n), "ambiguity_rate": _rate(counts["ambiguous"], n),
                "wrong_rate": _rate(counts["wrong"], n), "not_found_rate": _rate(counts["none"], n),
                "right_in_shortlist_when_ambiguous": _rate(counts["in_shortlist"], counts["ambiguous"])}

    return {
        "schools": len(directory.schools),
        "queries": len(queries),
        "all": shape(outcomes["all"]),
        "by_kind": {kind: shape(counts) for kind, counts in outcomes.items() if kind != "all"},
        "us_per_lookup": round(us_per_lookup, 1),
        "examples": examples,
    }
