"""The intent model: TF-IDF over words and characters of the masked sentence, and a linear SVM.

Trained at start from the phrasings corpus's train split (about a second, deterministic, nothing
downloaded). Its confidence is the margin between the best and the second-best intent's scores,
squashed to 0..1, so a sentence two intents both claim asks "did you mean ...?" rather than guess.
"""

import math
import re

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

NUMBER = re.compile(r"\d+")


def prepare(masked: str) -> str:
    """What the model reads: lower case, straight quotes, numbers as one word."""
    text = masked.replace("’", "'").replace("‘", "'")
    text = NUMBER.sub(" 0 ", text)
    return " ".join(text.lower().split())


class IntentModel:
    def __init__(self, c: float = 0.6):
        self.features = FeatureUnion([
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                      token_pattern=r"(?u)\b\w[\w']*\b", min_df=1)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ])
        self.classifier = LinearSVC(C=c, class_weight="balanced", random_state=0)
        self.intents: list[str] = []

    def fit(self, texts: list[str], intents: list[str]) -> "IntentModel":
        matrix = self.features.fit_transform([prepare(t) for t in texts])
        self.classifier.fit(matrix, intents)
        self.intents = list(self.classifier.classes_)
        return self

    def ranked(self, masked: str) -> list[tuple[str, float]]:
        """Every intent with its score, best first."""
        scores = self.classifier.decision_function(self.features.transform([prepare(masked)]))[0]
        return sorted(zip((str(i) for i in self.intents), (float(s) for s in scores)), key=lambda pair: -pair[1])


def confidence(ranked: list[tuple[str, float]]) -> float:
    """0..1 from the best score and its lead over the next: 0.5 when two intents tie."""
    if len(ranked) < 2:
        return 1.0
    best, second = ranked[0][1], ranked[1][1]
    return 1 / (1 + math.exp(-(4 * (best - second) + 1.5 * best)))
