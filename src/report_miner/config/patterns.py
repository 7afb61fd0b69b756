"""One loaded patterns configuration: a researcher's folder over the bundled one.

A `Patterns` object is what the extractors, the metadata reader, the text layer and the theme
tagger take their vocabularies from; every run passes one explicitly. Each vocabulary is read and
compiled on first use and kept on the object, so two objects for two folders never share data.
A file missing from the researcher's folder comes from the bundled folder; the theme codebook is
merged as config/codebook.py describes.

`patterns_for(folder)` hands out one object per folder for as long as the files of both folders are
unchanged, so a parent that warms the pipeline before forking its workers shares it with them, and
an edited file (or another folder) gives a fresh object.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import default_patterns_dir

if TYPE_CHECKING:
    from ..extractors.budget.vocab import BudgetVocab
    from ..extractors.metadata.vocab import Vocab as MetadataVocab
    from ..extractors.statistics.vocab import Vocab as StatisticsVocab
    from ..extractors.training.vocab import TrainingVocab
    from ..text.gazetteer import Gazetteer
    from ..themes.tagger import ThemeTagger
    from .metrics import MetricDictionary

Stamp = tuple[tuple[str, str, int, int], ...]


class Patterns:
    """The vocabularies of a patterns folder (None: the bundled folder alone), loaded lazily.

        patterns = Patterns("my_patterns")
        patterns.file("metrics.yaml")      # the user's file, else the bundled one
        patterns.dictionary.rows()         # the metric dictionary
        patterns.codebook                  # the merged theme codebook and the file it came from

    Loading a file that breaks its schema raises PatternError, one `file:line:` line per problem.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder else None
        self.bundled = default_patterns_dir()

    def __repr__(self) -> str:
        return f"Patterns({str(self.folder)!r})" if self.folder else "Patterns()"

    def __reduce__(self) -> tuple[type[Patterns], tuple[Path | None]]:
        # only the folder travels to another process: its vocabularies are built there
        return Patterns, (self.folder,)

    def file(self, name: str) -> Path:
        """The user's file of that name, else the bundled one."""
        if self.folder is not None and (self.folder / name).exists():
            return self.folder / name
        return self.bundled / name

    def stamp(self) -> Stamp:
        """Every file of the bundled and the user folder with its modification time and size."""
        return _stamp(self.bundled) + (_stamp(self.folder) if self.folder is not None else ())

    @cached_property
    def statistics_vocab(self) -> StatisticsVocab:
        """The metric phrases, labels and categories of metrics.yaml, compiled."""
        from ..extractors.statistics.vocab import compile_vocab

        return compile_vocab(self.file("metrics.yaml"))

    @cached_property
    def training_vocab(self) -> TrainingVocab:
        from ..extractors.training.vocab import read_training_vocab

        return read_training_vocab(self.file("training.yaml"))

    @cached_property
    def budget_vocab(self) -> BudgetVocab:
        from ..extractors.budget.vocab import read_budget_vocab

        return read_budget_vocab(self.file("budget.yaml"))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The local authorities of local_authorities.csv and the lookups on them."""
        from ..text.gazetteer import GAZETTEER_FILE, read_gazetteer

        return read_gazetteer(self.file(GAZETTEER_FILE))

    @cached_property
    def metadata_vocab(self) -> MetadataVocab:
        """Document types, board suffixes and seasons of doc_types.yaml (regions from the gazetteer)."""
        from ..extractors.metadata.vocab import VOCAB_FILE, read_metadata_vocab

        return read_metadata_vocab(self.file(VOCAB_FILE), self.gazetteer)

    @cached_property
    def dictionary(self) -> MetricDictionary:
        """What every metric means: metrics.yaml, definitions it lacks taken from the bundled one."""
        from .metrics import build_dictionary

        return build_dictionary(self.file("metrics.yaml"), self.bundled / "metrics.yaml")

    @cached_property
    def codebook(self) -> tuple[dict[str, Any], Path]:
        """The merged theme codebook and the file it came from (the user's when there is one)."""
        from .codebook import read_codebook

        return read_codebook(self.bundled, self.folder)

    def tagger(self) -> ThemeTagger:
        """The theme pipeline of this codebook, built (spaCy) and warmed on first use."""
        return self._tagger

    @cached_property
    def _tagger(self) -> ThemeTagger:
        from ..run.pipeline import warm_up_tagger
        from ..themes.tagger import ThemeTagger  # spaCy is the slowest import: only when themes are needed

        tagger = ThemeTagger.from_patterns(self)
        warm_up_tagger(tagger)
        return tagger

    def has_tagger(self) -> bool:
        """Whether the theme pipeline is built already."""
        return "_tagger" in self.__dict__


def _stamp(folder: Path) -> Stamp:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ()
    out = []
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        out.append((str(folder), entry.name, info.st_mtime_ns, info.st_size))
    return tuple(out)


_MEMO: dict[tuple[str, str], tuple[Stamp, Patterns]] = {}
_MEMO_SIZE = 4  # a notebook switching between a few folders keeps them; older ones are let go


def patterns_for(folder: str | Path | Patterns | None = None) -> Patterns:
    """This process's Patterns for `folder`, loaded afresh when a file in it or the bundled folder
    changed. A Patterns object is returned as it is."""
    if isinstance(folder, Patterns):
        return folder
    candidate = Patterns(folder)
    key = (str(candidate.bundled.absolute()),
           str(candidate.folder.absolute()) if candidate.folder is not None else "")
    stamp = candidate.stamp()
    known = _MEMO.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    _MEMO.pop(key, None)
    while len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (stamp, candidate)
    return candidate
