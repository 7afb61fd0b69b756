"""What the tokens around a number say about it, for binding numbers to metric phrases: the words that
link a phrase to its value, and the token patterns that make a number another thing than the figure
(a subgroup, a share of something, a difference, a table row printed as text)."""

from __future__ import annotations

import re

from .tokens import YEAR_BEFORE, Tok, as_count

WORD_NUMBERS = {w: i for i, w in enumerate(
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.pop("no")
MAY_HOLD_FIGURE = re.compile(r"\d|\b(?:" + "|".join(WORD_NUMBERS) + r")\b", re.I)

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
CHAIN_JOINERS = {"and", "with", "to", "while", "whilst", "but"} | COMPARE_WORDS
# "200 more referrals than last year": a difference, not a count
DIFFERENCE_WORDS = {"more", "fewer", "less", "additional", "extra", "further"}
SEPARATORS = {"/", ",", ";", "|"}
NOT_NOUNS = {"this", "thus", "its", "across", "whereas", "plus", "less", "unless", "always", "perhaps",
             "towards", "has", "was", "is", "as", "us"}
AFTER_PUNCT = {",", ":", "-", "–", "(", ")", "*"}
VALUE_VERBS = {"was", "is", "were", "totalled", "totaled", "reached"}


def unit_ok(unit: str, tok: Tok) -> bool:
    return tok.pct if unit == "percent" else not tok.pct


def per_10k(toks: list[Tok], j: int) -> bool:
    return (j + 2 < len(toks) and toks[j + 1].text.lower() == "per" and toks[j + 2].kind == "num"
            and toks[j + 2].value == 10000)


def row_of_numbers(toks: list[Tok], j: int) -> bool:
    """`Referrals 1937 (33%) 2130 (23%)`: a table row printed as text; which column is which is unknown."""
    k = j + 1
    if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 1].kind == "num" and toks[k + 2].text == ")":
        k += 3
    return k < len(toks) and toks[k].kind == "num" and not toks[k].pct


def counts_other(toks: list[Tok], j: int, phrase: str) -> bool:
    """`... started a plan were 12 cases in which ...`: the number counts another noun, not the metric."""
    if j + 1 >= len(toks) or toks[j + 1].kind != "word":
        return False
    word = toks[j + 1].text
    low = word.lower()
    return (word.islower() and len(low) > 3 and low.endswith("s") and low not in NOT_NOUNS
            and low not in LINK_WORDS and low not in phrase.lower())


def unresolved_split(toks: list[Tok], k: int) -> bool:
    return (k + 1 < len(toks) and toks[k].kind in {"word", "phrase"} and toks[k].text[:1].isupper()
            and toks[k + 1].text == "/")


def word_value(tok: Tok) -> float | None:
    if tok.kind == "num":
        return tok.value
    if tok.kind == "word" and tok.text.lower() in WORD_NUMBERS:
        return float(WORD_NUMBERS[tok.text.lower()])
    return None


def spelt_number(t: Tok) -> bool:
    """A number written as a word ("twelve children")."""
    return t.kind == "word" and t.text.lower() in WORD_NUMBERS


def year_as_count_before(toks: list[Tok], j: int, words: int) -> Tok:
    """"2017 referrals": a year right before the phrase is a count that looks like a year, unless a
    word that dates it stands before it ("in 2017 referrals ...")."""
    t = toks[j]
    if t.kind == "year" and words == 0 and not (j >= 1 and YEAR_BEFORE.fullmatch(toks[j - 1].text)):
        t = toks[j] = as_count(t)
    return t


def not_the_count(toks: list[Tok], j: int) -> bool:
    """A number before a phrase that is not the phrase's own count."""
    if toks[j].kind != "num":
        return False
    # "Of the 46 looked after children attending ...": a subgroup, not the total
    if j >= 1 and toks[j - 1].text.lower() in {"of", "the"} and not (
            j >= 2 and toks[j - 2].text.lower() in {"total", "number", "sum"}):
        return True
    # "34% (153) of the section 47 enquiries": a share of something, not a count of it
    return j >= 2 and toks[j - 1].text == "(" and toks[j - 2].kind == "num"


def value_year(toks: list[Tok], j: int) -> bool:
    """"... was 2017." is a value; "in 2017 was 2,130" is a date."""
    after = toks[j + 1].text if j + 1 < len(toks) else "."
    return toks[j - 1].text.lower() in VALUE_VERBS and after in {".", ",", ";", ")", "("}


def acronym_at(toks: list[Tok], j: int) -> bool:
    """An acronym in brackets: "children looked after (LAC) at ..."."""
    return (toks[j].text == "(" and j + 2 < len(toks) and toks[j + 1].kind in {"word", "phrase"}
            and toks[j + 2].text == ")")


def number_at(toks: list[Tok], k: int, unit: str) -> int | None:
    """The index of a number of the metric's unit at k, perhaps after "the"."""
    if k < len(toks) and toks[k].text.lower() == "the":
        k += 1
    if k >= len(toks) or toks[k].kind != "num" or not unit_ok(unit, toks[k]):
        return None
    return k


def chain_link(toks: list[Tok], k: int, mode: str) -> str | None:
    """The chain's mode after the linking token k (a separator, "and", "compared with", "a rate of"),
    or None when the token links nothing."""
    t = toks[k]
    low = t.text.lower()
    if t.kind == "punct" and (t.text in SEPARATORS or t.text in "()*"):
        return mode
    if t.kind != "word":
        return None
    if low in CHAIN_JOINERS:
        return "compare" if low in COMPARE_WORDS else mode
    if low == "rate":
        return "rate"
    next_low = toks[k + 1].text.lower() if k + 1 < len(toks) else ""
    if (mode == "rate" and low in {"a", "of", "is", "was"}) or (low == "a" and next_low == "rate"):
        return mode
    return None


def change_size(toks: list[Tok], j: int) -> bool:
    """After a change word, "by 12" or a percentage is the size of the change, not the figure."""
    return toks[j].pct or toks[j - 1].text.lower() == "by"


def passes_after(t: Tok) -> bool:
    """Tokens the search for a phrase's value steps over: a year (a date there) and punctuation."""
    return t.kind == "year" or (t.kind == "punct" and t.text in AFTER_PUNCT)
