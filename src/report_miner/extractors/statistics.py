"""statistics.csv: every figure that maps to a metric of contract/metrics.csv, from tables and text.

Text is rebuilt into paragraphs (line gaps, bullets, page breaks) so a sentence split over lines
or pages is read whole; short title paragraphs are headings, and a heading that names one of the
board's local authorities puts the figures below it under that area until the next heading.
"""

from __future__ import annotations

import re
import statistics as pystats
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field

from ..models import DocumentMeta, Statistic
from ..periods import fy, fy_of_date
from ..reader import Line, Page, ParsedDocument, Table
from .stat_tables import TableReader
from .stat_text import Figure, SentenceBinder, Tok
from .stat_vocab import Vocab, load_vocab, normalise

try:
    from ..vocab import find_local_authorities, resolve_area
except ImportError:  # pragma: no cover - the gazetteer ships separately; without it no area is set
    def resolve_area(token: str) -> str | None:
        return None

    def find_local_authorities(text: str) -> list[str]:
        return []

BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\-–*•▪]|[\ue000-\uf8ff])\s*")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
ABBREV_END = re.compile(r"\b(?:No|e\.g|i\.e|etc|St|Dr|Mr|Mrs|Ms|vs|approx)\.$", re.I)


MAX_PARAGRAPH_LINES = 80


@dataclass
class Paragraph:
    text: str = ""
    # (char offset, page) where each joined line starts
    pages: list[tuple[int, int]] = field(default_factory=list)
    n_lines: int = 0
    area: str | None = None  # heading area in force
    heading: bool = False
    size: float = 0.0  # tallest line, a proxy for the type size of a heading

    def add(self, text: str, page: int) -> None:
        if self.text:
            if self.text.endswith("-") and len(self.text) > 1 and self.text[-2].isalpha():
                pass  # a word broken at the line end goes on without a space
            else:
                self.text += " "
        self.pages.append((len(self.text), page))
        self.text += text
        self.n_lines += 1

    def page_at(self, offset: int) -> int:
        index = bisect_right(self.pages, (offset, float("inf"))) - 1
        return self.pages[max(index, 0)][1]


def _is_heading(par: Paragraph) -> bool:
    text = par.text.strip()
    if par.n_lines > 2 or not text or not text[0].isupper() or len(text.split()) > 14 or "%" in text:
        return False
    # numbers other than a section number or a year mean a statement ("5785 Referrals ...")
    body = re.sub(r"^\d+(?:\.\d+)*\s+", "", text)
    if re.search(r"\d", re.sub(r"(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?", "", body)):
        return False
    return not re.search(r"[.,;:!?]$", text)


def _line_metrics(lines: list[Line]) -> tuple[float, float]:
    """(white space that separates paragraphs, body line height) on this page."""
    heights = [ln.height for ln in lines if ln.height > 3]
    body = pystats.median(heights) if heights else 10.0
    return 0.7 * body, body


Paragraphs = tuple[list[Paragraph], dict[int, str | None]]


class Areas:
    """Area lookups: the gazetteer, plus the board's own authorities' names as printed."""

    def __init__(self, las: list[str]) -> None:
        self.las = las
        self._literal = [(la, re.compile(r"\b" + r"\s+".join(
            "(?:and|&)" if w.lower() == "and" else re.escape(w) for w in la.split()) + r"\b", re.I))
            for la in las]

    def resolve(self, token: str) -> str | None:
        area = resolve_area(token)
        if area:
            return area
        key = normalise(token).lower().replace("&", "and")
        return next((la for la in self.las if la.lower() == key), None)

    def find(self, text: str) -> list[str]:
        found = list(find_local_authorities(text))
        found.extend(la for la, rx in self._literal if la not in found and rx.search(text))
        return found


class AreaContext:
    """Which local authority a passage is about, from headings, for multi-authority boards."""

    def __init__(self, areas: Areas) -> None:
        self.areas = areas
        self.current: str | None = None
        self.size = 0.0  # type size of the heading that set `current`

    def heading(self, text: str, size: float) -> None:
        names = set(self.areas.find(text))
        whole = self.areas.resolve(text)
        if whole:
            names.add(whole)
        if len(names) == 1:
            self.current, self.size = names.pop(), size
        elif self.current and size < self.size * 0.95:
            return  # a smaller sub-heading inside the authority's section
        else:
            self.current = None


