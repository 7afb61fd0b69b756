"""Resource limits that keep one hostile file from exhausting a worker or hanging a batch.

The per-process memory limit is an address-space limit (RLIMIT_AS) set in each worker after it
has warmed up, so the headroom applies to the file being read, not to spaCy's own footprint.
The reader-level checks are small pure functions the PDF reader calls on every page.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..text.gazetteer import GAZETTEER_COLUMNS

GIB = 1 << 30
MIB = 1 << 20
DEFAULT_MAX_MEMORY = 2 * GIB
# The PDF specification caps a page at 14,400 units (200 inches) on each side.
MAX_PAGE_SIDE = 14_400.0
MAX_CHARS_PER_PAGE = 200_000
MAX_PATTERN_FILE_BYTES = 4 * MIB
MAX_YAML_ALIASES = 100
MAX_YAML_EXPANDED_NODES = 1_000_000


class LimitExceeded(Exception):
    """A file or codebook over one of the limits; the message names the limit."""


@dataclass(frozen=True)
class PageBox:
    width: float
    height: float


def clamp_page_box(x0: float, y0: float, x1: float, y1: float) -> PageBox:
    """A page's width and height from its box, validated: absurd geometry is an error, not a 4 GB list.

    Non-finite corners and sides over the PDF maximum raise LimitExceeded; a zero or negative
    side (an empty or inverted box) is treated as the US Letter page most readers assume.
    """
    corners = (x0, y0, x1, y1)
    if any(c != c or c in (float("inf"), float("-inf")) for c in corners):
        raise LimitExceeded(f"page box {corners} is not a number")
    width, height = abs(x1 - x0), abs(y1 - y0)
    if width > MAX_PAGE_SIDE or height > MAX_PAGE_SIDE:
        raise LimitExceeded(
            f"page size {width:g} x {height:g} pt over the PDF maximum of {MAX_PAGE_SIDE:g} pt")
    return PageBox(width or 612.0, height or 792.0)


def check_page_chars(count: int, page: int, limit: int = MAX_CHARS_PER_PAGE) -> None:
    """Refuse a page with more characters than any real report page (a generated text bomb)."""
    if count > limit:
        raise LimitExceeded(f"page {page} holds {count:,} characters, over the limit of {limit:,} per page")


def linear_runs(runs: list[Any], key: Any) -> list[list[Any]]:
    """Group text runs into rows in O(n log n): sort once by `key` (a run's baseline) and sweep.

    The reader's pairwise grouping is quadratic in runs per page; this keeps 16 k runs cheap.
    `key(run)` returns (top, bottom); runs whose vertical spans overlap the row so far join it.
    """
    rows: list[list[Any]] = []
    bottom = float("-inf")
    for run in sorted(runs, key=lambda r: key(r)[0]):
        top, run_bottom = key(run)
        if rows and top < bottom:
            rows[-1].append(run)
            bottom = max(bottom, run_bottom)
        else:
            rows.append([run])
            bottom = run_bottom
    return rows


MAX_CHUNK_CHARS = 100_000  # far below spaCy's 1,000,000-character limit per text


def bounded_chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """`text` cut at spaces into pieces of at most `limit` characters (a word longer than that
    is cut too), so no text is lost to a length limit downstream."""
    if len(text) <= limit:
        return [text]
    chunks = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space + 1 if space > start else end
        chunks.append(text[start:end].strip())
        start = end
    return [c for c in chunks if c]


def address_space() -> int:
    """This process's current virtual size in bytes (0 where /proc is not available)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(headroom: int) -> bool:
    """Cap this process's address space at its current size plus `headroom` bytes.

    Returns False where the platform has no such limit (the batch then relies on the time limit).
    """
    try:
        import resource
    except ImportError:
        return False
    current = address_space()
    if not current or headroom <= 0:
        return False
    wanted = current + headroom
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return True


def parse_size(text: str) -> int:
    """`2G`, `512M`, `1.5GiB` or a byte count, as bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"not a size: {text!r} (expected e.g. 2G, 512M)")
    scale = {"": 1, "K": 1 << 10, "M": MIB, "G": GIB, "T": 1 << 40}[match.group(2).upper()]
    return int(float(match.group(1)) * scale)


def format_size(size: int) -> str:
    for unit, scale in (("GiB", GIB), ("MiB", MIB)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


class _LimitedLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses more than MAX_YAML_ALIASES aliases (no billion laughs)."""

    aliases_seen = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise LimitExceeded(
                    f"{mark.name}:{mark.line + 1}: more than {MAX_YAML_ALIASES} YAML aliases "
                    "(alias expansion is limited)")
        return super().compose_node(parent, index)


def load_yaml_limited(path: Path) -> Any:
    """Load a patterns YAML file with its size and alias count bounded.

    Errors are one line naming the file: LimitExceeded for a limit, yaml.YAMLError otherwise.
    """
    size = os.path.getsize(path)
    if size > MAX_PATTERN_FILE_BYTES:
        raise LimitExceeded(f"{path}: {format_size(size)}, over the {format_size(MAX_PATTERN_FILE_BYTES)} "
                            "limit for a patterns file")
    with open(path, encoding="utf-8") as handle:
        loader = _LimitedLoader(handle)
        loader.name = str(path)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    expanded = expanded_size(data)
    if expanded > MAX_YAML_EXPANDED_NODES:
        raise LimitExceeded(f"{path}: aliases expand to {expanded:,} values, over the limit of "
                            f"{MAX_YAML_EXPANDED_NODES:,}")
    return data


def expanded_size(data: Any) -> int:
    """How many values `data` holds once every shared (aliased) list or mapping is expanded.

    Linear in the distinct objects: each one's size is computed once and reused.
    """
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a self-referencing alias counts once instead of recursing
        children = list(node.items()) if isinstance(node, dict) else node
        total = 1 + sum(size(k) + size(v) for k, v in children) if isinstance(node, dict) \
            else 1 + sum(size(c) for c in children)
        sizes[id(node)] = total
        return total

    return size(data)


def check_pattern_files(patterns_dir: Path | None) -> str:
    """The first problem with a researcher's YAML pattern files (size, aliases, syntax), or ''.

    Run before any worker starts, so a hostile or broken codebook is one line and exit 2.
    """
    if patterns_dir is None:
        return ""
    for path in sorted(patterns_dir.glob("*.y*ml")):
        try:
            problem = backtracking_problem(path, load_yaml_limited(path))
            if problem:
                return problem
        except LimitExceeded as exc:
            return str(exc)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
            return f"{where}: {getattr(exc, 'problem', None) or exc}"
        except (OSError, UnicodeDecodeError) as exc:
            return f"{path}: cannot read ({exc})"
    return check_gazetteer(patterns_dir / GAZETTEER)


GAZETTEER = "local_authorities.csv"


def check_gazetteer(path: Path) -> str:
    """A researcher's gazetteer must keep the columns the lookups read ('' when it does)."""
    if not path.is_file():
        return ""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}: cannot read ({exc})"
    missing = [c for c in GAZETTEER_COLUMNS if c not in [h.strip() for h in header]]
    if missing:
        return (f"{path}:1: missing column(s) {', '.join(missing)}; expected a header with "
                f"{', '.join(GAZETTEER_COLUMNS)}")
    return ""


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _nested_repeat(items: Any, inside_repeat: bool) -> bool:
    """Whether a parsed regex has an unbounded repetition inside another (as in `(a+)+`)."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, sub = arg
            unbounded = high > 1 and name != "POSSESSIVE_REPEAT"
            if unbounded and inside_repeat and high > 100:
                return True
            if _nested_repeat(sub, inside_repeat or (unbounded and high > 100)):
                return True
            continue
        branches = [arg[-1]] if name == "SUBPATTERN" else list(arg[1]) if name == "BRANCH" else []
        if any(_nested_repeat(b, inside_repeat) for b in branches):
            return True
    return False


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _strings(k) + _strings(v)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def backtracking_problem(path: Path, data: Any) -> str:
    """A one-line problem for the first string in `data` that, read as a regular expression,
    repeats a repetition without bound (catastrophic backtracking on a long line); else ''."""
    try:
        from re import _parser as regex_parser  # type: ignore[attr-defined]
    except ImportError:  # the parser moved: skip the lint, the per-file time limit still applies
        return ""
    for text in _strings(data):
        if not any(q in text for q in "+*{"):
            continue
        try:
            parsed = regex_parser.parse(text)
        except (re.error, RecursionError, OverflowError):
            continue
        if _nested_repeat(parsed.data, False):
            line = next((n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                         if text in row), 0)
            return (f"{path}:{line}: pattern {text!r} repeats a repetition (as in (a+)+), which can take "
                    "forever on a long line; bound the inner repeat or make it possessive")
    return ""
