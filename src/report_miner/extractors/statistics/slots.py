"""statistics.csv without contradictions: every figure timed, one value per slot, conflicts kept aside.

A slot is (metric, area, category, unit, time). The time of a stock is its date (`as_of`, or the
end of the financial year it is reported under); of a flow, its financial year. Run over all of a
document's figures (statistics and training extractors alike):

1. `assign_times`: a figure without a time takes the financial year of the nearest heading above
   it that names one, else the document's period; `time_basis` says which (`stated`, `heading`,
   `document`). A flow dated only by the document period takes a heading's year when it has one.
2. `describe`: `category_type` from the metric dictionary's category types, and `denominator` for
   percentages ("x% of total bookings", a category's share of its table, or the dictionary's).
3. `reconcile`: figures of one slot that agree are one row (the best-timed is kept). Figures that
   disagree are kept once: a table's value before a sentence's, a stated time before a heading's
   before the document's, the first printed before later ones. Each other value stays in
   statistics.csv marked `superseded`, is listed in conflicts.csv, and the document gets a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ...config.metrics import MetricDictionary
from ...models import Conflict, Statistic
from ...periods import fy_of_date, parse_as_of, parse_fy
from ...reader.numbers import format_number
from ...text.layer import Block

BASIS_RANK = {"stated": 0, "heading": 1, "document": 2, "": 3}
_PERCENT_OF = re.compile(r"%\)?\s+of\s+(?:the\s+|all\s+|these\s+|those\s+)?((?:[A-Za-z'-]+\s?){1,4})")
_STOP_WORDS = re.compile(r"\s+(?:were|was|are|is|had|have|who|which|that|in|at|on|for|and|with|from|by)\b.*$",
                         re.I)


def _heading_years(blocks: Iterable[Block]) -> dict[int, list[tuple[Block, str]]]:
    """Per page, each block with the financial year of the innermost heading above it that names one."""
    out: dict[int, list[tuple[Block, str]]] = {}
    years: dict[str, str] = {}  # the blocks under a heading share it: each heading is read once

    def year_of(heading: str) -> str:
        year = years.get(heading)
        if year is None:
            year = years[heading] = parse_fy(heading) or ""
        return year

    for block in blocks:
        year = next((y for y in map(year_of, reversed(block.section)) if y), "")
        out.setdefault(block.page, []).append((block, year))
    return out


def _heading_year(st: Statistic, years: dict[int, list[tuple[Block, str]]]) -> str:
    probe = st.evidence.split("\t")[0].strip()[:60] or st.evidence[:60]
    if not probe:
        return ""
    for block, year in years.get(st.page, []):
        if probe in block.text:
            return year
    return ""


def _has_stated_time(text: str) -> bool:
    return bool(parse_fy(text) or parse_as_of(text) or re.search(r"\b(?:19|20)\d{2}\b", text))


def assign_times(stats: list[Statistic], blocks: Iterable[Block], doc_period: str,
                 kinds: dict[str, str]) -> None:
    """Give every figure a time and its time_basis, in place."""
    years = _heading_years(blocks)
    for st in stats:
        if not st.time_basis and (st.period or st.as_of):
            st.time_basis = ("stated" if _has_stated_time(st.evidence) or st.period != doc_period
                             else "document")
        if st.period or st.as_of:
            if st.time_basis == "document" and kinds.get(st.metric) == "flow":
                heading = _heading_year(st, years)
                if heading:
                    st.period, st.time_basis = heading, "heading"
            continue
        heading = _heading_year(st, years)
        if heading:
            st.period, st.time_basis = heading, "heading"
        elif doc_period:
            st.period, st.time_basis = doc_period, "document"


def _denominator(st: Statistic, dictionary: MetricDictionary) -> str:
    if st.unit != "percent":
        return ""
    stated = _PERCENT_OF.search(st.evidence)
    if stated:
        phrase = _STOP_WORDS.sub("", stated.group(1).strip()).strip(" .,;:")
        if phrase:
            return phrase
    if st.category:
        kind = dictionary.category_types.get(st.category, "")
        return f"{st.metric}, all {kind + ' ' if kind else ''}categories"
    entry = dictionary.metrics.get(st.metric)
    return entry.denominator if entry else ""


def describe(stats: list[Statistic], dictionary: MetricDictionary) -> None:
    """category_type and denominator of every figure, in place."""
    for st in stats:
        if st.category:
            st.category_type = dictionary.category_types.get(st.category, "other")
        st.denominator = st.denominator or _denominator(st, dictionary)


def slot_time(st: Statistic, kind: str) -> str:
    if kind == "stock":
        if st.as_of:
            return st.as_of
        return f"20{st.period[-2:]}-03-31" if re.fullmatch(r"\d{4}-\d{2}", st.period) else st.period
    if st.period:
        return st.period
    return fy_of_date(date.fromisoformat(st.as_of)) if st.as_of else ""


def slot_of(st: Statistic, kind: str) -> tuple[str, str, str, str, str]:
    return (st.metric, st.area, st.category, st.unit, slot_time(st, kind))


def _rank(st: Statistic, index: int) -> tuple[int, int, int]:
    return (0 if st.source == "table" else 1, BASIS_RANK.get(st.time_basis, 3), index)


def _conflict(kept: Statistic, dropped: Statistic) -> Conflict:
    return Conflict(doc_id=kept.doc_id, metric=kept.metric, area=kept.area, category=kept.category,
                    unit=kept.unit, period=kept.period, as_of=kept.as_of,
                    kept_value=kept.value, kept_page=kept.page, kept_source=kept.source,
                    kept_evidence=kept.evidence, dropped_value=dropped.value, dropped_page=dropped.page,
                    dropped_source=dropped.source, dropped_evidence=dropped.evidence)


def _warning(c: Conflict) -> str:
    when = c.as_of or c.period
    where = f" {c.area}" if c.area else ""
    category = f" {c.category}" if c.category else ""
    return (f"conflict: {c.metric}{category}{where} {when}: {format_number(c.kept_value)} "
            f"({c.kept_source}, p. {c.kept_page}) kept over {format_number(c.dropped_value)} "
            f"({c.dropped_source}, p. {c.dropped_page}), see conflicts.csv")


def reconcile(stats: list[Statistic], kinds: dict[str, str]) -> tuple[list[Statistic], list[Conflict],
                                                                        list[str]]:
    """One row per slot and value; disagreeing values marked superseded, with conflicts and warnings."""
    groups: dict[tuple[str, str, str, str, str], list[tuple[int, Statistic]]] = {}
    for index, st in enumerate(stats):
        groups.setdefault(slot_of(st, kinds.get(st.metric, "flow")), []).append((index, st))
    keep: dict[int, Statistic] = {}
    conflicts: list[Conflict] = []
    for members in groups.values():
        ranked = sorted(members, key=lambda m: _rank(m[1], m[0]))
        kept = ranked[0][1]
        kept.superseded = False
        keep[ranked[0][0]] = kept
        seen = {kept.value}
        for index, st in ranked[1:]:
            if st.value in seen:
                continue  # the same figure again (a summary repeating a table): one row
            seen.add(st.value)
            st.superseded = True
            keep[index] = st
            conflicts.append(_conflict(kept, st))
    ordered = [keep[i] for i in sorted(keep)]
    return ordered, conflicts, [_warning(c) for c in conflicts]
