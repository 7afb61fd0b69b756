"""Who published a document, for which local authorities, what kind it is and which year it covers.

Everything is read from the document itself: its title zone (first page up to the table of contents,
running headers of the first pages, the PDF title) first, the body second. The file name is only a
last-resort hint for type and period, because unseen files may have meaningless names.

Period and edition rules: see `doc_period`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar

from ...models import DocType, DocumentMeta
from ...periods import fy_of_date, parse_fy
from ...reader import ParsedDocument
from ...text.gazetteer import Gazetteer, normalise
from .areas import MAX_JOINT, zone_authorities
from .inspection import inspection_facts
from .period import issue_edition, period_of
from .scan import board_acronyms, domains, handles
from .vocab import Vocab as _Vocab

if TYPE_CHECKING:
    from ...config.patterns import Patterns

# documents filed under the financial year of their date (`July 2016` -> 2016-17), not a year span
DATED_TYPES = ("newsletter", "minutes")
TITLE_ZONE_LINES = 30
HEADER_PAGES = 3
TITLE_WEIGHT = 10.0
HANDLE_WEIGHT = 2.0  # @RedbridgeLSCB, lscb@redbridge.gov.uk: the board's own address names its area
MIN_BODY_SCORE = 3.0
COVER_NAME_LINES = 3
MIN_COVER_LINES = 2

_CONTENTS = re.compile(r"^\s*(?:table of )?contents\b", re.I)
_CONNECTORS = {"and", "&", "of", "upon", "on", "with", "the", "|", ","}
_PREFIX_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.\-]*|&|\||,")
_ACRONYM_SUFFIX = {"SCB": "Safeguarding Children Board", "SCP": "Safeguarding Children Partnership"}
_AFTER = re.compile(r"[ \t]*\(?[A-Z]*\)?[ \t]*(?:for|of|in)[ \t]+(?=[A-Z]|the[ \t]+[A-Z])")
_LINE_BREAK = re.compile("\n")
_JUNK_TITLE = re.compile(r"microsoft|\.docx?\b|untitled|^\s*$", re.I)



_K = TypeVar("_K")


class Weights(dict[_K, float], Generic[_K]):
    """A tally of weighted scores: Counter's arithmetic and `most_common`, with float counts."""

    def __missing__(self, key: _K) -> float:
        return 0.0

    def most_common(self, n: int) -> list[tuple[_K, float]]:
        # a stable sort: equal scores keep the order they were first seen in, as Counter does
        return sorted(self.items(), key=lambda item: item[1], reverse=True)[:n]


@dataclass
class _Board:
    """Tallies of how the document names its board."""

    la_scores: Weights[tuple[str, ...]]
    region_scores: Weights[str]
    suffixes: Counter[str]
    multi: int = 0
    evidence: bool = False  # a board is named at all (full form or L-acronym)
    # how each named board spells its own kind (Board / Partnership), for its display name
    named_suffix: dict[object, Weights[str]] = field(default_factory=dict)

    def suffix_of(self, key: object, default: str) -> str:
        counts = self.named_suffix.get(key)
        return counts.most_common(1)[0][0] if counts else default


def _name_tokens(text: str) -> list[str]:
    return _PREFIX_TOKEN.findall(text)


def _is_name_token(tok: str) -> bool:
    return tok[0].isupper() or tok[0].isdigit() or tok.lower() in _CONNECTORS


def _trim(kept: list[str]) -> list[str]:
    while kept and kept[0].lower() in _CONNECTORS:
        kept = kept[1:]
    while kept and kept[-1].lower() in _CONNECTORS:
        kept = kept[:-1]
    return kept


def _prefix_before(text: str) -> list[str]:
    """The run of capitalised words / connectors right before a board suffix: `The London Borough of X`."""
    kept: list[str] = []
    for tok in reversed(_name_tokens(text[-120:])):
        if not _is_name_token(tok):
            break
        kept.append(tok)
    kept.reverse()
    return _trim(kept)


