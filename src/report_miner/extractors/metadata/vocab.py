"""The document-type vocabulary (patterns/doc_types.yaml): type words, board suffixes, seasons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...config.validate import FAST_LOADER
from ...memo import BoundedMemo
from ...text.gazetteer import Gazetteer, normalise
from .period import season_pattern

CLASSIFIED_KEPT = 2048  # board-name candidates remembered per vocabulary

VOCAB_FILE = "doc_types.yaml"


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per Patterns
class Vocab:
    doc_types: tuple[tuple[str, re.Pattern[str]], ...]
    suffix_re: re.Pattern[str]
    suffix_display: tuple[tuple[re.Pattern[str], str], ...]
    multi: tuple[tuple[re.Pattern[str], int], ...]
    season_re: re.Pattern[str]
    seasons: dict[str, int]
    regions: frozenset[str]
    gazetteer: Gazetteer  # the authorities board names are read against
    # board-name candidates already classified: the same few recur on every page of a report
    classified: BoundedMemo[tuple[str, ...], tuple[str, object] | None] = field(
        default_factory=lambda: BoundedMemo(CLASSIFIED_KEPT))


def spaced(term: str) -> str:
    """A space in a pattern matches any run of spaces or a line break (titles wrap on covers)."""
    return term.replace(" ", r"\s+")


def read_metadata_vocab(path: Path, gazetteer: Gazetteer) -> Vocab:
    """The document-type vocabulary of one doc_types.yaml (Patterns.metadata_vocab keeps it)."""
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=FAST_LOADER)
    doc_types = tuple((kind, re.compile(r"\b(?:" + "|".join(spaced(t) for t in terms) + r")\b", re.I))
                      for kind, terms in data["doc_types"].items())
    suffixes = [spaced(s) for s in data["board_suffixes"]]
    # full forms match in any case (title pages in capitals); acronyms only as capitals
    alts = [s if s.isupper() else f"(?i:{s})" for s in suffixes]
    suffix_re = re.compile(r"(?<![A-Za-z])(" + "|".join(alts) + r")(?![A-Za-z])")
    display = tuple((re.compile(f"^(?:{spaced(s)})$", 0 if s.isupper() else re.I), data["board_suffixes"][s])
                    for s in data["board_suffixes"])
    multi = tuple((re.compile(rf"\b{p}\b", re.I), int(k)) for p, k in data["multi_borough_prefixes"].items())
    seasons = {k.lower(): int(v) for k, v in data["seasons"].items()}
    season_re = season_pattern(seasons)
    regions = frozenset({normalise(a.region) for a in gazetteer.authorities.values()} | {"england"})
    return Vocab(doc_types, suffix_re, display, multi, season_re, seasons, regions, gazetteer)
