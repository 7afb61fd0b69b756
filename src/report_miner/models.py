"""Pydantic records: the single source of truth for every row report-miner writes.

Field order is column order in the CSV files; the contract's columns come first, additions
(evidence, page, warnings, ...) after them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["annual_report", "newsletter", "highlights", "business_plan", "minutes", "case_review",
                  "inspection", "other"]
Status = Literal["ok", "no_text", "error", "duplicate"]
Unit = Literal["count", "percent", "rate_per_10k", "gbp"]
Flow = Literal["income", "expenditure", "balance"]
TimeBasis = Literal["stated", "heading", "document", ""]
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
    duplicate_of: str = Field("", description="for status duplicate: the file with the same bytes that "
                              "was read")


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
    as_of: str = Field("", json_schema_extra={"format": "date"})
    page: int
    evidence: str
    source: Literal["table", "text"] = "text"
    time_basis: TimeBasis = Field("", description="where the period/as_of came from: stated with the figure "
                                  "(or its table's column), a heading or caption above it, or the document")
    category_type: str = Field("", description="the dimension `category` belongs to: abuse, age, ...")
    denominator: str = Field("", description="for a percent: what it is a percent of")
    superseded: bool = Field(False, description="another source's value for this slot is kept "
                             "(conflicts.csv)")


class Conflict(Record):
    """Two sources giving one statistic slot different values: the kept one and the other."""

    doc_id: str
    metric: str
    area: str = ""
    category: str = ""
    unit: str = "count"
    period: str = ""
    as_of: str = Field("", json_schema_extra={"format": "date"})
    kept_value: float
    kept_page: int
    kept_source: str
    kept_evidence: str
    dropped_value: float
    dropped_page: int
    dropped_source: str
    dropped_evidence: str


class MetricDefinition(Record):
    """One line of the metric dictionary (metrics.csv)."""

    metric: str
    unit: Unit
    kind: Literal["stock", "flow"]
    definition: str
    denominator: str = ""
    dfe_counterpart: str = ""
    extracted_by: str = "statistics"


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
    amount_gbp: float = Field(description="positive; the flow says the direction")
    is_total: bool = False
    page: int
    evidence: str = ""
    printed_amount_gbp: float | None = Field(
        None, description="the amount with the sign it is printed with: -7,033 and (7,033) are negative")


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
    negated: bool = False
    sentence: str
    mention_id: str = Field("", description="stable id: hash of doc_id, theme, page, paragraph, text and "
                            "its place among equal hits")


class AgreementRow(Record):
    """One line of agreement.csv: the tagger against a researcher's coding, for one theme (or `all`)."""

    theme: str
    shape: Literal["mentions", "documents"]
    coded: int = Field(description="mentions judged, or documents coded, for this theme")
    true_positive: int
    false_positive: int
    false_negative: int | None = None
    true_negative: int | None = None
    precision: float | None = None
    recall: float | None = None
    kappa: float | None = Field(None, description="Cohen's kappa, tagger vs researcher (documents shape)")


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
    conflicts: list[Conflict] = Field(default_factory=list)
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
    "conflicts": Conflict,
    "metrics": MetricDefinition,
    "agreement": AgreementRow,
    "report": Report,
}
