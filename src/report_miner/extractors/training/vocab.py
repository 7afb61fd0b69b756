"""The training vocabulary (patterns/training.yaml): the header words of a training table's columns and
rows, and the sentence patterns of training figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...config.validate import FAST_LOADER

ROLES = ("ignore", "not_attended", "places", "sessions", "attended", "course")
METRIC_OF_ROLE = {"sessions": "training_sessions", "attended": "training_attendees",
                  "not_attended": "training_non_attendance", "places": "training_places"}
NUM = r"(?<![\d.,£/])(\d{1,3}(?:,\d{3})+|\d+)(?![\d%/]|\.\d|,\d)"
LEAD = r"(?:(?:a total of|in total|over|more than|around|approximately|some|nearly|almost)\s+)?"

@dataclass
class TrainingVocab:
    columns: list[tuple[str, re.Pattern[str]]]
    table_context: re.Pattern[str]
    total_column: re.Pattern[str]
    total_role_default: str
    total_row: re.Pattern[str]
    skip_row: re.Pattern[str]
    total_skip: re.Pattern[str]
    sentence_context: re.Pattern[str]
    sessions_after: re.Pattern[str]
    sessions_before: re.Pattern[str]
    strong_nouns: re.Pattern[str]
    training_word: re.Pattern[str]
    delivery_verbs: re.Pattern[str]
    exclude_modifiers: re.Pattern[str]
    narrowing: re.Pattern[str]
    attendees: re.Pattern[str]
    attended_by: re.Pattern[str]
    attending: re.Pattern[str]
    attended_objects: re.Pattern[str]
    attendances: re.Pattern[str]
    places: re.Pattern[str]
    non_attendance: re.Pattern[str]
    non_attendance_count: re.Pattern[str]
    share_of: re.Pattern[str]
    rate: re.Pattern[str]
    previous_year: re.Pattern[str]
    previous_year_fy: re.Pattern[str]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def read_training_vocab(path: Path) -> TrainingVocab:
    """The training vocabulary of one training.yaml (Patterns.training_vocab keeps it)."""
    text = path.read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=FAST_LOADER)
    columns = [(role, _rx("|".join(f"(?:{p})" for p in raw["columns"][role]))) for role in ROLES]
    nouns, people = raw["session_nouns"], raw["people_nouns"]
    verbs = raw["delivery_verbs"]
    return TrainingVocab(
        columns=columns,
        table_context=_rx(raw["table_context"]),
        total_column=_rx(raw["total_column"]),
        total_role_default=raw["total_role_default"],
        total_row=_rx(raw["total_row"]),
        skip_row=_rx(raw["skip_row"]),
        total_skip=_rx(raw["total_skip"]),
        sentence_context=_rx(raw["sentence_context"]),
        sessions_after=_rx(rf"{NUM}\s+((?:[\w'-]+\s+){{0,6}}?){nouns}\b(.{{0,80}})"),
        sessions_before=_rx(rf"\b(?:{verbs})\s+{LEAD}{NUM}\s+((?:[\w'-]+\s+){{0,6}}?){nouns}\b(.{{0,40}})"),
        strong_nouns=_rx(rf"\b(?:{raw['strong_nouns']})\b"),
        training_word=_rx(rf"\b(?:{raw['training_word']})\b"),
        delivery_verbs=_rx(rf"^[^,;.]{{0,40}}?\b(?:{verbs})\b"),
        exclude_modifiers=_rx(rf"\b(?:{raw['exclude_modifiers']})\b"),
        narrowing=_rx(rf"^\s*(?:{raw['narrowing_words']})\b"),
        attendees=_rx(rf"{NUM}\s+((?:[\w'-]+\s+){{0,3}}?)(?:{people})\s+(?:have |had |were |was )?"
                      rf"(?:attended|took part in|participated in|accessed|completed)\s+(.{{0,60}})"),
        attended_by=_rx(rf"\b(?:(?:attended|accessed)\s+by|{nouns}\s+(?:to|for))\s+{LEAD}{NUM}\s+(?:{people})\b"),
        attending=_rx(rf"\bwith\s+{LEAD}{NUM}\s+(?:{people})\s+(?:attending|taking part|participating)\b"),
        attended_objects=_rx(rf"^{raw['attended_objects']}\b"),
        attendances=_rx(rf"{NUM}\s+(?:attendances|(?:{people})\s+(?:were\s+)?trained\b(?!\s+(?:on|in|about|to)\b))"),
        places=_rx(rf"{NUM}\s+(?:training\s+)?places\b"
                   r"(?!\s+(?:were\s+|had been\s+)?(?:booked|filled|taken))"),
        non_attendance=_rx(raw["non_attendance"]),
        non_attendance_count=_rx(rf"{NUM}\s+(?:(?:{people})\s+)?(?:did ?n[o']t attend|failed to attend"
                                 r"|non[- ]?attendances|no[- ]shows|dnas)\b"),
        share_of=_rx(raw["share_of"]),
        rate=_rx(r"\brate\b[^.%]{0,30}?(\d+(?:\.\d+)?)\s?%"),
        previous_year=_rx(raw["previous_year"]),
        previous_year_fy=_rx(raw["previous_year_fy"]),
    )
