"""A learned PHI tagger: MiniLM token states and spelling features, logistic regression.

The rules (``patterns``, ``context``, ``cues``) score 0.99-1.00 on the splits they were
tuned on and 0.83-0.91 on each new one: what they miss is PHI that only its context
gives away ("she works at Hendricks", "we drove in from napakiak"). This tagger reads that
context from MiniLM's contextual token states (``rapport.coding.transformer``, int8 ONNX),
adds spelling features that MiniLM's lowercasing loses (capitals, digits, sentence start,
membership of the name and place lexicons), and predicts per wordpiece one of the
categories below or nothing, with one multinomial logistic regression.

It is trained on first use, from the labelled turns of the tuned-on splits
(``testset.SPLITS``) and their stand-in and speech-style copies (``augment``), and cached
under ``cache_root()`` with a manifest (training-data checksum, version, file checksums)
that every load verifies. Training takes about half a minute on two cores.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import random
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rapport.privacy.augment import VERSION as AUGMENT_VERSION
from rapport.privacy.augment import Surrogates, training_copies
from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.first_pass import sentence_initial
from rapport.privacy.testset import SPLITS, Example, load_test_set
from rapport.privacy.vocabulary import MONTHS, ORDINALS, WEEKDAYS
from rapport.privacy.wordlists import MEASURED, NOT_NAMES

if TYPE_CHECKING:
    from rapport.coding.transformer import TransformerEncoder

VERSION = "privacy-tagger-v2"
"""v2: trained with one BLAS thread, so that every machine trains the same weights."""
#: What the tagger predicts; e-mail, URL and IP addresses are left to the rules.
TAGGED = (
    Category.NAME,
    Category.PET,
    Category.DATE,
    Category.ADDRESS,
    Category.FACILITY,
    Category.PHONE,
    Category.RECORD_NUMBER,
    Category.ID,
    Category.AGE,
)
LABELS = ("O", *(str(c) for c in TAGGED))
_UNTAGGED = frozenset([Category.EMAIL, Category.URL, Category.IP])
#: A word is PHI when the tagger gives it at least this probability (chosen by the
#: leave-one-split-out scores and the false alarms on real transcripts; docs/privacy.md).
THRESHOLD = 0.5
#: The same for turns with no capital letter (speech recognition), where clinical jargon
#: that no word list holds ("tavr", "sumatriptan") looks like a name to the tagger.
LOWERCASE_THRESHOLD = 0.7
SEED = 13
#: The share of non-PHI wordpieces trained on: nine in ten wordpieces are not PHI, and
#: half of them teach as much as all of them in half the training time.
OUTSIDE_SHARE = 0.5
#: Texts are cut into pieces this long (at spaces) to stay under MiniLM's 128 tokens.
PIECE_CHARACTERS = 300
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_CALENDAR = frozenset([*MONTHS, *WEEKDAYS])
_ABBREVIATION = re.compile(r"[A-Z]{2,4}s?")
#: Hesitations that speech recognition writes and no word list has.
#: ("gon na", "wan na", "got ta": how some speech recognisers split words)
_FILLERS = frozenset(
    ["um", "uh", "ah", "eh", "er", "erm", "hm", "mm", "ow", "huh", "mkay", "gon", "wan", "na", "ta"]
)
_LINKING = frozenset(["the", "of", "and", "de", "for"])
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_OLD_AGE = re.compile(r"(?i)\b(?:9\d|1[0-1]\d)\b|ninety|hundred")
#: Gaps that join two tagged words into one span ("Sept. 12", "10/7", "Mary-Kate").
_JOIN = re.compile(r"[.)]?\s+\(?|\s*[-/]\s*|\.")
_JOIN_COMMA = re.compile(r",\s*")


def artifact_dir(data_checksum: str) -> Path:
    from rapport.coding.embeddings import cache_root

    return cache_root() / "models" / f"{VERSION}-{data_checksum[:12]}"


def training_examples() -> list[Example]:
    """The labelled turns of the tuned-on splits only: never a split added since."""
    return [e for e in load_test_set() if e.split in SPLITS]


def data_checksum(examples: Sequence[Example]) -> str:
    """What the tagger was trained from: the turns, the augmentation and the tagger."""
    digest = hashlib.sha256(f"{VERSION} {AUGMENT_VERSION} {SEED}".encode())
    for example in examples:
        digest.update(json.dumps(example.to_json(), sort_keys=True).encode())
    return digest.hexdigest()


def _encoder() -> TransformerEncoder:
    """MiniLM through ONNX Runtime, or the one-line error naming the missing extra."""
    from rapport.coding.embeddings import missing_extra
    from rapport.coding.transformer import load_encoder

    for module in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(module) is None:
            error = ModuleNotFoundError(f"No module named {module!r}", name=module)
            raise missing_extra("de-identification's learned tagger", error)
    return load_encoder()


def word_features(text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The words of ``text`` (character ranges) and their spelling features, read from the
    original text: MiniLM sees it lowercased."""
    from rapport.privacy.engine import common_words, first_names, place_names, surnames

    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    lowercase_turn = not any(ch.isupper() for ch in text)
    rows = []
    for i, (start, end) in enumerate(words):
        word = text[start:end]
        title = word.title()
        rows.append(
            [
                word[:1].isupper(),
                len(word) > 1 and word.isupper(),
                any(ch.isdigit() for ch in word),
                word.isdigit(),
                sentence_initial(text, start),
                lowercase_turn,
                title in first_names(),
                title in surnames(),
                title in place_names(),
                word.lower() in common_words(),
                word.lower() in _CALENDAR,
                len(word) <= 3,
                i > 0 and text[words[i - 1][0]].isupper(),
                i + 1 < len(words) and text[words[i + 1][0]].isupper(),
            ]
        )
    return words, np.array(rows, np.float32).reshape(len(words), 14)


