"""Check each file of a patterns folder against a schema, with one-line `file:line:` errors.

YAML is parsed to nodes (not plain values) so every problem can name the line it is on, and so
duplicate keys, which a plain load silently collapses, are caught.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..text.gazetteer import GAZETTEER_COLUMNS

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CATEGORY_RE = re.compile(r"^[a-z0-9][a-z0-9_+-]*$")


class PatternError(ValueError):
    """One or more problems in pattern files; `errors` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# -- schema vocabulary -------------------------------------------------------------------------

@dataclass(frozen=True)
class Str:
    regex: bool = False  # the string must compile as a regular expression


@dataclass(frozen=True)
class Int:
    minimum: int = 0


@dataclass(frozen=True)
class Bool:
    pass


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Seq:
    item: Any


@dataclass(frozen=True)
class Fields:
    fields: dict[str, Any]
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdMap:
    value: Any
    key_re: re.Pattern[str] = ID_RE


@dataclass(frozen=True)
class AnyMap:
    """A spaCy token pattern entry: upper-case attribute keys, any values."""


REGEX, TEXT = Str(regex=True), Str()
TEXTS = Seq(TEXT)
REGEXES = Seq(REGEX)

THEME = Fields({"description": TEXT, "phrases": TEXTS, "terms": TEXTS, "acronyms": TEXTS,
                "patterns": Seq(Seq(AnyMap())), "exclude": TEXTS})
THEMES_SCHEMA = Fields({
    "settings": Fields({"min_mentions": Int(1), "negation_window": Int(0), "replace": Bool()}),
    "exclude": TEXTS,
    "themes": IdMap(THEME),
})
METRIC = Fields({"unit": Choice(("count", "percent", "rate_per_10k", "gbp")),
                 "kind": Choice(("stock", "flow")), "phrases": REGEXES, "before_only": REGEXES,
                 "label_only": REGEXES, "context": REGEX,
                 "exclude": REGEXES, "word_numbers": Bool(), "definition": TEXT, "dfe_counterpart": TEXT,
                 "denominator": TEXT})
DICTIONARY_ENTRY = Fields({"unit": Choice(("count", "percent", "rate_per_10k", "gbp")),
                           "kind": Choice(("stock", "flow")), "definition": TEXT, "denominator": TEXT,
                           "dfe_counterpart": TEXT}, required=("unit", "kind", "definition"))
METRICS_SCHEMA = Fields({
    "metrics": IdMap(METRIC), "categories": IdMap(REGEX, CATEGORY_RE), "total_labels": REGEX,
    "rate_label": REGEX, "rate_metrics": IdMap(Str()), "global_exclude": REGEX, "skip_tables": REGEX,
    "category_types": IdMap(TEXTS), "training_metrics": IdMap(DICTIONARY_ENTRY),
}, required=("metrics",))
_TRAINING_REGEXES = ("table_context", "total_column", "total_row", "skip_row", "total_skip",
                     "sentence_context", "session_nouns", "people_nouns", "strong_nouns", "training_word",
                     "delivery_verbs",
                     "attended_objects", "exclude_modifiers", "narrowing_words", "previous_year",
                     "previous_year_fy", "non_attendance", "share_of")
TRAINING_SCHEMA = Fields(
    {"columns": IdMap(REGEXES), "total_role_default": TEXT, **dict.fromkeys(_TRAINING_REGEXES, REGEX)},
    required=("columns", "total_role_default", *_TRAINING_REGEXES))
_BUDGET_REGEXES = ("context", "total_label", "balance_label", "skip_column", "total_column",
                   "income_received", "income_contributed", "income_generated", "balance_sentence",
                   "total_sentence", "not_a_line",
                   "spend_intro", "income_intro", "money_words", "item_end")
BUDGET_SCHEMA = Fields(
    {"sections": IdMap(REGEX), "total_flow": IdMap(REGEX), "line_flow": IdMap(REGEX),
     **dict.fromkeys(_BUDGET_REGEXES, REGEX)},
    required=("sections", "total_flow", "line_flow", *_BUDGET_REGEXES))
DOC_TYPES_SCHEMA = Fields(
    {"doc_types": IdMap(REGEXES), "board_suffixes": IdMap(TEXT, re.compile(".")),
     "multi_borough_prefixes": IdMap(Int(2), re.compile(".")), "seasons": IdMap(Int(1))},
    required=("doc_types", "board_suffixes", "multi_borough_prefixes", "seasons"))

SCHEMAS: dict[str, Fields] = {"themes.yaml": THEMES_SCHEMA, "metrics.yaml": METRICS_SCHEMA,
                              "training.yaml": TRAINING_SCHEMA, "budget.yaml": BUDGET_SCHEMA,
                              "doc_types.yaml": DOC_TYPES_SCHEMA}
AMBIGUITY_LEVELS = ("", "abroad", "word")

_KIND = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}


# -- checking ----------------------------------------------------------------------------------

