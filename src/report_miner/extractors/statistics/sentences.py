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

from .tokens import YEAR_BEFORE, Tok, as_count, time_spans, tokenize
from .vocab import Vocab

WORD_NUMBERS = {w: i for i, w in enumerate(
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.pop("no")
_MAY_HOLD_FIGURE = re.compile(r"\d|\b(?:" + "|".join(WORD_NUMBERS) + r")\b", re.I)

LINK_WORDS = {"was", "were", "is", "are", "stood", "at", "of", "totalled", "totaled", "total", "reached",
              "remained", "has", "had", "have", "been", "to", "by", "in", "on", "as", "during", "the", "a",
              "now", "there", "this", "year", "end", "currently", "approximately", "around", "about", "some",
              "nearly", "almost", "just", "over", "increased", "decreased", "rose", "fell", "dropped", "went",
              "up", "down", "reduced", "an", "increase", "decrease", "reduction", "rise", "fall", "slightly",
              "significantly", "further", "figure", "number", "which", "that", "it", "s"}
CHANGE_WORDS = {"up", "down", "increased", "decreased", "rose", "fell", "dropped", "reduced", "increase",
                "decrease", "reduction", "rise", "fall", "by"}
BLOCK_BEFORE = {"of", "from", "to", "and", "or", "in", "at", "by", "than", "per", "for", "with", "on", "out",
                "were", "was", "are", "is"}
COMPARE_WORDS = {"compared", "compares", "comparison", "against", "versus", "vs"}
# "200 more referrals than last year": a difference, not a count
DIFFERENCE_WORDS = {"more", "fewer", "less", "additional", "extra", "further"}
SEPARATORS = {"/", ",", ";", "|"}
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


def _unit_ok(unit: str, tok: Tok) -> bool:
    return tok.pct if unit == "percent" else not tok.pct


def _per_10k(toks: list[Tok], j: int) -> bool:
    return (j + 2 < len(toks) and toks[j + 1].text.lower() == "per" and toks[j + 2].kind == "num"
            and toks[j + 2].value == 10000)


def _row_of_numbers(toks: list[Tok], j: int) -> bool:
    """`Referrals 1937 (33%) 2130 (23%)`: a table row printed as text; which column is which is unknown."""
    k = j + 1
    if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 1].kind == "num" and toks[k + 2].text == ")":
        k += 3
    return k < len(toks) and toks[k].kind == "num" and not toks[k].pct


NOT_NOUNS = {"this", "thus", "its", "across", "whereas", "plus", "less", "unless", "always", "perhaps",
             "towards", "has", "was", "is", "as", "us"}


def _counts_other(toks: list[Tok], j: int, phrase: str) -> bool:
    """`... started a plan were 12 cases in which ...`: the number counts another noun, not the metric."""
    if j + 1 >= len(toks) or toks[j + 1].kind != "word":
        return False
    word = toks[j + 1].text
    low = word.lower()
    return (word.islower() and len(low) > 3 and low.endswith("s") and low not in NOT_NOUNS
            and low not in LINK_WORDS and low not in phrase.lower())


def _unresolved_split(toks: list[Tok], k: int) -> bool:
    return (k + 1 < len(toks) and toks[k].kind in {"word", "phrase"} and toks[k].text[:1].isupper()
            and toks[k + 1].text == "/")


def _word_value(tok: Tok) -> float | None:
    if tok.kind == "num":
        return tok.value
    if tok.kind == "word" and tok.text.lower() in WORD_NUMBERS:
        return float(WORD_NUMBERS[tok.text.lower()])
    return None


class SentenceBinder:
    """Binds the numbers of one sentence to metric phrases."""

    def __init__(self, vocab: Vocab, resolve_area: Callable[[str], str | None]) -> None:
        self.vocab = vocab
        self.resolve_area = resolve_area

    def bind(self, text: str) -> tuple[list[Figure], list[Tok], set[int]]:
        if not _MAY_HOLD_FIGURE.search(text):
            # no digit and no spelt-out number: only its dates matter (they end an inherited date)
            return [], [Tok("time", text[a:b], a, b, time=ref) for a, b, ref in time_spans(text)], set()
        # "Children’s": typographic quotes become plain ones, one character for one so offsets hold
        text = text.translate(QUOTES)
        toks = tokenize(text, self.vocab)
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
            if not _unit_ok(unit, tok) and tok.kind == "num":
                return []
            value = _word_value(tok)
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
            spelt = words_ok and t.kind == "word" and t.text.lower() in WORD_NUMBERS and words <= 1
            if t.kind == "year" and words == 0 and not (j >= 1 and YEAR_BEFORE.fullmatch(toks[j - 1].text)):
                t = toks[j] = as_count(t)  # "2017 referrals": a count that looks like a year
            if t.kind == "num" or spelt:
                if j in used:
                    return None
                # "Of the 46 looked after children attending ...": a subgroup, not the total
                if t.kind == "num" and j >= 1 and toks[j - 1].text.lower() in {"of", "the"} and not (
                        j >= 2 and toks[j - 2].text.lower() in {"total", "number", "sum"}):
                    return None
                # "34% (153) of the section 47 enquiries": a share of something, not a count of it
                if t.kind == "num" and j >= 2 and toks[j - 1].text == "(" and toks[j - 2].kind == "num":
                    return None
                return j
            if t.kind == "word" and t.text.lower() in DIFFERENCE_WORDS:
                return None
            if t.kind == "word" and t.text.lower() not in block and t.text[0].islower():
                words += 1
                j -= 1
                continue
            return None
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
        j = i + 1
        pre_time: tuple[str, str] | None = None
        pre_idx = -1
        change = False
        steps = 0
        while j < len(toks) and steps < 14:
            steps += 1
            t = toks[j]
            low = t.text.lower()
            if t.kind == "time":
                pre_time, pre_idx = t.time, j
                j += 1
            elif t.kind == "year":
                nxt = toks[j + 1].text if j + 1 < len(toks) else "."
                if toks[j - 1].text.lower() in {"was", "is", "were", "totalled", "totaled", "reached"} \
                        and nxt in {".", ",", ";", ")", "("}:
                    toks[j] = as_count(t)  # "... was 2017." is a value; "in 2017 was 2,130" is a date
                    continue
                j += 1
            elif t.kind == "word" and low == "from":
                return self._from_to(text, toks, j, metric, unit, used, consumed)
            elif t.kind == "word" and low in LINK_WORDS:
                change = change or low in CHANGE_WORDS
                j += 1
            elif t.text == "(" and j + 2 < len(toks) and toks[j + 1].kind in {"word", "phrase"} \
                    and toks[j + 2].text == ")":
                j += 3  # an acronym in brackets: "children looked after (LAC) at ..."
            elif t.kind == "punct" and t.text in {",", ":", "-", "–", "(", ")", "*"}:
                j += 1
            elif t.kind == "num":
                if change and (t.pct or toks[j - 1].text.lower() == "by"):
                    change = False
                    j += 1
                    continue
                if j in used or not _unit_ok(unit, t):
                    return []
                if _per_10k(toks, j) and unit != "rate_per_10k":
                    # "children subject to a CP plan: 35.2 per 10,000" is the rate, not the count
                    rate = self.vocab.rate_metrics.get(metric)
                    if rate is None:
                        return []
                    metric, unit = rate, "rate_per_10k"
                if self._window_excluded(metric, text, toks[i].start, t.end) or _row_of_numbers(toks, j) \
                        or _counts_other(toks, j, toks[i].text):
                    return []
                used.add(j)
                time, nxt = self._local_time(toks, j, consumed)
                if time is not None and pre_time is not None and time != pre_time:
                    return []  # "plan 2015/16 250 2016/17 296": which date is whose is unclear
                if time is None and pre_time is not None:
                    time = pre_time
                    consumed.add(pre_idx)
                assert t.value is not None
                fig = Figure(metric, t.value, unit, t.start, time=time, token=j)
                area, nxt2 = self._area_after(toks, nxt)
                figs = [fig]
                if area:
                    fig.area = area
                    nxt = nxt2
                elif _unresolved_split(toks, nxt):
                    return []  # "7.3% XYZ / 3.3% ABC": per-area figures whose areas are unknown
                figs.extend(self._chain(text, toks, nxt, metric, unit, used, consumed, main_fig=fig))
                return figs
            else:
                return []
        return []

    def _from_to(self, text: str, toks: list[Tok], j: int, metric: str, unit: str, used: set[int],
                 consumed: set[int]) -> list[Figure]:
        """`from A [time] to B [time]`: B is the current figure, A only counts with its own date."""
        k = j + 1
        if k < len(toks) and toks[k].text.lower() == "the":
            k += 1
        if k >= len(toks) or toks[k].kind != "num" or not _unit_ok(unit, toks[k]):
            return []
        a_idx = k
        a_time, k = self._local_time(toks, k, consumed)
        if k >= len(toks) or toks[k].text.lower() != "to":
            return []
        k += 1
        if k < len(toks) and toks[k].text.lower() == "the":
            k += 1
        if k >= len(toks) or toks[k].kind != "num" or not _unit_ok(unit, toks[k]):
            return []
        b_idx = k
        b_time, _ = self._local_time(toks, k, consumed)
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
            t = toks[k]
            low = t.text.lower()
            if t.kind == "punct" and (t.text in SEPARATORS or t.text in "()*"):
                k += 1
                continue
            if t.kind == "word" and low in {"and", "with", "to", "while", "whilst", "but"} | COMPARE_WORDS:
                if low in COMPARE_WORDS:
                    mode = "compare"
                k += 1
                continue
            next_low = toks[k + 1].text.lower() if k + 1 < len(toks) else ""
            if t.kind == "word" and (low == "rate" or (mode == "rate" and low in {"a", "of", "is", "was"})
                                     or (low == "a" and next_low == "rate")):
                mode = "rate" if low == "rate" else mode
                k += 1
                continue
            rate = self.vocab.rate_metrics.get(metric)
            if mode == "rate" and t.kind == "num" and k not in used and rate and _per_10k(toks, k):
                # "296 children subject to a CP plan (a rate of 45.2 per 10,000)"
                assert t.value is not None
                used.add(k)
                figs.append(Figure(rate, t.value, "rate_per_10k", t.start,
                                   time=main_fig.time if main_fig else None, token=k))
                k += 3
                mode = ""
                continue
            if t.kind == "year" and k not in used and unit == "count" and self._area_after(toks, k + 1)[0]:
                t = toks[k] = as_count(t)  # "(... / 2035 WCC)": a count that looks like a year
            if t.kind == "num" and k not in used and _unit_ok(unit, t):
                area, nxt = self._area_after(toks, k + 1)
                assert t.value is not None
                if area and mode in {"", "area"}:
                    used.add(k)
                    figs.append(Figure(metric, t.value, unit, t.start, area=area, token=k))
                    mode, k = "area", nxt
                    continue
                if mode == "compare":
                    time, nxt = self._local_time(toks, k, consumed)
                    if time is None:
                        return figs
                    used.add(k)
                    figs.append(Figure(metric, t.value, unit, t.start, time=time, token=k))
                    k = nxt
                    continue
            return figs
        return figs
