"""The recognizer's cost: how long it takes to train at start, and its time per message.

    python -m bench.recognizer          training seconds, p50/p90/p99 ms per utterance

Every test-split row and conversation turn of the phrasings corpus is understood `repeats` times
(after one warm-up pass); the figures are per call of `Recognizer.understand`. Issue 13's goal is
p50 <= 2 ms on this machine and training under 5 s.
"""

import sys
import time

from knowledge.understanding.corpus import load_conversations, load_rows
from knowledge.understanding.evaluate import TODAY, county_directory
from knowledge.understanding.recognizer import Recognizer

from .stats import summary_ms


def measure(repeats: int = 3) -> dict:
    directory = county_directory()
    started = time.perf_counter()
    recognizer = Recognizer(directory, TODAY)
    training = time.perf_counter() - started
    texts = [r.text for r in load_rows("test")] + [t.says for c in load_conversations() for t in c.turns]
    for text in texts:
        recognizer.understand(text)
    timings = []
    for _ in range(repeats):
        for text in texts:
            began = time.perf_counter()
            recognizer.understand(text)
            timings.append(time.perf_counter() - began)
    return {"schools": len(directory.schools), "training_s": round(training, 2),
            "utterances": len(texts), "per_utterance": summary_ms(timings)}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    result = measure(repeats=1 if "--quick" in argv else 3)
    per = result["per_utterance"]
    print(f"recognizer: {result['schools']} schools in the directory; trained in {result['training_s']} s; "
          f"{per['n']} calls: p50 {per['p50_ms']} ms, p90 {per['p90_ms']} ms, p99 {per['p99_ms']} ms, "
          f"max {per['max_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
