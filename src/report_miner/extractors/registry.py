"""One interface for the record extractors, and the registry the pipeline runs them from.

An extractor receives an `ExtractionContext` (the parsed document, its shared text layer, its
metadata, the loaded patterns) and returns an `Extraction`: records by kind and warnings.
Adding a record kind means writing one extractor and registering it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import BaseModel

from ..models import DocumentMeta
from ..reader import ParsedDocument
from ..text.layer import TextLayer
from .budget.extractor import extract_budget
from .judgements.extractor import extract_judgements
from .statistics.extractor import extract_statistics
from .training.extractor import extract_training

if TYPE_CHECKING:
    from ..config.patterns import Patterns

RecordKind = Literal["statistics", "training", "budget", "judgements"]


@dataclass(frozen=True)
class ExtractionContext:
    doc: ParsedDocument
    text: TextLayer
    meta: DocumentMeta
    doc_id: str
    patterns: Patterns  # every vocabulary of this document comes from here


@dataclass
class Extraction:
    records: dict[RecordKind, list[BaseModel]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Extractor(Protocol):
    @property
    def name(self) -> str: ...

    def warm_up(self, patterns: Patterns) -> None: ...

    def run(self, ctx: ExtractionContext) -> Extraction: ...


@dataclass(frozen=True)
class _Wrapped:
    name: str
    load: Callable[[Patterns], object]
    extract: Callable[[ExtractionContext], Extraction]

    def warm_up(self, patterns: Patterns) -> None:
        self.load(patterns)

    def run(self, ctx: ExtractionContext) -> Extraction:
        return self.extract(ctx)


def _statistics(ctx: ExtractionContext) -> Extraction:
    found = extract_statistics(ctx.doc, ctx.meta, ctx.doc_id, ctx.patterns, ctx.text)
    return Extraction({"statistics": list(found)})


def _training(ctx: ExtractionContext) -> Extraction:
    courses, stats = extract_training(ctx.doc, ctx.meta, ctx.doc_id, ctx.patterns, text=ctx.text)
    return Extraction({"training": list(courses), "statistics": list(stats)})


def _budget(ctx: ExtractionContext) -> Extraction:
    lines, warnings = extract_budget(ctx.doc, ctx.meta, ctx.doc_id, ctx.patterns, text=ctx.text)
    return Extraction({"budget": list(lines)}, list(warnings))


def _judgements(ctx: ExtractionContext) -> Extraction:
    return Extraction({"judgements": list(extract_judgements(ctx.doc, ctx.meta, ctx.doc_id))})


def _nothing_to_load(_patterns: Patterns) -> None:
    return None


# in this order: statistics from training sentences follow the document's own statistics
EXTRACTORS: tuple[Extractor, ...] = (
    _Wrapped("statistics", lambda patterns: (patterns.statistics_vocab, patterns.dictionary), _statistics),
    _Wrapped("training", lambda patterns: patterns.training_vocab, _training),
    _Wrapped("budget", lambda patterns: patterns.budget_vocab, _budget),
    _Wrapped("judgements", _nothing_to_load, _judgements),
)


def run_extractors(ctx: ExtractionContext) -> Extraction:
    """Every registered extractor on one document, records of a kind in registry order."""
    out = Extraction()
    for extractor in EXTRACTORS:
        result = extractor.run(ctx)
        for kind, records in result.records.items():
            out.records.setdefault(kind, []).extend(records)
        out.warnings.extend(result.warnings)
    return out
