"""The local-authority gazetteer (patterns/local_authorities.csv): names, variants, lookups.

Two lookups are offered:
- `Gazetteer.resolve_area` for a short cell or token (`LBHF`, `Kensington & Chelsea`,
  `Westminster City Council`):
  normalised exact lookup, then council-word stripping, then a strict fuzzy match for typos.
- `Gazetteer.find_local_authorities` for running text: token n-grams looked up in a dict of surface forms
  (fast, no giant regex alternation), with guards against places that merely share a name.

CSV columns: name (official short name used in every output), type (london_borough,
metropolitan_borough, county, unitary, sui_generis), region, variants (`;`-joined abbreviations and
other spellings; council wrappers such as `London Borough of X`, `X Council` are handled in code; a
variant starting with `~` is only used for table cells and board names, never searched in running
text, e.g. `~City` for the City of London in "City and Hackney"),
since / until (years an authority started / stopped being a children's-services authority, informative
only: historic authorities stay matchable because older reports use them), ambiguous, la_code (the
three-digit DfE code, `old_la_code` in DfE statistics), gss_code (ONS code; empty for authorities
abolished before ONS codes existed).

Ambiguity levels in the CSV apply to *bare* single-word mentions (`Kingston`, `Reading`):
`abroad` needs the text to be about England (Ofsted, NHS, LSCB, £, ...) or a council/board word next
to it; `word` (common words and surnames) always needs a council/board word next to it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import PatternsError
from ..memo import BoundedMemo

GAZETTEER_FILE = "local_authorities.csv"
# the columns every gazetteer must have (since, until, ambiguous may be left out)
GAZETTEER_COLUMNS = ("name", "type", "region", "variants", "la_code", "gss_code")

FUZZY_CUTOFF = 90.0  # fuzz.ratio; high enough that only typos (Redbrige, Westminister) get through
FUZZY_MIN_LEN = 6
RESOLVED_KEPT = 8192  # cell lookups remembered per gazetteer
MAX_NGRAM = 7

# council-style wrappers around a name, removed before lookup so `London Borough of X` == `X`
_PREFIXES = ("london borough of ", "royal borough of ", "metropolitan borough of ", "borough of ",
             "city of ", "county of ", "council of the ", "the ")
_SUFFIXES = (" metropolitan borough council", " metropolitan district council", " metropolitan borough",
             " mbc", " mdc", " bc", " cc",
             " borough council", " county council", " city council",
             " district council", " unitary authority", " local authority", " council", " borough",
             " county", " city", " la", " lscb", " scb", " area", " district")

_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’&.\-]*[A-Za-z0-9])?|&")

# words after a name that make it a street, island, sports club or foreign county rather than a council
_NOT_AUTHORITY_AFTER = {
    "street", "st", "road", "rd", "avenue", "ave", "lane", "island", "islands", "boulevard", "blvd",
    "drive", "square", "place", "way", "court", "terrace", "close", "gardens", "crescent", "station",
    "fc", "united", "rovers", "palace", "abbey", "hall", "bridge", "coldfield", "heights", "beach",
    "township", "massachusetts", "virginia", "alabama", "connecticut", "carolina", "ohio", "pennsylvania",
    "jamaica", "ontario", "australia", "maryland", "texas", "illinois", "michigan", "park",
}
_NOT_AUTHORITY_BEFORE = {"new", "fort", "port", "mount", "lake", "cape", "upper", "lower"}
_STATE_AFTER = re.compile(r",\s?([A-Z]{2})\b")
_US_STATES = set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split())
# words next to a bare name that show a council / board is meant
_LA_AFTER = {"council", "borough", "lscb", "scb", "lscp", "scp", "safeguarding", "local", "county", "city",
             "children's", "childrens", "children’s", "partnership", "mash", "ccg", "la", "area"}
_LA_BEFORE_PAIRS = {("borough", "of"), ("city", "of"), ("county", "of")}
_UK_CONTEXT = re.compile(
    r"\b(?:Ofsted|NHS|LSCBs?|Safeguarding Children|Borough Council|County Council|CAMHS|DfE|"
    r"Department for Education|Working Together|Home Office|Children Act 1989|Metropolitan Police)\b|£")


@dataclass(frozen=True)
class Authority:
    name: str
    type: str
    region: str
    variants: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    ambiguous: str = ""  # "" | "abroad" | "word"
    la_code: str = ""
    gss_code: str = ""


@dataclass(eq=False)  # compared and hashed by identity: one object per gazetteer file read
class Gazetteer:
    authorities: dict[str, Authority]
    keys: dict[str, str] = field(default_factory=dict)  # normalised form -> official name
    surfaces: dict[str, str] = field(default_factory=dict)  # case-sensitive token n-gram -> official name

    def __post_init__(self) -> None:
        for auth in self.authorities.values():
            for form in (auth.name, *auth.variants):
                cell_only = form.startswith("~")
                form = form.lstrip("~")
                key = normalise(form)
                if key and key not in self.keys:
                    self.keys[key] = auth.name
                if cell_only:
                    continue  # too common a word to look for in running text
                for surface in _surface_forms(form):
                    self.surfaces.setdefault(surface, auth.name)
        # the first word of every surface: a word that starts none starts no name (most words)
        self.first_words = frozenset(surface.split(" ", 1)[0] for surface in self.surfaces)
        self._fuzzy_keys = [k for k in self.keys if len(k) >= FUZZY_MIN_LEN]
        # table extractors ask about the same cells over and over
        self._resolved: BoundedMemo[str, str | None] = BoundedMemo(RESOLVED_KEPT)

    def authority(self, name: str) -> Authority | None:
        """Gazetteer record for an official name."""
        return self.authorities.get(name)

    def codes_of(self, names: Sequence[str]) -> tuple[list[str], list[str], str]:
        """DfE codes and ONS codes aligned with `names` (empty where unknown), and their region
        (empty when they span several)."""
        found = [self.authorities.get(n) for n in names]
        la_codes = [a.la_code if a else "" for a in found]
        gss_codes = [a.gss_code if a else "" for a in found]
        regions = {a.region for a in found if a and a.region}
        return la_codes, gss_codes, regions.pop() if len(regions) == 1 else ""

    def resolve_area(self, name: str) -> str | None:
        """Official name for a cell/token naming one local authority (`RBKC`, `H&F`, `City of London`)."""
        return self._resolved.get(name, lambda key: _resolve_area(key, self))

    def iter_mentions(self, text: str, uk_context: bool | None = None) -> list[Mention]:
        """Every guarded local-authority mention in `text`, in order.

        `uk_context=True` says the caller already knows the text is about England (e.g. a board name);
        None decides from the text itself.
        """
        return _iter_mentions(text, self, uk_context)

    def find_local_authorities(self, text: str, uk_context: bool | None = None) -> list[str]:
        """Official names of the local authorities mentioned in `text`, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in _iter_mentions(text, self, uk_context):
            seen.setdefault(mention.name, None)
        return list(seen)