class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[str] = []

    def fail(self, node: yaml.Node, problem: str) -> None:
        self.errors.append(f"{self.name}:{node.start_mark.line + 1}: {problem}")

    def check(self, node: yaml.Node, spec: Any, where: str) -> None:
        if isinstance(spec, Fields):
            self._fields(node, spec, where)
        elif isinstance(spec, IdMap):
            self._id_map(node, spec, where)
        elif isinstance(spec, Seq):
            self._seq(node, spec, where)
        elif isinstance(spec, AnyMap):
            self._token(node, where)
        else:
            self._scalar(node, spec, where)

    def _pairs(self, node: yaml.Node, where: str) -> list[tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{where} is {_KIND[type(node)]}, expected a mapping of key: value")
            return None
        seen: set[str] = set()
        pairs = []
        for key, value in node.value:
            if key.value in seen:
                self.fail(key, f"duplicate key '{key.value}' in {where}, expected each key once")
            seen.add(key.value)
            pairs.append((key, value))
        return pairs

    def _fields(self, node: yaml.Node, spec: Fields, where: str) -> None:
        pairs = self._pairs(node, where)
        if pairs is None:
            return
        for key, value in pairs:
            if key.value not in spec.fields:
                close = difflib.get_close_matches(str(key.value), spec.fields, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "expected one of " + ", ".join(spec.fields)
                self.fail(key, f"unknown key '{key.value}' in {where}, {hint}")
                continue
            self.check(value, spec.fields[key.value], f"'{key.value}'")
        present = {k.value for k, _ in pairs}
        for missing in spec.required:
            if missing not in present:
                self.fail(node, f"missing key '{missing}' in {where}, expected it to be set")

    def _id_map(self, node: yaml.Node, spec: IdMap, where: str) -> None:
        pairs = self._pairs(node, where)
        for key, value in pairs or []:
            if not spec.key_re.match(str(key.value)):
                self.fail(key, f"id '{key.value}' in {where} is not allowed, expected lower-case letters, "
                               "digits and underscores (e.g. county_lines)")
            self.check(value, spec.value, f"'{key.value}'")

    def _seq(self, node: yaml.Node, spec: Seq, where: str) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{where} is {_KIND[type(node)]}, expected a list "
                            "(one '- item' per line, or [a, b])")
            return
        for item in node.value:
            self.check(item, spec.item, f"an item of {where}")

    def _token(self, node: yaml.Node, where: str) -> None:
        pairs = self._pairs(node, where)
        for key, _ in pairs or []:
            if not str(key.value).isupper() and str(key.value) != "_":
                self.fail(key, f"token attribute '{key.value}' in {where}, expected an upper-case spaCy "
                               "attribute such as LEMMA, LOWER, ORTH or OP")

    def _scalar(self, node: yaml.Node, spec: Any, where: str) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{where} is {_KIND[type(node)]}, expected a single value")
            return
        tag, text = node.tag, str(node.value)
        if isinstance(spec, Bool):
            if not tag.endswith(":bool"):
                self.fail(node, f"{where} is '{text}', expected true or false")
        elif isinstance(spec, Int):
            if not tag.endswith(":int") or int(text) < spec.minimum:
                self.fail(node, f"{where} is '{text}', expected a whole number of at least {spec.minimum}")
        elif isinstance(spec, Choice):
            if text not in spec.values:
                self.fail(node, f"{where} is '{text}', expected one of " + ", ".join(spec.values))
        elif tag.endswith(":null") or not text.strip():
            self.fail(node, f"{where} is empty, expected some text")
        elif spec.regex:
            try:
                re.compile(text)
            except re.error as exc:
                self.fail(node, f"{where} is not a valid regular expression ({exc}), expected e.g. "
                                "'child(?:ren)? in need'")


# libyaml's parser when PyYAML was built with it: the same nodes and line marks, ten times faster
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_text(name: str, text: str, schema: Fields | None = None) -> list[str]:
    """Problems in one YAML file's text, one `name:line: ...` line each (empty when it is fine)."""
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return [f"{name}:{line}: not valid YAML ({problem}), expected 'key: value' lines with consistent "
                "indentation"]
    schema = schema or SCHEMAS.get(Path(name).name)
    if root is None:
        return [f"{name}:1: the file is empty, expected a mapping of key: value"]
    if schema is None:
        return []
    checker = _Checker(name)
    checker.check(root, schema, "the file")
    return checker.errors


_LA_CODE = re.compile(r"\d{3}")
_GSS_CODE = re.compile(r"E\d{8}")


def _code_problems(path: Path, line: int, row: dict[str, str | None]) -> list[str]:
    out = []
    la_code, gss_code = (row.get("la_code") or "").strip(), (row.get("gss_code") or "").strip()
    if la_code and not _LA_CODE.fullmatch(la_code):
        out.append(f"{path}:{line}: la_code is '{la_code}', expected the three-digit DfE code (e.g. 317)")
    if gss_code and not _GSS_CODE.fullmatch(gss_code):
        out.append(f"{path}:{line}: gss_code is '{gss_code}', expected an ONS code (e.g. E09000026)")
    return out


def check_gazetteer(path: Path) -> list[str]:
    errors = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in GAZETTEER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [f"{path}:1: missing column(s) {', '.join(missing)}, expected a header with "
                    + ", ".join(GAZETTEER_COLUMNS)]
        seen: set[str] = set()
        for row in reader:
            line = reader.line_num
            name = (row.get("name") or "").strip()
            if not name:
                errors.append(f"{path}:{line}: empty name, expected the official local-authority name")
            elif name in seen:
                errors.append(f"{path}:{line}: duplicate name '{name}', expected each authority once")
            seen.add(name)
            errors += _code_problems(path, line, row)
            if (row.get("ambiguous") or "").strip() not in AMBIGUITY_LEVELS:
                errors.append(f"{path}:{line}: ambiguous is '{row.get('ambiguous')}', expected empty, "
                              "abroad or word")
    return errors


def check_folder(folder: Path) -> list[str]:
    """Every problem in the pattern files of `folder` (files it does not hold are not checked)."""
    errors: list[str] = []
    for name in sorted(SCHEMAS):
        path = folder / name
        if path.is_file():
            errors += check_text(str(path), path.read_text(encoding="utf-8"))
    gazetteer = folder / "local_authorities.csv"
    if gazetteer.is_file():
        errors += check_gazetteer(gazetteer)
    return errors
