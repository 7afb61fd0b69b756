"""statistics.csv: every figure that maps to a metric of contract/metrics.csv, from tables and text.

Figures are read from the document's tables and from its prose paragraphs (see text.paragraphs);
a heading that names one of the board's local authorities puts the figures below it under that area.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...models import DocumentMeta, Statistic
from ...periods import fy, fy_of_date
from ...reader import ParsedDocument
from ...text.layer import TextLayer, build_text
from ...text.paragraphs import Areas, Paragraph, caption_of, split_sentences
from .sentences import Figure, SentenceBinder
from .tables import StatisticsTableReader
from .tokens import Tok

if TYPE_CHECKING:
    from ...config.patterns import Patterns


class StatisticsExtractor:
    def __init__(self, meta: DocumentMeta, doc_id: str, patterns: Patterns) -> None:
        self.meta = meta
        self.doc_id = doc_id
        self.patterns = patterns
        self.vocab = patterns.statistics_vocab
        self.las = list(meta.local_authorities)
        self.areas = Areas(self.las, patterns.gazetteer)
        self.binder = SentenceBinder(self.vocab, self._resolve_area)

    def _resolve_area(self, token: str) -> str | None:
        if len(token) < 2:
            return None
        area = self.areas.resolve(token)
        # only this board's authorities split its figures; other names are not areas of this report
        if area and self.las and area not in self.las:
            return None
        return area

    def _final_area(self, area: str | None) -> str | None:
        """'' for the whole board area; None when the figure is for somewhere else."""
        if not area:
            return ""
        if len(self.las) == 1:
            return "" if area == self.las[0] else None
        if self.las and area not in self.las:
            return None
        return area

    def run(self, doc: ParsedDocument, text: TextLayer | None = None) -> list[Statistic]:
        text = text or build_text(doc, self.las, self.patterns.gazetteer)
        out: list[Statistic] = []
        reader = StatisticsTableReader(self.vocab, self._resolve_area, self.meta.period)
        for page in doc.pages:
            for position, table in enumerate(page.tables):
                ctx_area = text.table_area(page.number, position)
                for f in reader.read(table, caption_of(page, table)):
                    area = self._final_area(f.area if f.area is not None else ctx_area)
                    if area is None:
                        continue
                    out.append(Statistic(doc_id=self.doc_id, area=area, metric=f.metric, category=f.category,
                                         value=f.value, unit=f.unit, period=f.period, as_of=f.as_of,
                                         page=f.page, evidence=f.evidence, source="table",
                                         time_basis=f.time_basis))
        for par in text.paragraphs:
            if not par.heading:
                out.extend(self._paragraph(par))
        return out

    def _paragraph(self, par: Paragraph) -> list[Statistic]:
        out: list[Statistic] = []
        inherited: tuple[str, str] | None = None
        inherited_from = ""
        for offset, sentence in split_sentences(par.text):
            figures, toks, consumed = self.binder.bind(sentence)
            free_times = [k for k, t in enumerate(toks) if t.kind == "time" and k not in consumed]
            for fig in figures:
                time = fig.time or _sentence_time(fig, toks, free_times)
                evidence = sentence.strip()
                if time is None and inherited is not None:
                    # the date comes from the sentence before: show both
                    time, evidence = inherited, f"{inherited_from} {evidence}"
                st = self._statistic(fig, time, evidence, sentence, par, offset)
                if st is not None:
                    out.append(st)
            # only a date that frames a sentence ("At 31 March 2018, ...") carries on to the next one
            framing = [k for k in free_times if k <= 3 or _opens_clause(toks, k)]
            if framing:
                inherited, inherited_from = toks[framing[0]].time, sentence.strip()
            elif free_times:
                inherited = None
        return out

    def _statistic(self, fig: Figure, time: tuple[str, str] | None, evidence: str, sentence: str,
                   par: Paragraph, offset: int) -> Statistic | None:
        kind = self.vocab.metrics[fig.metric].kind
        period, as_of = resolve_time(kind, time, self.meta.period)
        if period is None:
            return None
        basis = _basis(time, period)
        area = fig.area
        if area is None:
            keep, area = self._sentence_area(sentence, par)
            if not keep:
                return None
        final = self._final_area(area)
        if final is None:
            return None
        return Statistic(doc_id=self.doc_id, area=final, metric=fig.metric, value=fig.value,
                         unit=fig.unit,
                         period=period, as_of=as_of, page=par.page_at(offset + fig.start),
                         evidence=evidence, source="text", time_basis=basis)

    def _sentence_area(self, sentence: str, par: Paragraph) -> tuple[bool, str | None]:
        """(keep, area) of a figure without an area of its own: the one area its sentence names, else
        its heading's. Not kept when the sentence is about another authority only, or names another
        area than its heading (no guessing)."""
        found = self.areas.find(sentence)
        names = {a for a in found if not self.las or a in self.las}
        if len(self.las) == 1:
            other = {a for a in found if a not in self.las}
            if other and not names:
                return False, None  # a figure about another authority
        if len(names) == 1:
            named = names.pop()
            if par.area and named != par.area:
                return False, None  # heading and sentence disagree about the area: do not guess
            return True, named
        return True, (par.area if not names else None)


def _basis(time: tuple[str, str] | None, period: str) -> str:
    """A figure's own (or its sentence's) time is stated; without one, a flow takes the document's."""
    if time is not None:
        return "stated"
    return "document" if period else ""


def _opens_clause(toks: list[Tok], k: int) -> bool:
    """`... 16%) At 31 March 2018, ...`: a capitalised "At <date>," opens a sentence run on to the last."""
    return (k >= 1 and toks[k - 1].text in {"At", "As", "By", "On"} and k + 1 < len(toks)
            and toks[k + 1].text == ",")


def _sentence_time(fig: Figure, toks: list[Tok], free: list[int]) -> tuple[str, str] | None:
    before = [k for k in free if toks[k].start < fig.start]
    if before:
        return toks[before[-1]].time
    after = [k for k in free if toks[k].start > fig.start]
    return toks[after[0]].time if after else None


def resolve_time(kind: str, time: tuple[str, str] | None, default_period: str) -> tuple[str | None, str]:
    """(period, as_of) of a figure; period None drops a figure whose date cannot be placed."""
    if time is None:
        return ("", "") if kind == "stock" else (default_period, "")
    what, value = time
    if what == "rel":
        if kind == "stock" or not re.match(r"^\d{4}-\d{2}$", default_period):
            return None, ""
        return fy(int(default_period[:4]) - 1), ""
    if what == "fy":
        return value, ""
    from datetime import date
    d = date.fromisoformat(value)
    return ("", value) if kind == "stock" else (fy_of_date(d), "")


def extract_statistics(doc: ParsedDocument, meta: DocumentMeta, doc_id: str, patterns: Patterns,
                       text: TextLayer | None = None) -> list[Statistic]:
    """The document's figures, timed, one row per slot and value (repeats of a figure are one row).

    The pipeline reconciles these with the training extractor's figures once more (slots.py)."""
    from .slots import assign_times, describe, reconcile

    text = text or build_text(doc, meta.local_authorities, patterns.gazetteer)
    found = StatisticsExtractor(meta, doc_id, patterns).run(doc, text)
    dictionary = patterns.dictionary
    kinds: dict[str, str] = {m: d.kind for m, d in dictionary.metrics.items()}
    assign_times(found, text.blocks, meta.period, kinds)
    describe(found, dictionary)
    return reconcile(found, kinds)[0]