def _name_after(text: str) -> list[str]:
    """`Local Safeguarding Children Board for Sutton` / `of the London Borough of Sutton`."""
    m = _AFTER.match(text)
    if not m:
        return []
    kept: list[str] = []
    for tok in _name_tokens(text[m.end():m.end() + 80].split("\n")[0]):
        if not _is_name_token(tok):
            break
        kept.append(tok)
    return _trim(kept)


def _classify_one(tokens: list[str], vocab: _Vocab) -> tuple[str, object] | None:
    text = " ".join(tokens).replace(" ,", ",")
    one = vocab.gazetteer.resolve_area(text)
    if one:
        return "la", (one,)
    key = normalise(text)
    key = key[4:] if key.startswith("pan ") else key
    if key in vocab.regions:
        return "region", text.removeprefix("Pan-").removeprefix("Pan ")
    for pattern, k in vocab.multi:
        if pattern.fullmatch(text):
            return "multi", k
    return None


def _classify(tokens: list[str], vocab: _Vocab) -> tuple[str, object] | None:
    """What a board's name says about its area: one or more authorities, a region, or `Tri-borough`."""
    if not tokens:
        return None
    return vocab.classified.get(tuple(tokens), lambda key: _classify_tokens(key, vocab))


def _named_by_parts(text: str, gaz: Gazetteer) -> tuple[str, ...]:
    """A joint board named by its parts: "City and Hackney", "Kingston and Richmond"."""
    pieces = [p.strip() for p in re.split(r"\s(?:and|&|,|\|)\s", text.replace(",", " ,")) if p.strip()]
    if len(pieces) > 1 and not gaz.resolve_area(text):
        parts = [gaz.resolve_area(p) for p in pieces]
        if all(parts) and len(set(parts)) == len(parts):
            return tuple(p for p in parts if p)
    return ()


def _classify_tokens(tokens: tuple[str, ...], vocab: _Vocab) -> tuple[str, object] | None:
    text = " ".join(tokens).replace(" ,", ",")
    names = vocab.gazetteer.find_local_authorities(text, uk_context=True)
    if len(names) > MAX_JOINT:
        return None  # `Walsall, Dudley, Sandwell and Wolverhampton Safeguarding Children Boards`: neighbours
    if len(names) > 1:
        return "la", tuple(names)
    parts = _named_by_parts(text, vocab.gazetteer)
    if parts:
        return "la", parts
    # the longest tail that names something: "Chair of the Merton" -> Merton, "Chair, London" -> London
    for i in range(len(tokens)):
        tail = _trim(list(tokens[i:]))
        if tail and (found := _classify_one(tail, vocab)):
            return found
    return ("la", tuple(names)) if names else None


def _suffix_display(suffix: str, vocab: _Vocab) -> str:
    for pattern, display in vocab.suffix_display:
        if pattern.match(suffix):
            return display
    return suffix


