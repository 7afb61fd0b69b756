"""The board's numbered priorities, strategic themes and strategic aims, with the plan year they belong to.

Three printed forms are recognised, in prose and in business-plan tables alike:
  * a label and number with the title on the same line: "Priority 1: Reducing ...", "Priority 2.3 To ...",
    "Strategic Aim 2 - ..." (the title may run on over the next lines);
  * a label and number alone, the title on the next line(s): "Strategic theme 1" / "Enabling ...";
  * a numbered list ("1. Ensure ...") under a heading such as "Our Six Strategic Aims" or
    "Our priorities for 2018-19".
The plan year is the one named in the nearest heading about a plan or priorities above the item
("LSCB Business Plan 2013/14", "LSCB Priorities 2017-2018"), else the document's own period.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...models import DocumentMeta, Priority
from ...periods import all_fys, parse_fy_short, shift_fy
from ...reader import ParsedDocument, Table
from .lines import BULLET_CHARS, BULLETS
from .lines import Item as _Item
from .lines import hanging as _hanging
from .lines import read_items as _items
from .lines import wrapped as _wrapped

if TYPE_CHECKING:
    from ...themes.tagger import ThemeTagger

LABEL_RE = re.compile(
    r"^(?:(?:lscb|board|key|business\s+plan|business|our)\s+)?"
    r"(?P<label>priority|strategic\s+(?:priority|theme|aim|objective|goal|outcome))(?:\s+area)?\s+"
    r"(?P<number>\d{1,2}(?:\.\d{1,2})?(?![\d.]*\d)|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"\s*[:.)\-\u2013\u2014]?\s*(?P<rest>.*)$",
    re.IGNORECASE)
LABEL_START_RE = re.compile(r"(?:(?:lscb|board|key|business\s+plan|business|our)\s+)?"
                            r"(?:priority|strategic(?:\s+(?:priority|theme|aim|objective|goal|outcome))?)",
                            re.IGNORECASE)
LIST_ITEM_RE = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
# headings that introduce the board's own list of priorities
LIST_HEADING_RE = re.compile(
    r"\b(?:priorities|strategic\s+(?:aims?|priorit\w*|objectives?|themes?|goals?|outcomes?)|"
    r"(?:our|key|board)\s+(?:aims|objectives|goals))\b", re.IGNORECASE)
NOT_BOARD_LIST_RE = re.compile(
    r"\b(?:progress|risks?|group|agency|agencies|individual|contribut\w*|achievements?|partner\w*|"
    r"organisation|months|previous|last\s+year)\b", re.IGNORECASE)
# headings whose year says which plan the items below belong to
PLAN_CONTEXT_RE = re.compile(r"\b(?:business\s+plan|priorit\w*|strategic|plan|objectives|aims)\b",
                             re.IGNORECASE)
CAPS_PLAN_RE = re.compile(r"\b(?:BUSINESS|STRATEGIC|ACTION|IMPROVEMENT)\s+PLAN\s+(?:FOR\s+)?"
                          r"(?:20\d\d\s*[/-]\s*\d{1,4}|\d\d\s*/\s*\d\d)|\bPRIORITIES\s+(?:FOR\s+)?20\d\d\s*[/-]\s*\d{1,4}")
BARE_YEAR_RE = re.compile(r"(?:for\s+)?20\d\d\s*[/-]\s*(?:20)?\d\d", re.IGNORECASE)
LEADING_VERB_RE = re.compile(r"^(?:was|is|will\s+be|were|are)\s+(?:to\s+)?", re.IGNORECASE)
STOP_ROWS_RE = re.compile(r"^(?:actions?|reference|outcomes?|lead|by\s+when|rag|progress)\b", re.IGNORECASE)
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "one two three four five six seven eight nine ten".split(), start=1)}
MAX_LIST = 12
REFERENCE_WORDS = frozenset("""has have had was were is are will would remains remained continues
continued and or of in on at for which that also saw see focused focuses includes included covers
covered""".split())
# unnumbered bullets are taken only under a heading that plainly names the board's priorities
BULLET_HEADING_RE = re.compile(r"\bpriorities\b|\bstrategic\s+(?:aims|priorities|objectives|themes)\b",
                               re.IGNORECASE)
NEXT_YEAR_RE = re.compile(r"\b(?:next|coming|forthcoming|following)\s+(?:year|12\s+months)\b|"
                          r"\blooking\s+(?:ahead|forward)\b|\byear\s+ahead\b", re.IGNORECASE)
CONTEXT_PAGES = 3
PRIORITY_COLUMN_RE = re.compile(
    r"(?:our\s+|board\s+|key\s+)?(?:priorit(?:y|ies)|strategic\s+(?:aims?|priorit(?:y|ies)|themes?|objectives?))")
TOC_PAGE_RE = re.compile(r"\s*(?:\.\s*){2,}\d{1,3}$|\s*\u2026\s*\d{1,3}$")  # "..... 12" in a contents list
CONNECTORS = frozenset("""and or of to the for in with on at by from a an their our its who which that
including between across within""".split())
TITLE_MAX_WORDS = 45


def extract_priorities(
    doc: ParsedDocument, meta: DocumentMeta, doc_id: str, tagger: ThemeTagger
) -> list[Priority]:
    reader = _PriorityReader(_items(doc), doc_id, meta.period or _leading_period(doc), tagger)
    reader.read()
    for table in doc.tables:
        period = reader.context_of_table.get(id(table)) or reader.own_period
        for number, title, page, evidence in _priority_table(table):
            reader.keep(Priority(doc_id=doc_id, period=period, number=number, title=title, page=page,
                                 evidence=evidence))
    return list(reader.found.values())


class _PriorityReader:
    """Items read in order, with the plan year in force (named by the last plan heading)."""

    def __init__(self, items: list[_Item], doc_id: str, own_period: str, tagger: ThemeTagger) -> None:
        self.items, self.doc_id, self.own_period, self.tagger = items, doc_id, own_period, tagger
        self.found: dict[tuple[str, str], Priority] = {}
        self.distance: dict[tuple[str, str], int] = {}
        self.context: str | None = None
        self.context_page = 0
        self.heading_page = -99  # page of the heading that named the plan year in force
        self.context_of_table: dict[int, str] = {}

    def keep(self, candidate: Priority, dist: int | None = None) -> None:
        if dist is None:
            _keep(self.found, candidate, self.tagger)
        else:
            _keep(self.found, candidate, self.tagger, self.distance, dist)

    def read(self) -> None:
        i = 0
        while i < len(self.items):
            item = self.items[i]
            text = _clean(item.text)
            self._follow_context(i, item, text)
            used = self._labelled(i, item, text)
            if used is None:
                used = self._listed(i, item, text)
            i += used if used is not None else 1

    def _follow_context(self, i: int, item: _Item, text: str) -> None:
        if self.context and item.page - self.context_page > CONTEXT_PAGES:
            self.context = None  # a plan year named long ago no longer says which plan this is
        if item.table is not None and self.context and id(item.table) not in self.context_of_table:
            self.context_of_table[id(item.table)] = self.context
        period = _plan_heading(self.items, i, text)
        if period:
            self.context, self.context_page, self.heading_page = period, item.page, item.page

    def _label(self, i: int, item: _Item, text: str) -> tuple[re.Match[str] | None, str, int]:
        label = LABEL_RE.match(text)
        nxt = self.items[i + 1] if i + 1 < len(self.items) else None
        if label is None and LABEL_START_RE.fullmatch(text) and nxt is not None \
                and not nxt.row and nxt.page == item.page:
            # "Strategic" / "Theme 1": a label wrapped in a narrow table cell
            label = LABEL_RE.match(f"{text} {_clean(nxt.text)}")
            if label:
                return label, label.string, 1
        return label, text, 0

    def _labelled(self, i: int, item: _Item, text: str) -> int | None:
        """Items used by a labelled priority at i ("Priority 2.3 To ..."), or None."""
        label, text, joined = self._label(i, item, text)
        if not label:
            return None
        if self.context:
            self.context_page = item.page
        title, evidence, used = _labelled_title(self.items, i + joined, label.group("rest"))
        used += joined
        printed = f"{text[:label.start('rest')].strip()} {evidence}".strip()
        number = NUMBER_WORDS.get(label.group("number").lower(), label.group("number"))
        self.keep(Priority(doc_id=self.doc_id, period=self.context or self.own_period, number=number,
                           title=title, page=item.page, evidence=printed),
                  item.page - self.heading_page if self.context else 99)
        return max(used, 1)

    def _listed(self, i: int, item: _Item, text: str) -> int | None:
        """Items used by a list of priorities under a heading at i ("Our priorities for 2018-19")."""
        if not (item.heading and item.brk and not item.text.lstrip().startswith(BULLETS)
                and LIST_HEADING_RE.search(text) and not NOT_BOARD_LIST_RE.search(text)):
            return None
        period = _period_in(text) or (shift_fy(self.own_period, 1) if NEXT_YEAR_RE.search(text) else None)
        period = period or self.context or self.own_period
        listed, used = _numbered_list(self.items, i + 1)
        if not listed and BULLET_HEADING_RE.search(text):
            listed, used = _bulleted_list(self.items, i + 1)
        for number, title, page, evidence in listed:
            self.keep(Priority(doc_id=self.doc_id, period=period, number=number, title=title, page=page,
                               evidence=evidence))
        return 1 + used


def _plan_heading(items: list[_Item], i: int, text: str) -> str | None:
    """The plan year a heading at items[i] names ("LSCB Business Plan 2013/14"), else None.

    Only a line that stands apart from the text around it is a heading: in a narrow column a line of
    running prose ("In 2011/12 a key priority was the") is short enough to look like one.
    """
    item = items[i]
    text, after = _with_wrapped_year(items, i, text)
    caps = CAPS_PLAN_RE.search(text)
    if caps:  # printed in capitals it is a title wherever the reader placed it
        return _period_in(caps.group(0))
    if not item.heading or not PLAN_CONTEXT_RE.search(text) or LABEL_RE.match(text):
        return None
    if not item.row:
        nxt = items[after] if after < len(items) else None
        alone = nxt is None or nxt.brk or nxt.row or nxt.page != item.page
        if not (item.brk and alone) or text.rstrip().endswith("?"):
            return None
    return _period_in(text)


def _with_wrapped_year(items: list[_Item], i: int, text: str) -> tuple[str, int]:
    """A title wrapped before its year ("LSCB BUSINESS PLAN" / "2013/14") joined up, and the
    index of the item after it."""
    nxt = items[i + 1] if i + 1 < len(items) else None
    if nxt is not None and nxt.page == items[i].page and BARE_YEAR_RE.fullmatch(_clean(nxt.text)):
        return f"{text} {_clean(nxt.text)}", i + 2
    return text, i + 1


def _leading_period(doc: ParsedDocument) -> str:
    """The year most named on the first pages, when the metadata left the period empty."""
    years: dict[str, int] = {}
    for page in doc.pages[:3]:
        for year in all_fys(page.text):
            years[year] = years.get(year, 0) + 1
    return max(years, key=lambda y: years[y]) if years else ""


# -- titles -----------------------------------------------------------------------------------

def _labelled_title(items: list[_Item], i: int, rest: str) -> tuple[str, str, int]:
    """(title, printed text after the label, items consumed) for a label at items[i]."""
    parts = [rest.split("\t")[0].strip()] if rest.strip() else []
    on_label_line = bool(parts)
    j = i + 1
    while j < len(items) and len(" ".join(parts).split()) < TITLE_MAX_WORDS:
        nxt = items[j]
        text = _clean(nxt.text)
        if _ends_title(text) or not _title_goes_on(items, i, j, parts, text, on_label_line):
            break
        parts.append(text.split("\t")[0] if nxt.row else text)
        j += 1
    evidence = " ".join(parts)
    return _tidy(evidence), evidence, j - i


def _ends_title(text: str) -> bool:
    """A line that cannot be part of a title: empty, another label or list item, a stop row, or an
    action reference such as 1.1.1."""
    return (not text or bool(LABEL_RE.match(text) or LIST_ITEM_RE.match(text) or STOP_ROWS_RE.match(text))
            or bool(re.match(r"^\d+(?:\.\d+)+\b", text)))


def _title_goes_on(items: list[_Item], i: int, j: int, parts: list[str], text: str,
                   on_label_line: bool) -> bool:
    """Does items[j] carry on the title read so far (`parts`)?"""
    nxt = items[j]
    if not parts:
        # the title follows a bare label: on the next line or row, after a break
        return not (nxt.row and not nxt.single_cell)
    ended = parts[-1].rstrip().endswith((".", ":", ";"))
    if nxt.row:
        return nxt.single_cell and text[:1].islower() and not ended
    return not ended and _line_goes_on(items, i, j, " ".join(parts), text, on_label_line)


def _line_goes_on(items: list[_Item], i: int, j: int, title: str, text: str, on_label_line: bool) -> bool:
    """Does the line items[j] carry on an unfinished title?"""
    nxt, prev = items[j], items[j - 1]
    if nxt.page != prev.page:
        # a narrow table cell carried over a page break goes on in lower case at the top
        return nxt.page == prev.page + 1 and not prev.row and text[:1].islower()
    if nxt.brk and nxt.spaced:
        last = title.split()[-1].lower() if title.split() else ""
        return text[:1].islower() and last in CONNECTORS
    if nxt.brk:
        # only the measured line height changed: a new font, or a short line such as "deaths in"
        return nxt.height <= prev.height * 1.15 and _continues(items, i, prev, nxt, title, text)
    # a heading "Priority 1.3 To ..." may sit right on top of the text that follows
    return not on_label_line or _continues(items, i, prev, nxt, title, text)


def _continues(items: list[_Item], i: int, prev: _Item, nxt: _Item, title: str, text: str) -> bool:
    return _runs_on(title, text) or _hanging(items[i], nxt) or _wrapped(items, i, prev, nxt)


def _runs_on(title: str, line: str) -> bool:
    """Whether the next line carries on a title rather than starting the text below it."""
    if line[:1].islower() or title.count("(") > title.count(")"):
        return True
    last = title.split()[-1].lower() if title.split() else ""
    return last in CONNECTORS or title.endswith((",", "-", "\u2013", "&"))


def _numbered_list(items: list[_Item], start: int) -> tuple[list[tuple[str, str, int, str]], int]:
    """Items "1. ...", "2. ..." following a heading (an introductory sentence may come first)."""
    out: list[list[Any]] = []  # [title, text, page, number], filled in as items run on
    j = start
    intro = 0
    while j < len(items):
        item = items[j]
        text = _clean(item.text)
        m = LIST_ITEM_RE.match(text)
        if m and int(m.group("number")) == len(out) + 1:
            out.append([m.group("number"), [m.group("rest")], item.page])
        elif out and not m and not out[-1][1][-1].rstrip().endswith((".", ":", ";")) and text[:1].islower():
            out[-1][1].append(text)
        elif not out and intro < 2 and not m and not LABEL_RE.match(text):
            intro += 1
        else:
            break
        j += 1
    if len(out) < 2:
        return [], 0
    listed = []
    for number, parts, page in out:
        evidence = " ".join(parts)
        listed.append((number, _tidy(evidence), page, f"{number}. {evidence}"))
    return listed, j - start


def _bulleted_list(items: list[_Item], start: int) -> tuple[list[tuple[str, str, int, str]], int]:
    """Unnumbered bullets right under a priorities heading; their number is not printed, so it stays empty."""
    out: list[tuple[str, str, int, str]] = []
    j = start
    if j < len(items) and items[j].text.rstrip().endswith(":") and not items[j].text.startswith(BULLETS):
        j += 1  # "Our priorities for the coming year are:"
    while j < len(items) and len(out) < MAX_LIST and items[j].text.lstrip().startswith(BULLETS):
        parts = [_clean(items[j].text)]
        page = items[j].page
        j += 1
        while (j < len(items) and not items[j].brk and not items[j].row
               and not items[j].text.lstrip().startswith(BULLETS)):
            parts.append(_clean(items[j].text))
            j += 1
        evidence = " ".join(parts)
        if LABEL_RE.match(evidence) or not evidence[:1].isupper():
            # "- Priority 1: ..." bullets are read as labelled priorities; "- to test ..." is prose
            return [], 0
        out.append(("", _tidy(evidence), page, evidence))
    if len(out) < 2:
        return [], 0
    return out, j - start


def _priority_table(table: Table) -> list[tuple[str, str, int, str]]:
    """A table with a "Priority" (or "Strategic aim") column and a number in the first column."""
    if len(table.rows) < 3:
        return []
    header = [c.strip().lower() for c in table.rows[0]]
    col = next((k for k, c in enumerate(header)
                if PRIORITY_COLUMN_RE.fullmatch(c)), None)
    if col is None:
        return []
    out = []
    for r, row in enumerate(table.rows[1:], start=1):
        number = row[0].strip().rstrip(".") if row else ""
        if not re.fullmatch(r"\d{1,2}(?:\.\d{1,2})?", number) or col >= len(row):
            continue
        title = row[col].strip() if col > 0 else " ".join(c for c in row[1:2]).strip()
        if title:
            out.append((number, _tidy(title), table.page_of_row(r), table.row_text(r)))
    return out


def _clean(text: str) -> str:
    return " ".join(text.lstrip(BULLET_CHARS).split(" ")).strip()


def _tidy(title: str) -> str:
    title = TOC_PAGE_RE.sub("", " ".join(title.replace("\t", " ").split()))
    stripped = LEADING_VERB_RE.sub("", title)
    if stripped != title:  # "Priority 1.1 was to ensure links ..." -> "Ensure links ..."
        title = stripped[:1].upper() + stripped[1:]
    first = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", title, maxsplit=1)[0]
    words = first.split()
    if len(words) > TITLE_MAX_WORDS:
        first = " ".join(words[:TITLE_MAX_WORDS])
    return first.strip(" .;:-\u2013")


def _period_in(text: str) -> str | None:
    """A financial year in a heading, also in the short forms "2013/4" and "15/16"."""
    return parse_fy_short(text)


def _score(p: Priority) -> tuple[int, int]:
    """Which of two printings of the same priority to keep: a title that reads as one; else the first
    (a later one may be a partner agency's own "Priority 1" in an appendix)."""
    words = len(p.title.split())
    return (1 if p.title[:1].isupper() else 0), (1 if 2 <= words <= 30 else 0)


def _keep(found: dict[tuple[str, str], Priority], candidate: Priority, tagger: ThemeTagger,
          distance: dict[tuple[str, str], int] | None = None, dist: int = 0) -> None:
    """Keep the better of two printings of one (period, number); `dist` is how many pages the candidate
    lies below the heading that named its plan year."""

    words = candidate.title.split()
    if not words or not candidate.title[:1].isalnum():
        return
    if candidate.title[:1].islower() and words[0].lower() in REFERENCE_WORDS:
        return  # "Priority 2 has been reviewed ..." refers to a priority, it does not state one
    key = (candidate.period, candidate.number or candidate.title.lower())
    current = found.get(key)
    distances = distance if distance is not None else {}
    # an item right under its plan heading beats one whose heading lay pages back (it may have
    # belonged to another plan whose heading the reader did not see)
    closer = current is not None and dist == 0 and distances.get(key, 0) >= 2 \
        and _score(candidate) >= _score(current)
    if current is None or _score(candidate) > _score(current) or closer:
        candidate.themes = tagger.tag_text(candidate.title)
        found[key] = candidate
        distances[key] = dist
