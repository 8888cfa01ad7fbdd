"""The intent model: TF-IDF over words and characters of the masked sentence, and a linear SVM.

Trained at start from the phrasings corpus's train split (about a second, deterministic, nothing
downloaded). Its confidence is the margin between the best and the second-best intent's scores,
squashed to 0..1, so a sentence two intents both claim asks "did you mean ...?" rather than guess.
"""

import math
import re
from collections import Counter, OrderedDict

import numpy as np

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

NUMBER = re.compile(r"\d+")
MASK_WORDS = {"school", "place", "partnership", "district", "area", "date", "person", "number"}
RANKINGS_KEPT = 4096        # masked sentences whose scores are kept (a few hundred kB)


def prepare(masked: str) -> str:
    """What the model reads: lower case, straight quotes, numbers as one word."""
    text = masked.replace("’", "'").replace("‘", "'") if not masked.isascii() else masked
    text = NUMBER.sub(" 0 ", text)
    return " ".join(text.lower().split())


class IntentModel:
    def __init__(self, c: float = 2.0):
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
        self.intents = [str(i) for i in self.classifier.classes_]
        self._fast = _FastScorer(self.features, self.classifier)
        self._rankings: OrderedDict[str, tuple] = OrderedDict()
        return self

    def ranked(self, masked: str) -> list[tuple[str, float]]:
        """Every intent with its score, best first. Kept for the last RANKINGS_KEPT sentences: the
        names are masked, so people asking the same thing of different schools ("which partnership
        is SCHOOL in?") ask the same sentence, and its scores cost about a third of reading a
        message (issue 16)."""
        prepared = prepare(masked)
        ranking = self._rankings.pop(prepared, None)        # taken out, put back last: the most recent
        if ranking is None:
            scores = self._fast.scores(prepared)
            ranking = tuple(sorted(zip(self.intents, (float(s) for s in scores)), key=lambda pair: -pair[1]))
        self._rankings[prepared] = ranking
        while len(self._rankings) > RANKINGS_KEPT:
            self._rankings.popitem(last=False)
        return list(ranking)

    def knows_a_word(self, masked: str) -> bool:
        """Does the sentence have a word (not a number or a masked name) the corpus uses?"""
        return not self._fast.known_words.isdisjoint(self._fast.words(prepare(masked)))

    def sklearn_scores(self, masked: str):
        """The same scores through scikit-learn's own transform: what the fast path must equal."""
        return self.classifier.decision_function(self.features.transform([prepare(masked)]))[0]


class _FastScorer:
    """The trained model's decision function for one sentence, without scikit-learn's per-call
    checks (which cost five times the arithmetic): each vectorizer's analyzer, sublinear tf times
    idf, L2-normalised, dotted with the classifier's weights for the features present."""

    def __init__(self, union: FeatureUnion, classifier):
        self.parts = []
        offset = 0
        for _, vectorizer in union.transformer_list:
            self.parts.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        # The words vectorizer's single words, without the pairs its analyzer adds (knows_a_word
        # asks only of single words): its own preprocessing and tokenizer, as its analyzer runs them.
        words = union.transformer_list[0][1]
        assert words.analyzer == "word" and words.stop_words is None and words.input == "content"
        preprocess, tokenize = words.build_preprocessor(), words.build_tokenizer()
        self.words = lambda text: tokenize(preprocess(text))
        # The words it knows that count as words people use: letters only, not a masked name's
        # kind. Picked out once, so a sentence's words are looked for in it in one go.
        self.known_words = frozenset(w for w in words.vocabulary_ if w.isalpha() and w.lower() not in MASK_WORDS)
        self.weights = np.ascontiguousarray(classifier.coef_.T)      # features x intents
        self.intercept = classifier.intercept_

    def scores(self, text: str):
        total = self.intercept.copy()
        for analyzer, vocabulary, idf, offset in self.parts:
            counts = Counter(index for index in map(vocabulary.get, analyzer(text)) if index is not None)
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = (1 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[indices]
            values /= np.sqrt(values @ values)
            total += values @ self.weights[indices + offset]
        return total


def confidence(ranked: list[tuple[str, float]]) -> float:
    """0..1 from the best score and its lead over the next: 0.5 when two intents tie."""
    if len(ranked) < 2:
        return 1.0
    best, second = ranked[0][1], ranked[1][1]
    return 1 / (1 + math.exp(-(4 * (best - second) + 1.5 * best)))