def _board_name_tokens(text: str, m: re.Match[str]) -> list[list[str]]:
    """Name token runs for a board suffix: before it (same line, or a cover's lines above), after it."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start:m.start()]
    tokens = _prefix_before(before)
    if not tokens and not before.strip():
        # a cover that breaks the name over lines: "Hammersmith & Fulham, Kensington and Chelsea\n
        # and Westminster\nLocal Safeguarding Children Board"
        lines: list[str] = []
        end = line_start - 1
        while end > 0 and len(lines) < COVER_NAME_LINES:
            start = text.rfind("\n", 0, end) + 1
            prev = text[start:end]
            prev_tokens = _name_tokens(prev)
            if not prev_tokens or not all(_is_name_token(t) for t in prev_tokens):
                break
            lines.insert(0, prev)
            end = start - 1
        tokens = _prefix_before(" ".join(lines))
    # _AFTER and the name it introduces never cross a line break: read only the rest of this line
    eol = text.find("\n", m.end())
    return [tokens, _name_after(text[m.end():eol if eol >= 0 else len(text)])]


def _acronym_evidence(board: _Board, text: str) -> None:
    """A board's own acronym (`BSCB`, `KSCP`) shows a board's document even where no area is spelt out."""
    for m in board_acronyms(text):
        board.evidence = True
        board.suffixes[_ACRONYM_SUFFIX[m.group(1)]] += 1


def _tally(board: _Board, text: str, weight: Callable[[int], float], vocab: _Vocab) -> None:
    line_breaks = [b.start() for b in _LINE_BREAK.finditer(text)]  # a match's line by bisection
    for m in vocab.suffix_re.finditer(text):
        suffix = m.group(1)
        kind = None
        for tokens in _board_name_tokens(text, m):
            kind = kind or _classify(tokens, vocab)
        if kind is None and suffix in {"SCB", "SCP"}:
            continue  # a bare SCB/SCP may be anything; only count it when an area names it
        board.evidence = True
        display = _suffix_display(suffix, vocab)
        board.suffixes[display] += 1
        if kind is None:
            continue
        w = weight(bisect_left(line_breaks, m.start()))
        if kind[0] in ("la", "region"):
            board.named_suffix.setdefault(kind[1], Weights())[display] += w
        if kind[0] == "la":
            board.la_scores[kind[1]] += w  # type: ignore[index]  # kind[1] is the names tuple
        elif kind[0] == "region":
            board.region_scores[str(kind[1])] += w
        else:
            board.multi = max(board.multi, int(kind[1]))  # type: ignore[call-overload]
    _acronym_evidence(board, text)
    for m in handles(text):
        name = vocab.gazetteer.resolve_area(m.group(1))
        if name:
            board.la_scores[(name,)] += HANDLE_WEIGHT
    for m in domains(text):
        label = m.group(1).lower()
        name = vocab.gazetteer.keys.get(label.replace("-", " "))  # exact only: domains are not typos
        if name:
            board.la_scores[(name,)] += HANDLE_WEIGHT


def _join(names: list[str] | tuple[str, ...]) -> str:
    """Names as a board's name says them: `Bristol, City of` -> `Bristol`."""
    spoken = [name.removesuffix(", City of") for name in names]
    return spoken[0] if len(spoken) == 1 else ", ".join(spoken[:-1]) + " and " + spoken[-1]


def _title_zone(doc: ParsedDocument) -> str:
    lines: list[str] = []
    if doc.title and not _JUNK_TITLE.search(doc.title):
        lines.append(doc.title)
    for page in doc.pages[:HEADER_PAGES]:
        for line in page.header_lines:
            if line.text not in lines:
                lines.append(line.text)
    # a cover that is a picture has no text: its title is then on the next page
    first = doc.pages[0] if doc.pages else None
    cover = next((p for p in doc.pages[:2] if len(p.lines) >= MIN_COVER_LINES), first)
    if cover is not None:
        for line in cover.lines[:TITLE_ZONE_LINES]:
            if _CONTENTS.match(line.text):
                break
            lines.append(line.text)
    return "\n".join(lines)


def _body_text(doc: ParsedDocument) -> str:
    headers: list[str] = []
    for page in doc.pages:
        for line in page.header_lines + page.footer_lines:
            if line.text not in headers:
                headers.append(line.text)
    return "\n".join(headers + [page.text for page in doc.pages])


def _board_and_areas(doc: ParsedDocument, zone: str, body: str, vocab: _Vocab) -> tuple[str, list[str]]:
    title = _Board(Weights(), Weights(), Counter())
    # the cover's own name comes first; boards named further down the page are partners
    _tally(title, zone, lambda line: TITLE_WEIGHT / (1 + line / 2), vocab)
    whole = _Board(Weights(), Weights(), Counter())
    _tally(whole, body, lambda line: 1.0, vocab)
    if not (title.evidence or whole.evidence):
        return "", []  # not a safeguarding board's document
    suffix = (title.suffixes or whole.suffixes).most_common(1)[0][0]
    found = _named_board(title, suffix)
    if found:
        return found
    mentions = Counter(m.name for m in vocab.gazetteer.iter_mentions(body))
    multi = title.multi or whole.multi
    named = zone_authorities(zone, mentions, multi, vocab.gazetteer)
    if named:
        return f"{_join(named)} {suffix}", named
    if multi and len(mentions) >= multi:
        names = [n for n, _ in mentions.most_common(multi)]
        names.sort(key=body.find)
        return f"{_join(names)} {suffix}", names
    return _board_of_body(whole, mentions, suffix)