def normalise(text: str) -> str:
    """Case-, punctuation- and `&`-insensitive key: `Kensington & Chelsea` -> `kensington and chelsea`."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"[.,'()\"]", "", text)
    text = re.sub(r"[-–—/]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _token_key(text: str) -> str:
    return " ".join(_TOKEN.findall(text))


def _surface_forms(form: str) -> set[str]:
    """The spellings of one name as they appear in text: `&`/`and`, hyphen/space, title and capitals."""
    forms = {form, form.replace(" and ", " & "), form.replace(" & ", " and "), form.replace(",", "")}
    forms |= {f.replace("-", " ") for f in forms} | {f.replace(" upon ", "-upon-") for f in forms}
    out = set()
    for f in forms:
        key = _token_key(f)
        out.add(key)
        if len(key) >= 4 and not key.isupper():
            out.add(key.upper())
    return out


def read_gazetteer(csv_path: Path) -> Gazetteer:
    """The gazetteer of one CSV file (Patterns.gazetteer keeps it)."""
    authorities: dict[str, Authority] = {}
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        _check_header(csv_path, reader.fieldnames)
        for row in reader:
            name = (row.get("name") or "").strip()
            if not name:
                continue
            variants = tuple(v.strip() for v in (row.get("variants") or "").split(";") if v.strip())
            authorities[name] = Authority(
                name=name, type=(row.get("type") or "").strip(), region=(row.get("region") or "").strip(),
                variants=variants, since=(row.get("since") or "").strip(),
                until=(row.get("until") or "").strip(), ambiguous=(row.get("ambiguous") or "").strip(),
                la_code=(row.get("la_code") or "").strip(), gss_code=(row.get("gss_code") or "").strip())
    return Gazetteer(authorities)


def _check_header(csv_path: Path, fieldnames: Sequence[str] | None) -> None:
    missing = [c for c in GAZETTEER_COLUMNS if c not in [f.strip() for f in fieldnames or []]]
    if missing:
        raise PatternsError(f"{csv_path}:1: missing column(s) {', '.join(missing)}; expected a header with "
                            + ", ".join(GAZETTEER_COLUMNS))


def _strip_council_words(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key[len(prefix):], True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[: -len(suffix)], True
    return key


def _resolve_area(name: str, gaz: Gazetteer) -> str | None:
    if not name or not name.strip():
        return None
    key = normalise(name)
    if key in gaz.keys:
        return gaz.keys[key]
    stripped = _strip_council_words(key)
    if stripped in gaz.keys:
        return gaz.keys[stripped]
    if len(stripped) < FUZZY_MIN_LEN:
        return None
    best = process.extract(stripped, gaz._fuzzy_keys, scorer=fuzz.ratio, limit=2, score_cutoff=FUZZY_CUTOFF)
    if not best:
        return None
    # two different authorities almost equally close: refuse rather than guess
    if len(best) > 1 and gaz.keys[best[0][0]] != gaz.keys[best[1][0]] and best[0][1] - best[1][1] < 3:
        return None
    return gaz.keys[best[0][0]]


@dataclass(frozen=True)
class Mention:
    name: str
    start: int  # character offsets of the matched span in the text
    end: int
    surface: str


def _is_bare(surface: str, name: str, gaz: Gazetteer) -> bool:
    """A single ordinary word (`Kingston`, `KENT`), not a phrase or an abbreviation such as `RBKC`."""
    if " " in surface or "&" in surface:
        return False
    return not surface.isupper() or gaz.surfaces.get(surface.title()) == name


def _word_at(tokens: list[tuple[str, int, int]], i: int) -> str:
    return tokens[i][0].lower() if i < len(tokens) else ""


def _iter_mentions(text: str, gaz: Gazetteer, uk_context: bool | None) -> list[Mention]:
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[Mention] = []
    context = _Context(text, uk_context)
    i = 0
    while i < len(tokens):
        hit = _longest_name(tokens, i, gaz) if tokens[i][0][0].isupper() else None
        if not hit:
            i += 1
            continue
        name, n, surface = hit
        start, end = tokens[i][1], tokens[i + n - 1][2]
        if _guarded(tokens, i, n, name, surface, gaz, context):
            out.append(Mention(name, start, end, text[start:end]))
        i += n
    return out


class _Context:
    """Whether the text is about England, worked out once and only when a bare name needs it."""

    def __init__(self, text: str, uk: bool | None) -> None:
        self.text, self._uk = text, uk

    def uk(self) -> bool:
        if self._uk is None:
            self._uk = bool(_UK_CONTEXT.search(self.text))
        return self._uk


def _longest_name(tokens: list[tuple[str, int, int]], i: int, gaz: Gazetteer) -> tuple[str, int, str] | None:
    """The longest run of tokens from i that spells an authority: (name, tokens, surface)."""
    if tokens[i][0] not in gaz.first_words:
        return None
    for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
        surface = " ".join(t[0] for t in tokens[i:i + n])
        name = gaz.surfaces.get(surface)
        if name:
            return name, n, surface
    return None


def _guarded(tokens: list[tuple[str, int, int]], i: int, n: int, name: str, surface: str, gaz: Gazetteer,
             context: _Context) -> bool:
    """Is this spelling of an authority a mention of it, given the words around it?"""
    prev = [t[0].lower() for t in tokens[max(0, i - 2):i]]
    nxt = tokens[i + n][0] if i + n < len(tokens) else ""
    state = _STATE_AFTER.match(context.text, tokens[i + n - 1][2])
    if prev and prev[-1] in _NOT_AUTHORITY_BEFORE or nxt.lower() in _NOT_AUTHORITY_AFTER:
        return False
    if nxt.lower() == "county" and _word_at(tokens, i + n + 1) != "council":
        return False  # `Suffolk County, NY`, `Durham County` (US); `Suffolk County Council` is fine
    if state and state.group(1) in _US_STATES:
        return False  # `Chelsea, MA`
    level = gaz.authorities[name].ambiguous if _is_bare(surface, name, gaz) else ""
    if not level or nxt.lower() in _LA_AFTER or tuple(prev) in _LA_BEFORE_PAIRS:
        return True
    return level != "word" and context.uk()
