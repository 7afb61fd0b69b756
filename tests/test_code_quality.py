"""Code-quality gates: cyclomatic complexity (radon) and strict typing (mypy) of the package.

No function may exceed complexity 15 and mypy --strict may report no error. The two tables
below are ratchets for code taken over from elsewhere: an entry may only shrink, and none is
left today.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "report_miner"
MAX_COMPLEXITY = 15
EXCLUDED: tuple[str, ...] = ()

KNOWN_COMPLEX: dict[tuple[str, str], int] = {
}

# modules still carrying mypy errors, and how many
KNOWN_MYPY_ERRORS: dict[str, int] = {}


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] not in EXCLUDED]


def test_no_function_grows_beyond_the_complexity_limit() -> None:
    complexity = pytest.importorskip("radon.complexity")
    too_complex: list[str] = []
    seen: set[tuple[str, str]] = set()
    for path in _sources():
        rel = path.relative_to(PACKAGE).as_posix()
        blocks = complexity.cc_visit(path.read_text(encoding="utf-8"))
        functions = [b for b in blocks if not hasattr(b, "methods")]
        functions += [m for b in blocks if hasattr(b, "methods") for m in b.methods]
        for block in functions:
            name = f"{block.classname}.{block.name}" if getattr(block, "classname", None) else block.name
            limit = KNOWN_COMPLEX.get((rel, name), MAX_COMPLEXITY)
            seen.add((rel, name))
            if block.complexity > limit:
                too_complex.append(f"{rel}:{block.lineno} {name} complexity {block.complexity} > {limit}")
    assert not too_complex, "\n".join(too_complex)
    gone = sorted(set(KNOWN_COMPLEX) - seen)
    assert not gone, f"renamed or removed, update KNOWN_COMPLEX: {gone}"


def test_mypy_strict_reports_no_new_error() -> None:
    pytest.importorskip("mypy")
    root = PACKAGE.parents[1]
    result = subprocess.run([sys.executable, "-m", "mypy", "src/report_miner"], cwd=root,
                            capture_output=True, text=True, timeout=600)
    counts: dict[str, int] = {}
    for line in result.stdout.splitlines():
        m = re.match(r"src/report_miner/(\S+?\.py):\d+: error:", line)
        if m and m.group(1).split("/")[0] not in EXCLUDED:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    worse = {f: n for f, n in counts.items() if n > KNOWN_MYPY_ERRORS.get(f, 0)}
    assert not worse, result.stdout


def test_every_package_is_installed() -> None:
    """pyproject.toml lists the packages explicitly (patterns/ is mapped in): a new sub-package
    left out of the list would be missing from a non-editable install."""
    import tomllib

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
