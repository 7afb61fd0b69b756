"""The document-type vocabulary (patterns/doc_types.yaml): type words, board suffixes, seasons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ...config.validate import FAST_LOADER
from ...paths import pattern_file, stamp
from ...text.gazetteer import Gazetteer, load_gazetteer, normalise
from .period import season_pattern

VOCAB_FILE = "doc_types.yaml"


@dataclass(frozen=True, eq=False)  # hashed by identity: one cached instance per patterns file
class Vocab:
    doc_types: tuple[tuple[str, re.Pattern[str]], ...]
    suffix_re: re.Pattern[str]
    suffix_display: tuple[tuple[re.Pattern[str], str], ...]
    multi: tuple[tuple[re.Pattern[str], int], ...]
    season_re: re.Pattern[str]
    seasons: dict[str, int]
    regions: frozenset[str]


def spaced(term: str) -> str:
    """A space in a pattern matches any run of spaces or a line break (titles wrap on covers)."""
    return term.replace(" ", r"\s+")


def load_metadata_vocab(path: str | None = None) -> Vocab:
    """The document-type vocabulary in force (or of `path`), read once per file and version."""
    return _read_metadata_vocab(*stamp(Path(path) if path else pattern_file(VOCAB_FILE)), load_gazetteer())


@lru_cache(maxsize=4)
def _read_metadata_vocab(path: str, _mtime: float, gazetteer: Gazetteer) -> Vocab:
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
    return Vocab(doc_types, suffix_re, display, multi, season_re, seasons, regions)