def _named_board(board: _Board, suffix: str) -> tuple[str, list[str]] | None:
    """The board a tally names best: a region's board, or one of authorities."""
    la = board.la_scores.most_common(1)
    region = board.region_scores.most_common(1)
    if region and (not la or region[0][1] > la[0][1]):
        return f"{region[0][0]} {board.suffix_of(region[0][0], suffix)}", []
    if la:
        return f"{_join(la[0][0])} {board.suffix_of(la[0][0], suffix)}", list(la[0][0])
    return None


def _board_of_body(whole: _Board, mentions: Counter[str], suffix: str) -> tuple[str, list[str]]:
    """No title names the board: the authority the whole text names clearly most, else its region."""
    scores: Weights[tuple[str, ...]] = Weights(whole.la_scores)
    for name, count in mentions.items():
        scores[(name,)] += 0.5 * count
    ranked = scores.most_common(2)
    if ranked and ranked[0][1] >= MIN_BODY_SCORE and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        if whole.region_scores and max(whole.region_scores.values()) > ranked[0][1]:
            return _named_board(whole, suffix) or ("", [])
        return f"{_join(ranked[0][0])} {whole.suffix_of(ranked[0][0], suffix)}", list(ranked[0][0])
    if whole.region_scores:
        region = whole.region_scores.most_common(1)[0][0]
        return f"{region} {whole.suffix_of(region, suffix)}", []
    return "", []


def _doc_type(zone: str, first_pages: str, file_name: str, vocab: _Vocab) -> DocType:
    for kind, pattern in vocab.doc_types:
        if pattern.search(zone):
            return kind  # type: ignore[return-value]
    # no title words: "this newsletter", "this annual report" in the opening pages
    best: tuple[int, str] | None = None
    for kind, pattern in vocab.doc_types:
        m = re.search(r"\b(?:this|our)\s+(?:year'?s\s+)?" + pattern.pattern[2:], first_pages, re.I)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    if best:
        return best[1]  # type: ignore[return-value]
    hint = re.sub(r"[_\-.]+", " ", file_name)
    for kind, pattern in vocab.doc_types:
        if pattern.search(hint) or (kind == "annual_report" and re.search(r"\bannual\b", hint, re.I)):
            return kind  # type: ignore[return-value]
    return "other"


def _inspection_meta(doc: ParsedDocument, zone: str, first_pages: str, file_name: str,
                     gaz: Gazetteer) -> DocumentMeta:
    """An Ofsted report: no board publishes it; the inspected authority and the inspection's dates."""
    facts = inspection_facts(doc, gaz)
    period = fy_of_date(date.fromisoformat(facts.start)) if facts.start else ""
    return DocumentMeta(local_authorities=facts.authorities, doc_type="inspection",
                        period=period or period_of(zone, first_pages, file_name, "other"),
                        inspection_start=facts.start, inspection_end=facts.end, published=facts.published)


def extract_metadata(doc: ParsedDocument, file_name: str, patterns: Patterns) -> DocumentMeta:
    """Board, authorities, type, period and edition of a document, read with `patterns`."""
    vocab = patterns.metadata_vocab
    zone = _title_zone(doc)
    first_pages = "\n".join(page.text for page in doc.pages[:3])
    doc_type = _doc_type(zone, first_pages, file_name, vocab)
    if doc_type == "inspection":
        return _inspection_meta(doc, zone, first_pages, file_name, vocab.gazetteer)
    body = _body_text(doc)
    board, areas = _board_and_areas(doc, zone, body, vocab)
    edition, period = "", ""
    if doc_type in DATED_TYPES:
        edition, period = issue_edition(zone, vocab.season_re, vocab.seasons)
        if not period:
            period = parse_fy(zone) or ""
        if doc_type != "newsletter":
            edition = ""  # minutes have a date, not an edition
    if not period:
        period = period_of(zone, first_pages, file_name, doc_type if board else "other")
    return DocumentMeta(board=board, local_authorities=areas, doc_type=doc_type, period=period,
                        edition=edition)