@dataclass(slots=True)
class TokenRows:
    """One text's feature rows, one per wordpiece that lies in a word, and that word."""

    features: np.ndarray
    word_of_row: np.ndarray
    words: list[tuple[int, int]]


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` in pieces of at most about ``PIECE_CHARACTERS``, cut at spaces."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > PIECE_CHARACTERS:
        cut = text.rfind(" ", start, start + PIECE_CHARACTERS)
        cut = cut if cut > start else start + PIECE_CHARACTERS
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def token_rows(texts: Sequence[str]) -> list[TokenRows]:
    """Feature rows of every text: MiniLM state, then the word's spelling features and
    whether the wordpiece continues a word."""
    pieces = [(t, offset, piece) for t, text in enumerate(texts) for offset, piece in _pieces(text)]
    states = _encoder().token_states([piece for _, _, piece in pieces])
    parts: list[list[tuple[np.ndarray, np.ndarray, list[int]]]] = [[] for _ in texts]
    analysed = [word_features(text) for text in texts]
    for (t, offset, _), state in zip(pieces, states, strict=True):
        words, spelling = analysed[t]
        starts = np.array([s for s, _ in words], np.int64)
        rows, word_index, continues = [], [], []
        for r, (start, end) in enumerate(state.offsets):
            if end <= start:
                continue  # [CLS], [SEP]
            w = int(np.searchsorted(starts, offset + start, side="right")) - 1
            if w < 0 or words[w][1] <= offset + start:
                continue  # punctuation between words
            rows.append(r)
            word_index.append(w)
            continues.append(state.tokens[r].startswith("##"))
        if rows:
            features = np.hstack(
                [
                    state.states[rows],
                    spelling[word_index],
                    np.array(continues, np.float32)[:, None],
                ]
            )
            parts[t].append((features, np.array(word_index), rows))
    found = []
    for t, text_parts in enumerate(parts):
        words = analysed[t][0]
        if not text_parts:
            found.append(TokenRows(np.zeros((0, 399), np.float32), np.zeros(0, np.int64), words))
            continue
        features = np.vstack([p[0] for p in text_parts])
        found.append(TokenRows(features, np.concatenate([p[1] for p in text_parts]), words))
    return found


def _labels(rows: TokenRows, spans: Sequence[tuple[int, int, Category]]) -> np.ndarray:
    """Each row's label index; -1 for words inside e-mail, URL or IP spans (not trained)."""
    labels = np.zeros(len(rows.word_of_row), np.int64)
    for r, w in enumerate(rows.word_of_row):
        start, end = rows.words[w]
        for s, e, category in spans:
            if s < end and start < e:
                labels[r] = -1 if category in _UNTAGGED else LABELS.index(str(category))
                break
    return labels


def augmented(examples: Sequence[Example], seed: int = SEED) -> list[tuple[str, list]]:
    """Every example's training copies (``augment.training_copies``), from one seed."""
    from rapport.privacy.engine import first_names, place_names, surnames

    rng = random.Random(seed)
    surrogates = Surrogates(
        rng, sorted(first_names()), sorted(surnames(2000)), sorted(place_names())
    )
    return [copy for e in examples for copy in training_copies(e.text, e.spans, surrogates)]


class PHITagger:
    """Multinomial logistic regression over token rows (the estimator contract: ``fit``
    returns self, learned attributes end in ``_``)."""

    def __init__(
        self,
        regularisation: float = 1.0,
        threshold: float = THRESHOLD,
        lowercase_threshold: float = LOWERCASE_THRESHOLD,
        iterations: int = 100,
    ) -> None:
        self.regularisation = regularisation
        self.threshold = threshold
        self.lowercase_threshold = lowercase_threshold
        self.iterations = iterations

    def fit(self, features: np.ndarray, labels: np.ndarray) -> PHITagger:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        self.mean_ = features.mean(0)
        self.scale_ = features.std(0) + 1e-6
        model = LogisticRegression(C=self.regularisation, max_iter=self.iterations)
        # One BLAS thread: with more, the order of sums follows the machine's thread count,
        # and the same data trained different weights in different places (docs/privacy.md).
        with warnings.catch_warnings(), threadpool_limits(limits=1):
            # a fixed number of iterations keeps first-use training short; scores on the
            # left-out splits do not improve with full convergence (docs/privacy.md)
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit((features - self.mean_) / self.scale_, labels)
        self.classes_ = model.classes_
        self.coef_ = model.coef_.astype(np.float32)
        self.intercept_ = model.intercept_.astype(np.float32)
        return self

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Per row, the probability of each of ``LABELS``."""
        logits = ((features - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        logits -= logits.max(1, keepdims=True)
        exp = np.exp(logits)
        found = np.zeros((len(features), len(LABELS)), np.float32)
        found[:, self.classes_] = exp / exp.sum(1, keepdims=True)
        return found

    def spans(self, text: str, rows: TokenRows) -> list[Finding]:
        """Word-aligned findings: words whose mean wordpiece probability of being PHI is
        at least the threshold, joined with their neighbours of the same category."""
        if not len(rows.word_of_row):
            return []
        probabilities = self.probabilities(rows.features)
        count = len(rows.words)
        per_word = np.zeros((count, len(LABELS)), np.float32)
        np.add.at(per_word, rows.word_of_row, probabilities)
        seen = np.bincount(rows.word_of_row, minlength=count)
        tagged: list[tuple[int, int, Category]] = []
        lowercase = not any(ch.isupper() for ch in text)
        threshold = self.lowercase_threshold if lowercase else self.threshold
        for w in np.flatnonzero(seen):
            mean = per_word[w] / seen[w]
            if 1.0 - mean[0] < threshold:
                continue
            category = Category(LABELS[1 + int(np.argmax(mean[1:]))])
            start, end = rows.words[w]
            if tagged:
                gap = text[tagged[-1][1] : start]
                # next-door words are one span whatever category each got ("300 714 92",
                # "Kirkwood Elementary"); a comma joins within a category, never between names
                comma = category == tagged[-1][2] not in (Category.NAME, Category.PET)
                # a full stop ends the sentence unless an abbreviation or initial makes it
                # ("St. Jude", "J. Okafor"), so "England. Ours" stays two words
                sentence_end = (
                    gap[:1] == "."
                    and gap[1:2].isspace()
                    and len(text[tagged[-1][0] : tagged[-1][1]].split()[-1]) > 4
                )
                joins = _JOIN.fullmatch(gap) and not sentence_end
                if joins or (comma and _JOIN_COMMA.fullmatch(gap)):
                    tagged[-1] = (tagged[-1][0], end, tagged[-1][2])
                    continue
            tagged.append((start, end, category))
        findings = []
        for start, end, category in tagged:
            if category in (Category.NAME, Category.PET):
                possessive = _POSSESSIVE.search(text[start:end])
                end -= len(possessive.group()) if possessive else 0
            finding = Finding(start, end, category, "", "tagger")
            if plausible(text, finding):
                findings.append(finding)
        return findings

    def tag(self, texts: Sequence[str]) -> list[list[Finding]]:
        """The tagger's findings in each text (batched through MiniLM)."""
        return [self.spans(t, rows) for t, rows in zip(texts, token_rows(texts), strict=True)]

    def save(self, folder: Path) -> None:
        np.savez(
            folder / "tagger.npz",
            mean=self.mean_,
            scale=self.scale_,
            classes=self.classes_,
            coef=self.coef_,
            intercept=self.intercept_,
        )

    @classmethod
    def load(cls, folder: Path, threshold: float = THRESHOLD) -> PHITagger:
        stored = np.load(folder / "tagger.npz", allow_pickle=False)
        tagger = cls(threshold=threshold)
        tagger.mean_, tagger.scale_ = stored["mean"], stored["scale"]
        tagger.classes_, tagger.coef_ = stored["classes"], stored["coef"]
        tagger.intercept_ = stored["intercept"]
        return tagger


def plausible(text: str, finding: Finding) -> bool:
    """False for what the tagger flags but is no PHI by the rules' own standards: everyday,
    filler or clinical words only (unless capitalised mid-sentence, as names are), single
    letters, identifiers with fewer than four digits ("a1c", "L4"), a number alone with a
    decimal or thousands mark or, as an address, of four digits at most, dates with no day,
    month or holiday ("may", "first"), ages under 90, eponyms."""
    from rapport.privacy.engine import common_words
    from rapport.privacy.not_phi import false_alarms
    from rapport.privacy.review import CLINICAL, FILLERS, NUMBER_WORDS
    from rapport.privacy.review import _everyday as everyday_word

    span = text[finding.start : finding.end]
    words = _WORD.findall(span)
    category = finding.category
    if len(span) < 2 or not words or all(w in NOT_NAMES or w.lower() in _FILLERS for w in words):
        return False
    if _ABBREVIATION.fullmatch(span) and any(ch.islower() for ch in text):
        return False  # "UTI", "TIAs" typed in capitals: clinical abbreviations
    if false_alarms(text, finding):
        return False
    if _BARE_NUMBER.fullmatch(span) and (
        "," in span or "." in span or (category == Category.ADDRESS and len(span) <= 4)
    ):
        return False  # a count or a lab value: "ANC is 1,400", "from 112 to 48", "a 504 plan"
    if category == Category.AGE:
        # "ninety" is also a temperature or a blood pressure ("one fifty over ninety")
        before = text[max(0, finding.start - 30) : finding.start].lower()
        measured = any(word in before for word in (*MEASURED, "over", "at ninety"))
        return _OLD_AGE.search(span) is not None and not measured
    if category in (Category.PHONE, Category.RECORD_NUMBER, Category.ID):
        digits = sum(ch.isdigit() for ch in span)
        return digits + sum(w.lower() in NUMBER_WORDS for w in words) >= 4
    lowered = [w.lower() for w in words]
    if category == Category.DATE:
        if _BARE_NUMBER.fullmatch(span):
            return False  # a dose, a lab value, a count
        day_or_month = (
            any(ch.isdigit() for ch in span)
            or any(w.lower() in MONTHS and w != "may" for w in words)
            # "the third", "the twenty-first"; not "the second light"
            or (len(words) > 1 and lowered[-1].split("-")[-1] in ORDINALS)
        )
        return day_or_month or not all(everyday_word(w, common_words()) for w in lowered)
    if not all(everyday_word(w, common_words()) for w in lowered):
        return True
    if any(w in FILLERS or w in CLINICAL for w in lowered):
        return False
    # everyday words used as names ("Rose", "Little Pelicans"): only capitalised
    # mid-sentence; in lowercase text, an everyday word is taken for what it says
    named = [w for w in words if w.lower() not in _LINKING]
    return (
        bool(named)
        and all(w[:1].isupper() for w in named)
        and not sentence_initial(text, finding.start)
    )


def training_matrix(
    copies: Sequence[tuple[str, list]], outside_share: float = OUTSIDE_SHARE, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of the training copies: every PHI row and a fixed random
    ``outside_share`` of the others (rows labelled -1 dropped)."""
    rows = token_rows([text for text, _ in copies])
    labels = np.concatenate([_labels(r, spans) for r, (_, spans) in zip(rows, copies, strict=True)])
    features = np.vstack([r.features for r in rows])
    draw = np.random.default_rng(seed).random(len(labels))
    keep = (labels > 0) | ((labels == 0) & (draw < outside_share))
    return features[keep], labels[keep]


def train(examples: Sequence[Example], seed: int = SEED) -> PHITagger:
    """A tagger fitted on ``examples`` and their augmented copies."""
    features, labels = training_matrix(augmented(examples, seed))
    return PHITagger().fit(features, labels)


def build_tagger(folder: Path) -> Path:
    """Train the tagger on the tuned-on splits and store it in ``folder`` (atomically)."""
    from rapport.coding.embeddings import staged_folder, write_manifest
    from rapport.coding.transformer import ARTIFACT as ENCODER

    examples = training_examples()
    tagger = train(examples)
    with staged_folder(folder) as staging:
        tagger.save(staging)
        write_manifest(
            staging,
            VERSION,
            encoder=ENCODER,
            augmentation=AUGMENT_VERSION,
            training_splits=list(SPLITS),
            training_turns=len(examples),
            data_sha256=data_checksum(examples),
        )
    return folder


def ensure_tagger(notify: Callable[[str], None] | None = None) -> Path:
    """The cached tagger's folder, trained first (under a lock) if it is not there yet;
    ``notify`` hears about a first-use training before it starts."""
    from rapport.coding.embeddings import ensure_built

    folder = artifact_dir(data_checksum(training_examples()))
    if notify is not None and not (folder / "manifest.json").is_file():
        notify(
            "Training de-identification's learned tagger from its shipped data, once "
            f"(about a minute); it is cached in {folder.parent}"
        )
    return ensure_built(folder, "privacy-tagger", build_tagger)


def prepare(notify: Callable[[str], None] | None = None) -> None:
    """Train the tagger now, when detectors use it and it is not built yet, saying so
    through ``notify`` first (commands call this before de-identifying anything)."""
    from rapport.privacy import detect

    if detect.USE_LEARNED_TAGGER:
        ensure_tagger(notify)


@cache
def load_tagger() -> PHITagger:
    """The verified tagger, loaded once per process."""
    from rapport.coding.embeddings import verify_artifact

    folder = ensure_tagger()
    verify_artifact(folder)
    return PHITagger.load(folder)


def tagged_findings(texts: Sequence[str]) -> dict[str, list[Finding]]:
    """The cached tagger's findings in each of ``texts``, keyed by text (``PatientDetector``
    adds them after its rules when ``detect.USE_LEARNED_TAGGER`` or its ``learned_tagger``
    is on)."""
    return dict(zip(texts, load_tagger().tag(texts), strict=True)) if texts else {}
