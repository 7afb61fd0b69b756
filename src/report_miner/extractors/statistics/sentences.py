"""Figures stated in running text: bind each number to the metric phrase next to it.

A number only becomes a figure when it sits right before a metric phrase ("230 children are
being looked after") or is the value the phrase leads to ("the number of children on a CP plan
by 31 March 2017 was 296"). From there, short chains that reports use to pack several figures
into one sentence are followed: per-area splits ("(1651 LBHF / 2460 RBKC)"), comparisons
("compared with 21.4 at March 2012 and 24.2 in March 2011") and changes ("from 597 2015/16 to
443 2016/17").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .cues import (
    BLOCK_BEFORE,
    CHANGE_WORDS,
    DIFFERENCE_WORDS,
    LINK_WORDS,
    MAY_HOLD_FIGURE,
    acronym_at,
    chain_link,
    change_size,
    counts_other,
    not_the_count,
    number_at,
    passes_after,
    per_10k,
    row_of_numbers,
    spelt_number,
    unit_ok,
    unresolved_split,
    value_year,
    word_value,
    year_as_count_before,
)
from .tokens import Tok, as_count, time_spans, tokenize
from .vocab import Vocab

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass
class Figure:
    metric: str
    value: float
    unit: str
    start: int  # char offset of the number in the sentence
    time: tuple[str, str] | None = None
    area: str | None = None  # explicit area named next to the number
    token: int = -1


@dataclass
class AfterWalk:
    """The search for the value a metric phrase leads to: the token reached, a date passed on the way,
    and whether a change word ("rose by") was passed."""

    j: int
    pre_time: tuple[str, str] | None = None
    pre_idx: int = -1
    change: bool = False

    def step_over(self, toks: list[Tok]) -> bool:
        """Step over a date, a linking word, an acronym in brackets or punctuation; False at anything else."""
        t = toks[self.j]
        low = t.text.lower()
        if t.kind == "time":
            self.pre_time, self.pre_idx = t.time, self.j
        elif t.kind == "word" and low in LINK_WORDS:
            self.change = self.change or low in CHANGE_WORDS
        elif acronym_at(toks, self.j):
            self.j += 2
        elif not passes_after(t):
            return False
        self.j += 1
        return True


class SentenceBinder:
    """Binds the numbers of one sentence to metric phrases."""

    def __init__(self, vocab: Vocab, resolve_area: Callable[[str], str | None]) -> None:
        self.vocab = vocab
        self.resolve_area = resolve_area

    def bind(self, text: str) -> tuple[list[Figure], list[Tok], set[int]]:
        if not MAY_HOLD_FIGURE.search(text):
            # no digit and no spelt-out number: only its dates matter (they end an inherited date)
            return [], [Tok("time", text[a:b], a, b, time=ref) for a, b, ref in time_spans(text)], set()
        # "Children’s": typographic quotes become plain ones, one character for one so offsets hold
        text = text.translate(QUOTES)
        spans, hits = time_spans(text), self.vocab.find_phrases(text)
        if not spans and not hits:
            return [], [], set()  # nothing to bind and no date to carry on: no word needs a token
        toks = tokenize(text, spans, hits)
        used: set[int] = set()
        consumed_times: set[int] = set()
        figures: list[Figure] = []
        for i, tok in enumerate(toks):
            if tok.kind != "phrase" or tok.phrase is None:
                continue
            found = self._bind_phrase(text, toks, i, used, consumed_times)
            figures.extend(found)
        return figures, toks, consumed_times

    def _window_excluded(self, metric: str, text: str, a: int, b: int) -> bool:
        # what follows only counts up to a comparison: "18.3% (England 18.7%)" is the board's own
        after = re.split(r"[(;]|\b(?:compared|against|versus|while|whilst)\b", text[b:b + 25], maxsplit=1)[0]
        return self.vocab.excluded(metric, text[max(0, a - 30):b] + after)

    def _bind_phrase(self, text: str, toks: list[Tok], i: int, used: set[int],
                     consumed: set[int]) -> list[Figure]:
        hit = toks[i].phrase
        assert hit is not None
        unit = self.vocab.metrics[hit.metric].unit
        figs: list[Figure] = []
        mdef = self.vocab.metrics[hit.metric]
        if mdef.context is not None and not mdef.context.search(text):
            return []
        main = self._before(toks, i, used, mdef.word_numbers, unit == "percent")
        if main is not None:
            tok = toks[main]
            if not unit_ok(unit, tok) and tok.kind == "num":
                return []
            value = word_value(tok)
            if value is None or self._window_excluded(hit.metric, text, tok.start, toks[i].end):
                return []
            used.add(main)
            # "1,234 referrals ... in 2016/17 compared with 1,100 in 2015/16": a date right after
            # the phrase is the figure's own; the comparison chain goes on after it
            time, nxt = self._local_time(toks, i, consumed)
            fig = Figure(hit.metric, value, unit, tok.start, time=time, token=main)
            figs.append(fig)
            figs.extend(self._chain(text, toks, nxt, hit.metric, unit, used, consumed, main_fig=None))
            return figs
        if hit.before_only:
            return []
        return self._after(text, toks, i, hit.metric, unit, used, consumed)

    def _before(self, toks: list[Tok], i: int, used: set[int], words_ok: bool, share: bool) -> int | None:
        # a share is written "18% of children ...": "of" may stand between the figure and its phrase
        block = BLOCK_BEFORE - {"of", "all", "were", "was", "are", "is"} if share else BLOCK_BEFORE
        j = i - 1
        words = 0
        while j >= 0 and words <= 3:
            t = toks[j]
            spelt = words_ok and words <= 1 and spelt_number(t)
            t = year_as_count_before(toks, j, words)
            if t.kind == "num" or spelt:
                return None if j in used or not_the_count(toks, j) else j
            if t.kind != "word" or t.text.lower() in DIFFERENCE_WORDS:
                return None
            if t.text.lower() in block or not t.text[0].islower():
                return None
            words += 1
            j -= 1
        return None

    def _local_time(self, toks: list[Tok], j: int, consumed: set[int]) -> tuple[tuple[str, str] | None, int]:
        """A date/year right after token j (optionally after at/in/as at/by): (time, next index)."""
        k = j + 1
        skipped = 0
        while k < len(toks) and skipped <= 2 and toks[k].kind == "word" and toks[k].text.lower() in {
                "at", "in", "as", "of", "by", "on", "during", "for", "the", "end"}:
            k += 1
            skipped += 1
        if k < len(toks) and toks[k].kind == "time":
            consumed.add(k)
            return toks[k].time, k + 1
        if k < len(toks) and toks[k].text == "(" and k + 2 < len(toks) and toks[k + 1].kind == "time" \
                and toks[k + 2].text == ")":
            consumed.add(k + 1)
            return toks[k + 1].time, k + 3
        return None, j + 1

    def _after(self, text: str, toks: list[Tok], i: int, metric: str, unit: str, used: set[int],
               consumed: set[int]) -> list[Figure]:
        walk = AfterWalk(i + 1)
        steps = 0
        while walk.j < len(toks) and steps < 14:
            steps += 1
            j = walk.j
            t = toks[j]
            if t.kind == "num":
                if walk.change and change_size(toks, j):
                    walk.change = False
                    walk.j += 1
                    continue
                return self._figure_after(text, toks, i, j, metric, unit, used, consumed,
                                          (walk.pre_time, walk.pre_idx))
            if t.kind == "year" and value_year(toks, j):
                toks[j] = as_count(t)
                continue
            if t.kind == "word" and t.text.lower() == "from":
                return self._from_to(text, toks, j, metric, unit, used, consumed)
            if not walk.step_over(toks):
                return []
        return []

    def _figure_after(self, text: str, toks: list[Tok], i: int, j: int, metric: str, unit: str,
                      used: set[int], consumed: set[int],
                      pre: tuple[tuple[str, str] | None, int]) -> list[Figure]:
        """The number j that phrase i leads to, with the date printed right after it (or between the
        phrase and it, `pre`), its area, and the chain of figures that follows."""
        t = toks[j]
        if j in used or not unit_ok(unit, t):
            return []
        as_rate = self._as_rate(toks, j, metric, unit)
        if as_rate is None:
            return []
        metric, unit = as_rate
        if self._not_its_value(text, toks, i, j, metric):
            return []
        used.add(j)
        time, nxt = self._local_time(toks, j, consumed)
        pre_time, pre_idx = pre
        if time is not None and pre_time is not None and time != pre_time:
            return []  # "plan 2015/16 250 2016/17 296": which date is whose is unclear
        if time is None and pre_time is not None:
            time = pre_time
            consumed.add(pre_idx)
        assert t.value is not None
        fig = Figure(metric, t.value, unit, t.start, time=time, token=j)
        area, nxt2 = self._area_after(toks, nxt)
        if area:
            fig.area = area
            nxt = nxt2
        elif unresolved_split(toks, nxt):
            return []  # "7.3% XYZ / 3.3% ABC": per-area figures whose areas are unknown
        return [fig, *self._chain(text, toks, nxt, metric, unit, used, consumed, main_fig=fig)]

    def _not_its_value(self, text: str, toks: list[Tok], i: int, j: int, metric: str) -> bool:
        """Number j is not phrase i's value: the words around them exclude the metric, or the number is
        one of a table row printed as text, or it counts another noun."""
        return (self._window_excluded(metric, text, toks[i].start, toks[j].end) or row_of_numbers(toks, j)
                or counts_other(toks, j, toks[i].text))

    def _as_rate(self, toks: list[Tok], j: int, metric: str, unit: str) -> tuple[str, str] | None:
        """(metric, unit) of number j: "children subject to a CP plan: 35.2 per 10,000" is the rate, not
        the count; None when the metric has no rate."""
        if not per_10k(toks, j) or unit == "rate_per_10k":
            return metric, unit
        rate = self.vocab.rate_metrics.get(metric)
        return (rate, "rate_per_10k") if rate is not None else None

    def _from_to(self, text: str, toks: list[Tok], j: int, metric: str, unit: str, used: set[int],
                 consumed: set[int]) -> list[Figure]:
        """`from A [time] to B [time]`: B is the current figure, A only counts with its own date."""
        a_idx = number_at(toks, j + 1, unit)
        if a_idx is None:
            return []
        a_time, k = self._local_time(toks, a_idx, consumed)
        if k >= len(toks) or toks[k].text.lower() != "to":
            return []
        b_idx = number_at(toks, k + 1, unit)
        if b_idx is None:
            return []
        b_time, _ = self._local_time(toks, b_idx, consumed)
        if self._window_excluded(metric, text, toks[j].start, toks[b_idx].end):
            return []
        figs = []
        a_val, b_val = toks[a_idx].value, toks[b_idx].value
        assert a_val is not None and b_val is not None
        used.update({a_idx, b_idx})
        figs.append(Figure(metric, b_val, unit, toks[b_idx].start, time=b_time, token=b_idx))
        if a_time is not None:
            figs.append(Figure(metric, a_val, unit, toks[a_idx].start, time=a_time, token=a_idx))
        return figs

    def _area_after(self, toks: list[Tok], k: int) -> tuple[str | None, int]:
        """An area name or abbreviation right after a number ("1651 LBHF"): (area, next index)."""
        words: list[str] = []
        m = k
        while m < len(toks) and len(words) < 4 and toks[m].kind == "word" and toks[m].text[0].isupper():
            words.append(toks[m].text)
            m += 1
            area = self.resolve_area(" ".join(words))
            if area and (m >= len(toks) or toks[m].kind != "word" or not toks[m].text[0].isupper()):
                return area, m
        # "Hammersmith and Fulham", "Kensington & Chelsea": allow a lower-case joiner
        if len(words) >= 1 and m + 1 < len(toks) and toks[m].text.lower() in {"and", "&"}:
            name = " ".join(words + [toks[m].text, toks[m + 1].text])
            area = self.resolve_area(name)
            if area:
                return area, m + 2
        return None, k

    def _chain(self, text: str, toks: list[Tok], k: int, metric: str, unit: str, used: set[int],
               consumed: set[int], main_fig: Figure | None) -> list[Figure]:
        figs: list[Figure] = []
        mode = "area" if main_fig is not None and main_fig.area else ""
        steps = 0
        while k < len(toks) and steps < 24:
            steps += 1
            linked = chain_link(toks, k, mode)
            if linked is not None:
                mode = linked
                k += 1
                continue
            step = self._chain_figure(toks, k, mode, metric, unit, used, consumed, main_fig)
            if step is None:
                return figs
            fig, k, mode = step
            figs.append(fig)
        return figs

    def _chain_figure(self, toks: list[Tok], k: int, mode: str, metric: str, unit: str, used: set[int],
                      consumed: set[int], main_fig: Figure | None) -> tuple[Figure, int, str] | None:
        """The figure at token k of a chain, the index after it and the chain's mode then; None ends the
        chain. A rate after "a rate of", a figure per area ("1651 LBHF / 2460 RBKC"), or a dated figure
        compared with ("compared with 21.4 at March 2012")."""
        rate_fig = self._chain_rate(toks, k, mode, metric, used, main_fig)
        if rate_fig is not None:
            return rate_fig, k + 3, ""
        t = toks[k]
        if t.kind == "year" and k not in used and unit == "count" and self._area_after(toks, k + 1)[0]:
            t = toks[k] = as_count(t)  # "(... / 2035 WCC)": a count that looks like a year
        if t.kind != "num" or k in used or not unit_ok(unit, t):
            return None
        area, nxt = self._area_after(toks, k + 1)
        assert t.value is not None
        if area and mode in {"", "area"}:
            used.add(k)
            return Figure(metric, t.value, unit, t.start, area=area, token=k), nxt, "area"
        if mode != "compare":
            return None
        time, nxt = self._local_time(toks, k, consumed)
        if time is None:
            return None
        used.add(k)
        return Figure(metric, t.value, unit, t.start, time=time, token=k), nxt, mode

    def _chain_rate(self, toks: list[Tok], k: int, mode: str, metric: str, used: set[int],
                    main_fig: Figure | None) -> Figure | None:
        """"296 children subject to a CP plan (a rate of 45.2 per 10,000)": the rate of the metric."""
        t = toks[k]
        rate = self.vocab.rate_metrics.get(metric)
        if rate is None or not (mode == "rate" and t.kind == "num" and k not in used and per_10k(toks, k)):
            return None
        assert t.value is not None
        used.add(k)
        return Figure(rate, t.value, "rate_per_10k", t.start, time=main_fig.time if main_fig else None,
                      token=k)