_last_paragraphs: tuple[weakref.ref[ParsedDocument], tuple[str, ...], Paragraphs] | None = None


def build_paragraphs(doc: ParsedDocument, areas: Areas) -> Paragraphs:
    """Prose paragraphs in reading order, and the heading area in force at each table (by id).

    Statistics, training and budget all read the same document's paragraphs: the last result is
    kept so the document is walked once (the paragraphs are read, never changed).
    """
    global _last_paragraphs
    key = tuple(areas.las)
    if _last_paragraphs is not None and _last_paragraphs[0]() is doc and _last_paragraphs[1] == key:
        return _last_paragraphs[2]
    result = _build_paragraphs(doc, areas)
    _last_paragraphs = (weakref.ref(doc), key, result)
    return result


def _build_paragraphs(doc: ParsedDocument, areas: Areas) -> Paragraphs:
    ctx = AreaContext(areas)
    pars: list[Paragraph] = []
    table_area: dict[int, str | None] = {}
    cur = Paragraph()

    def close() -> None:
        nonlocal cur
        if cur.text:
            cur.heading = _is_heading(cur)
            if cur.heading:
                ctx.heading(cur.text, cur.size)
            cur.area = ctx.current
            pars.append(cur)
        cur = Paragraph()

    for page in doc.pages:
        prose = [(i, ln) for i, ln in enumerate(page.lines) if i not in page.table_line_ids]
        gap, body = _line_metrics([ln for _, ln in prose])
        tables = sorted(page.tables, key=lambda t: t.top)
        prev = None
        prev_big = False
        bullet_x: float | None = None  # where the bullet of the current paragraph was printed
        for _, ln in prose:
            text = ln.text.strip()
            if not text:
                continue
            while tables and tables[0].top < ln.top:
                close()
                table_area[id(tables.pop(0))] = ctx.current
            if prev is None:
                new = bool(cur.text) and bool(re.search(r"[.!?:]$", cur.text))
            else:
                new = ln.top - prev.bottom > gap or ln.top < prev.top
            # a line in a larger font is a heading even when printed tight against its paragraph
            big = ln.height > body * 1.15 and len(text.split()) <= 14
            # a bullet's own lines hang indented after it; a capitalised line back at the bullet's
            # margin starts the next paragraph even without a gap
            outdent = bullet_x is not None and ln.x0 <= bullet_x + 2 and text[:1].isupper()
            bulleted = bool(BULLET.match(text))
            # no real paragraph runs this long; a text stream without breaks must not become one
            too_long = cur.n_lines >= MAX_PARAGRAPH_LINES
            if new or bulleted or big != prev_big or outdent or too_long:
                close()
                bullet_x = ln.x0 if bulleted else None
            cur.add(BULLET.sub("", text), page.number)
            cur.size = max(cur.size, ln.height)
            prev, prev_big = ln, big
        for t in tables:
            close()
            table_area[id(t)] = ctx.current
    close()
    return _join_lone_numbers(pars), table_area


# two digits at least: a lone "4" is more likely a section number printed above its title
LONE_NUMBER = re.compile(r"^\d[\d,.]*\d\s?%?$")


def _join_lone_numbers(pars: list[Paragraph]) -> list[Paragraph]:
    """Infographics print a big figure above its label ("5785" / "Referrals to ..."): rejoin them."""
    out: list[Paragraph] = []
    carry: Paragraph | None = None
    for par in pars:
        if carry is not None and par.pages[0][1] == carry.pages[0][1]:
            joined = Paragraph(area=par.area, size=par.size)
            joined.add(carry.text, carry.pages[0][1])
            for (start, page), end in zip(par.pages, [p for p, _ in par.pages[1:]] + [len(par.text)],
                                          strict=True):
                joined.add(par.text[start:end].strip(), page)
            par = joined
        elif carry is not None:
            out.append(carry)
        carry = None
        if LONE_NUMBER.match(par.text.strip()):
            carry = par
            continue
        out.append(par)
    if carry is not None:
        out.append(carry)
    return out


