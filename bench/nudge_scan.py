"""5. Nudge scan: deciding every nudge for 2,000 deadlines x 500 subscribers.

Uses the pure decision function of issue 4 (knowledge/nudge_rules.py) when it is there; until
then this measurement reports that it could not run, rather than timing something else.
"""

import importlib.util


def available() -> bool:
    return importlib.util.find_spec("knowledge.nudge_rules") is not None


def measure(deadlines: int = 2_000, subscribers: int = 500) -> dict:
    if not available():
        return {"measured": False, "why": "knowledge/nudge_rules.py (issue 4) has not landed yet"}
    return {"measured": False, "why": "knowledge/nudge_rules.py exists but this bench does not call it yet"}
