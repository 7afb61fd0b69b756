"""The theme codebook in use: the bundled themes.yaml with a researcher's themes.yaml over it.

A user's file adds themes and overrides bundled ones by id; its top-level `exclude` phrases are
added to the bundled ones and its settings override the bundled settings one by one. With
`settings.replace: true` the user's file is the whole codebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..paths import default_patterns_dir
from .validate import FAST_LOADER, PatternError, check_text

CODEBOOK = "themes.yaml"
PATTERN_KINDS = ("phrases", "terms", "acronyms", "patterns", "exclude")


def _read_checked(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    errors = check_text(str(path), text)
    if errors:
        raise PatternError(errors)
    return yaml.load(text, Loader=FAST_LOADER) or {}


def merge_codebooks(bundled: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    settings = dict(user.get("settings") or {})
    if settings.pop("replace", False):
        return {**user, "settings": settings}
    merged_settings = {**(bundled.get("settings") or {}), **settings}
    exclude = list(bundled.get("exclude") or [])
    exclude += [p for p in user.get("exclude") or [] if p not in exclude]
    themes = {**(bundled.get("themes") or {}), **(user.get("themes") or {})}
    return {"settings": merged_settings, "exclude": exclude, "themes": themes}


def load_codebook(patterns_dir: Path | None = None) -> tuple[dict[str, Any], Path]:
    """The codebook for a patterns folder (None: the bundled one) and the file it came from.

    Raises PatternError (one `file:line:` line per problem) when a file breaks the schema.
    """
    return read_codebook(default_patterns_dir(), patterns_dir)


def read_codebook(bundled_dir: Path, patterns_dir: Path | None) -> tuple[dict[str, Any], Path]:
    """The bundled folder's codebook with the one of `patterns_dir` (if any) merged over it."""
    bundled_path = bundled_dir / CODEBOOK
    bundled = _read_checked(bundled_path)
    user_path = Path(patterns_dir) / CODEBOOK if patterns_dir else None
    if user_path is None or not user_path.is_file() or user_path.resolve() == bundled_path.resolve():
        return bundled, bundled_path
    return merge_codebooks(bundled, _read_checked(user_path)), user_path


def _pattern_text(value: Any) -> str:
    if isinstance(value, list):  # a spaCy token pattern: a list of {ATTR: value} dicts
        return str(yaml.safe_dump(value, default_flow_style=True, width=10_000)).strip()
    return str(value)


def codebook_rows(codebook: dict[str, Any]) -> list[dict[str, str]]:
    """One row per theme pattern: theme, description, kind (phrases, terms, ...), pattern."""
    rows = []
    for theme, entry in (codebook.get("themes") or {}).items():
        entry = entry or {}
        description = str(entry.get("description", ""))
        for kind in PATTERN_KINDS:
            for value in entry.get(kind) or []:
                rows.append({"theme": theme, "description": description, "kind": kind,
                             "pattern": _pattern_text(value)})
    for value in codebook.get("exclude") or []:
        rows.append({"theme": "", "description": "excluded for every theme", "kind": "exclude",
                     "pattern": str(value)})
    return rows