def _cell_paragraphs(table: Table, area: str | None) -> list[Paragraph]:
    """Narrative written inside table cells (two-column 'topic | what we did' layouts)."""
    out = []
    for i, row in enumerate(table.rows):
        for cell in row:
            if len(cell.split()) >= 12:
                par = Paragraph(area=area)
                par.add(normalise(cell), table.page_of_row(i))
                out.append(par)
    return out


def caption_of(page: Page, table: Table) -> str:
    """Title lines printed right above a table."""
    above = [ln for i, ln in enumerate(page.lines)
             if i not in page.table_line_ids and ln.bottom <= table.top + 2 and ln.top > table.top - 80]
    above.sort(key=lambda ln: ln.top)
    picked: list[str] = []
    bottom = table.top
    for ln in reversed(above):
        if bottom - ln.bottom > max(ln.height, 8) * 2.2 or len(picked) >= 3:
            break
        picked.insert(0, ln.text.strip())
        bottom = ln.top
    return normalise(" ".join(picked))


def split_sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in SENTENCE_SPLIT.finditer(text):
        if ABBREV_END.search(text[start:m.start()]):
            continue
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s, t) for s, t in out if t.strip()]


class StatisticsExtractor:
    def __init__(self, meta: DocumentMeta, doc_id: str, vocab: Vocab | None = None) -> None:
        self.meta = meta
        self.doc_id = doc_id
        self.vocab = vocab or load_vocab()
        self.las = list(meta.local_authorities)
        self.areas = Areas(self.las)
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

    def run(self, doc: ParsedDocument) -> list[Statistic]:
        pars, table_area = build_paragraphs(doc, self.areas)
        out: list[Statistic] = []
        reader = TableReader(self.vocab, self._resolve_area, self.meta.period)
        for page in doc.pages:
            for table in page.tables:
                ctx_area = table_area.get(id(table))
                for f in reader.read(table, caption_of(page, table)):
                    area = self._final_area(f.area if f.area is not None else ctx_area)
                    if area is None:
                        continue
                    out.append(Statistic(doc_id=self.doc_id, area=area, metric=f.metric, category=f.category,
                                         value=f.value, unit=f.unit, period=f.period, as_of=f.as_of,  # type: ignore[arg-type]
                                         page=f.page, evidence=f.evidence, source="table"))
                pars.extend(_cell_paragraphs(table, ctx_area))
        for par in pars:
            if not par.heading:
                out.extend(self._paragraph(par))
        return dedupe(out)

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
        area = fig.area
        if area is None:
            found = self.areas.find(sentence)
            names = {a for a in found if not self.las or a in self.las}
            if len(self.las) == 1:
                other = {a for a in found if a not in self.las}
                if other and not names:
                    return None  # a figure about another authority
            if len(names) == 1:
                named = names.pop()
                if par.area and named != par.area:
                    return None  # heading and sentence disagree about the area: do not guess
                area = named
            elif not names:
                area = par.area
        final = self._final_area(area)
        if final is None:
            return None
        return Statistic(doc_id=self.doc_id, area=final, metric=fig.metric, value=fig.value,
                         unit=fig.unit,  # type: ignore[arg-type]
                         period=period, as_of=as_of, page=par.page_at(offset + fig.start),
                         evidence=evidence, source="text")


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


def dedupe(stats: list[Statistic]) -> list[Statistic]:
    """One value per slot. Tables win over text; the first statement wins among equals."""
    slots: dict[tuple[str, str, str, str, str], Statistic] = {}
    order: list[tuple[str, str, str, str, str]] = []
    for st in stats:
        # a stock at a date has one value whatever year column it was printed under
        key = (st.metric, st.area, st.category, st.as_of or st.period, st.unit)
        have = slots.get(key)
        if have is None:
            slots[key] = st
            order.append(key)
        elif have.value != st.value and have.source == "text" and st.source == "table":
            slots[key] = st
    return [slots[k] for k in order]


def extract_statistics(doc: ParsedDocument, meta: DocumentMeta, doc_id: str) -> list[Statistic]:
    return StatisticsExtractor(meta, doc_id).run(doc)

