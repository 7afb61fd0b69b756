"""The metric vocabulary of patterns/metrics.yaml, compiled, and the label/phrase lookups on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...config.validate import FAST_LOADER
from .literals import any_required, fold, required_literals

FLAGS = re.I


@dataclass(frozen=True)
class MetricDef:
    id: str
    unit: str
    kind: str  # stock | flow
    exclude: re.Pattern[str] | None
    # a sentence must match this before a bare before-only phrase ("2130 referrals") counts
    context: re.Pattern[str] | None = None
    word_numbers: bool = False  # "Two serious case reviews": counts this small are often spelt out


@dataclass(frozen=True)
class PhraseHit:
    metric: str
    start: int
    end: int
    before_only: bool


@dataclass
class Vocab:
    metrics: dict[str, MetricDef]
    # one alternation per metric; group name = metric id (+ "__b" for before-only phrases)
    sentence_re: re.Pattern[str]
    label_re: dict[str, re.Pattern[str]]
    categories: list[tuple[str, re.Pattern[str]]]
    total_re: re.Pattern[str]
    global_exclude: re.Pattern[str]
    skip_tables: re.Pattern[str]
    groups: dict[str, re.Pattern[str]]
    rate_label: re.Pattern[str]
    rate_metrics: dict[str, str]
    # every phrase holds one of these texts (statistics/literals.py); None: some phrase need not
    required: tuple[str, ...] | None = None

    def find_phrases(self, text: str) -> list[PhraseHit]:
        """Non-overlapping metric phrases in `text`; at one position the longest phrase wins."""
        if self.required is not None and not any_required(self.required, fold(text)):
            return []  # most sentences: no phrase can match, so none is tried at every word
        hits: list[PhraseHit] = []
        pos = 0
        while True:
            m = self.sentence_re.search(text, pos)
            if m is None:
                return hits
            # the alternation stops at the first alternative that matches; try each metric here
            best = self._longest_at(text, m.start())
            hits.append(best)
            pos = max(best.end, m.start() + 1)

    def _longest_at(self, text: str, start: int) -> PhraseHit:
        best: PhraseHit | None = None
        for key, rx in self.groups.items():
            m = rx.match(text, start)
            if m and m.end() > start and (best is None or m.end() > best.end):
                best = PhraseHit(key.removesuffix("__b"), start, m.end(), key.endswith("__b"))
        assert best is not None
        return best

    def excluded(self, metric: str, text: str) -> bool:
        d = self.metrics[metric]
        if self.global_exclude.search(text):
            return True
        return bool(d.exclude and d.exclude.search(text))

    def label_metric(self, label: str, lead_words: int | None = None) -> str | None:
        """Metric a table row/column label names, or None (longest phrase wins).

        `lead_words`: the phrase must start within this many words, as row labels name their
        metric up front; a long cell that mentions "contacts" in passing is not a label.
        """
        text = normalise(label)
        if not text:
            return None
        # "Contacts progressed to referral": the row counts the destination, not the source
        m = re.match(r"^.{0,40}?\b(?:progressed|converted|leading|led|resulting|progressing)\s+(?:in)?to\s+"
                     r"(?:an?\s+|full\s+)?(.+)$", text, FLAGS)
        if m:
            text = m.group(1)
        best: tuple[int, str] | None = None
        for metric, rx in self.label_re.items():
            for hit in rx.finditer(text):
                if lead_words is not None and len(text[:hit.start()].split()) > lead_words:
                    continue
                span = hit.end() - hit.start()
                if best is None or span > best[0]:
                    best = (span, metric)
        if best is None:
            return None
        metric = best[1]
        if self.excluded(metric, text):
            return None
        return metric

    def category(self, label: str) -> str | None:
        text = normalise(label).strip(" .:*")
        text = re.sub(r"\s*\(?(?:abuse|years?|yrs)\)?$", "", text, flags=FLAGS) if len(text) > 3 else text
        for cat, rx in self.categories:
            if rx.fullmatch(text):
                return cat
        return None

    def is_total(self, label: str) -> bool:
        return bool(self.total_re.match(normalise(label).strip(" .:*")))


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _alternation(phrases: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in phrases)


def _add_required(required: set[str] | None, phrases: list[str]) -> set[str] | None:
    """`required` with the texts each phrase requires; None once a phrase requires nothing readable."""
    for phrase in phrases:
        texts = required_literals(phrase)
        if required is None or texts is None:
            return None
        required.update(texts)
    return required


def compile_vocab(file: Path) -> Vocab:
    """The metric vocabulary of one metrics.yaml, compiled (Patterns.statistics_vocab keeps it)."""
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    metrics: dict[str, MetricDef] = {}
    groups: dict[str, re.Pattern[str]] = {}
    label_re: dict[str, re.Pattern[str]] = {}
    all_parts: list[str] = []
    required: set[str] | None = set()
    for mid, spec in data["metrics"].items():
        excl = spec.get("exclude") or []
        metrics[mid] = MetricDef(mid, spec.get("unit", "count"), spec.get("kind", "flow"),
                                 re.compile(_alternation(excl), FLAGS) if excl else None,
                                 re.compile(spec["context"], FLAGS) if spec.get("context") else None,
                                 bool(spec.get("word_numbers")))
        for key, phrases in ((mid, spec.get("phrases") or []), (mid + "__b", spec.get("before_only") or [])):
            required = _add_required(required, phrases)
            if phrases:
                groups[key] = re.compile(rf"\b(?:{_alternation(phrases)})(?![\w])", FLAGS)
                all_parts.append(rf"(?:{_alternation(phrases)})(?![\w])")
        label_phrases = [p for k in ("phrases", "before_only", "label_only") for p in spec.get(k) or []]
        label_re[mid] = re.compile(rf"(?<!\w)(?:{_alternation(label_phrases)})(?!\w)", FLAGS)
    cats = [(cid, re.compile(rx, FLAGS)) for cid, rx in data.get("categories", {}).items()]
    vocab = Vocab(
        metrics=metrics,
        # the word boundary once, outside the alternation: the engine tests it before trying any
        # phrase, instead of once per phrase at every character of the text
        sentence_re=re.compile(rf"\b(?:{'|'.join(all_parts)})", FLAGS),
        label_re=label_re,
        categories=cats,
        total_re=re.compile(data.get("total_labels", "^total$"), FLAGS),
        global_exclude=re.compile(data.get("global_exclude", r"(?!x)x"), FLAGS),
        skip_tables=re.compile(data.get("skip_tables", r"(?!x)x"), FLAGS),
        groups=groups,
        rate_label=re.compile(data.get("rate_label", r"(?!x)x"), FLAGS),
        rate_metrics=dict(data.get("rate_metrics") or {}),
        required=tuple(sorted(required)) if required is not None else None,
    )
    return vocab
