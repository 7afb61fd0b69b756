"""Pydantic records: the single source of truth for every row report-miner writes.

Field order is column order in the CSV files; the contract's columns come first, additions
(evidence, page, warnings, ...) after them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["annual_report", "newsletter", "highlights", "business_plan", "minutes", "case_review",
                  "inspection", "other"]
Status = Literal["ok", "no_text", "error"]
Unit = Literal["count", "percent", "rate_per_10k", "gbp"]
Flow = Literal["income", "expenditure", "balance"]
Subject = Literal["local_authority", "lscb"]
Area = Literal["overall_effectiveness", "help_and_protection", "children_looked_after", "children_in_care",
               "care_leavers", "adoption", "leadership_management_governance", "impact_of_leaders"]
Grade = Literal["outstanding", "good", "requires_improvement", "inadequate"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentMeta(Record):
    """What a document is: who published it, for which areas, what kind, which year."""

    board: str = ""
    local_authorities: list[str] = Field(default_factory=list)
    doc_type: DocType = "other"
    period: str = ""
    edition: str = ""
    inspection_start: str = ""
    inspection_end: str = ""
    published: str = ""


class DocumentRecord(Record):
    """One row per input file, including files that failed."""

    doc_id: str = Field(description="first 12 hex characters of the SHA-256 of the PDF bytes")
    file: str = Field(description="path relative to PDF_DIR")
    board: str = ""
    local_authorities: list[str] = Field(default_factory=list)
    doc_type: DocType | Literal[""] = ""
    la_codes: list[str] = Field(
        default_factory=list, description="DfE old_la_code of each of local_authorities")
    gss_codes: list[str] = Field(
        default_factory=list, description="ONS code of each of local_authorities")
    region: str = Field("", description="English region of the authorities; empty if they span several")
    period: str = Field("", description="financial year YYYY-YY the document reports on")
    edition: str = ""
    pages: int | None = None
    words: int | None = None
    status: Status = "ok"
    error: str = ""
    warnings: list[str] = Field(default_factory=list, description="validation warnings, e.g. totals")
    inspection_start: str = Field("", description="inspection report: first day of the inspection (ISO date)")
    inspection_end: str = Field("", description="inspection report: last day of the inspection (ISO date)")
    published: str = Field("", description="inspection report: publication date printed on it (ISO date)")


class Priority(Record):
    doc_id: str
    period: str = ""
    number: str = ""
    title: str
    themes: list[str] = Field(default_factory=list)
    page: int | None = None
    evidence: str = ""


class Statistic(Record):
    doc_id: str
    area: str = ""
    metric: str
    category: str = ""
    value: float
    unit: Unit = "count"
    period: str = ""
    as_of: str = ""
    page: int
    evidence: str
    source: Literal["table", "text"] = "text"


class TrainingCourse(Record):
    doc_id: str
    period: str = ""
    course: str
    sessions: float | None = None
    attended: float | None = None
    not_attended: float | None = None
    places: float | None = None
    page: int
    evidence: str = ""


class BudgetLine(Record):
    doc_id: str
    period: str = ""
    flow: Flow
    item: str
    area: str = ""
    amount_gbp: float
    is_total: bool = False
    page: int
    evidence: str = ""


class Judgement(Record):
    """One graded judgement of an Ofsted inspection (local authority) or review (LSCB)."""

    doc_id: str
    subject: Subject
    area: Area
    grade: Grade
    page: int
    evidence: str


class ThemeResult(Record):
    doc_id: str
    theme: str
    mentions: int
    per_10k_words: float
    pages: list[int] = Field(default_factory=list)
    evidence: str = ""
    evidence_page: int | None = None
    negated_mentions: int = 0
    basis: list[str] = Field(
        default_factory=list, description="why the theme counts: mentions (two or more), heading, table_row, "
        "contents, priority, review, list_item, newsletter_item")


class ThemeMention(Record):
    """One matched phrase, kept so a researcher can audit every hit."""

    doc_id: str
    theme: str
    page: int
    paragraph: int
    text: str
    sentence: str
    negated: bool = False


class Report(Record):
    """Everything extracted from one PDF (one line of records.jsonl)."""

    document: DocumentRecord
    priorities: list[Priority] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    training: list[TrainingCourse] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)
    judgements: list[Judgement] = Field(default_factory=list)
    themes: list[ThemeResult] = Field(default_factory=list)
    mentions: list[ThemeMention] = Field(default_factory=list)
    # paragraph index -> theme ids, for the batch-wide co-occurrence table
    paragraph_themes: list[list[str]] = Field(default_factory=list)


RECORD_MODELS: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "priorities": Priority,
    "statistics": Statistic,
    "training": TrainingCourse,
    "budget": BudgetLine,
    "judgements": Judgement,
    "themes": ThemeResult,
    "report": Report,
}
