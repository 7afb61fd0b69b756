"""Text that every match of a vocabulary phrase must contain, read from the phrase itself.

A metric phrase is a regular expression, and a sentence is searched for all of them at every word
start, although nine sentences in ten name no metric. Each phrase, though, requires some plain
text (`child protection`, `referrals`): when a sentence holds none of these, no phrase can match
and the search is skipped. The reading is deliberately cautious: anything it does not understand
(inline flags that change spacing, a back-reference) gives no requirement, and then every
sentence is searched as before, so the result never changes, only the time.
"""

from __future__ import annotations

from collections.abc import Sequence

_SPECIAL = frozenset(".^$*+?{}[]\\|()")
MIN_LITERAL = 3  # a shorter requirement would let nearly every sentence through
_GROUP_OPENERS = ("(?:", "(?i:", "(?-i:")  # groups whose content is read (case does not matter here)
_LOOKAROUNDS = ("(?=", "(?!", "(?<")  # read past: what they test is not part of the match


def _skip_class(pattern: str, i: int) -> int:
    """Index after the character class that starts at pattern[i] == '['."""
    i += 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1  # a ']' first is a member
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _skip_group(pattern: str, i: int) -> int:
    """Index after the group that starts at pattern[i] == '('."""
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _skip_class(pattern, i)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        i += 1
        if depth == 0:
            return i
    return i


def _quantifier_end(pattern: str, i: int) -> tuple[int, bool]:
    """(index after a quantifier at i, whether it allows zero repeats); (i, False) when none."""
    if i >= len(pattern) or pattern[i] not in "?*+{":
        return i, False
    if pattern[i] == "{":
        end = pattern.find("}", i)
        bounds = pattern[i + 1:end] if end >= 0 else ""
        optional = not bounds[:1].isdigit() or int(bounds.split(",")[0]) == 0
        i = end + 1 if end >= 0 else len(pattern)
    else:
        optional = pattern[i] != "+"
        i += 1
    if i < len(pattern) and pattern[i] in "?+":
        i += 1  # lazy or possessive
    return i, optional


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`."""
    out, start, i = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _skip_class(pattern, i)
        elif char == "(":
            i = _skip_group(pattern, i)
        else:
            if char == "|":
                out.append(pattern[start:i])
                start = i + 1
            i += 1
    return [*out, pattern[start:]]


def _best(candidates: list[list[str]]) -> list[str] | None:
    """The requirement that lets fewest texts through: the one whose shortest text is longest."""
    usable = [c for c in candidates if min(map(len, c)) >= MIN_LITERAL]
    return max(usable, key=lambda c: (min(map(len, c)), -len(c))) if usable else None


class _Reader:
    """What one alternative of a phrase requires, read left to right."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.candidates: list[list[str]] = []  # each: texts of which a match holds one
        self.run: list[str] = []  # plain characters read one after the other

    def flush(self) -> None:
        if self.run:
            self.candidates.append(["".join(self.run)])
            self.run = []

    def group(self, i: int) -> int | None:
        """Read the group at i; the index after it, or None for one this reading does not know."""
        pattern = self.pattern
        end = _skip_group(pattern, i)
        opener = next((o for o in _GROUP_OPENERS if pattern.startswith(o, i)), None)
        if opener is None and pattern.startswith("(?", i) and not pattern.startswith(_LOOKAROUNDS, i):
            return None  # other inline flags (verbose, ASCII ...) or named groups
        after, optional = _quantifier_end(pattern, end)
        self.flush()
        if opener is not None and not optional:
            found = required_literals(pattern[i + len(opener):end - 1])
            if found:
                self.candidates.append(found)
        return after

    def other(self, i: int) -> int:
        """Skip a class, an escape such as \\s or \\b, or a special character, and its quantifier."""
        char = self.pattern[i]
        i = _skip_class(self.pattern, i) if char == "[" else i + (2 if char == "\\" else 1)
        self.flush()
        return _quantifier_end(self.pattern, i)[0]

    def literal(self, i: int) -> int:
        pattern = self.pattern
        literal, width = (pattern[i + 1], 2) if pattern[i] == "\\" else (pattern[i], 1)
        after, optional = _quantifier_end(pattern, i + width)
        if not optional:
            self.run.append(literal)
        if after > i + width:
            self.flush()  # repeated: what follows is not next to it
        return after

    def read(self) -> list[str] | None:
        pattern, i = self.pattern, 0
        while i < len(pattern):
            char = pattern[i]
            if char == "(":
                found = self.group(i)
                if found is None:
                    return None
                i = found
            elif _is_literal(pattern, i):
                i = self.literal(i)
            else:
                i = self.other(i)
        self.flush()
        return _best(self.candidates)


def _is_literal(pattern: str, i: int) -> bool:
    char = pattern[i]
    if char == "\\":
        following = pattern[i + 1:i + 2]
        return bool(following) and following.isascii() and not following.isalnum()
    return char not in _SPECIAL and char.isascii() and char.isprintable()


def required_literals(pattern: str) -> list[str] | None:
    """Lower-cased texts of which every match of `pattern` (searched case-insensitively) holds one,
    or None when no such texts of MIN_LITERAL characters or more can be read from it."""
    found: list[str] = []
    for branch in _branches(pattern):
        texts = _Reader(branch).read()
        if texts is None:
            return None
        found += texts
    return sorted({text.lower() for text in found})


_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    """`text` as a case-insensitive pattern sees its letters: the three non-ASCII letters that match
    ASCII ones (dotted and dotless i, long s) become them, then everything is lower-cased."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def any_required(texts: Sequence[str], folded: str) -> bool:
    return any(text in folded for text in texts)
